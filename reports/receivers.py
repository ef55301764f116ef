"""Keep the stored public flags (reports.publication) true on every save and delete, and make
every write to a record the public can see bump the publication version (the key of what is
cached; core.publication_version).

Each watched model names the records its row bears on ("scope"). Before a save the old row's
scope is noted (a roster row moved to another person changes the old person too); before a
delete the scope is taken whole, since cascades remove the rows that lead to it. After the
write, the flags of the old and new scope are recomputed.

Loaders that save thousands of rows wrap them in `deferred_public_flags()`: the scopes are
gathered and refreshed once at the end. Writers that skip save() (bulk_create, COPY, update())
send no signals and call reports.publication themselves (below reports, through
core.public_flags), whose refresh bumps the version too.
"""

import contextlib
import contextvars
import dataclasses
from collections import defaultdict
from collections.abc import Callable

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from core import public_flags
from core.publication_version import publication_changed
from core.search import deleted_with
from events.models import Event, Language, Room, SessionRole, Track
from people.models import PUBLIC_ROLES, Organization, OrganizationName, Person, PersonName

from .models import (
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    FollowUpItem,
    Keyword,
    Recommendation,
    Report,
    ReportAuthor,
    ReportFile,
    ReportSection,
    SourceNote,
)
from .pdf import delete_when_committed
from .publication import refresh_all_public_flags, refresh_public_flags

KINDS = ("people", "organizations", "events", "delegations")

_pending = contextvars.ContextVar("pending_public_flags", default=None)
EVERYTHING = object()


def _scope(**ids):
    scope = defaultdict(set)
    for kind, values in ids.items():
        scope[kind].update(value for value in values if value is not None)
    return scope


def _merge(*scopes):
    merged = defaultdict(set)
    for scope in scopes:
        for kind, values in (scope or {}).items():
            merged[kind] |= values
    return merged


def _refresh(scope):
    pending = _pending.get()
    if pending is EVERYTHING:
        return
    if pending is not None:
        pending.update(_merge(pending, scope))
    elif any(scope.values()):
        refresh_public_flags(**scope)


@contextlib.contextmanager
def deferred_public_flags(everything=False):
    """Gather the flag refreshes of the writes inside the block and run them once at its end;
    with `everything`, recompute the whole archive instead (for writes of millions of rows)."""
    if _pending.get() is not None:  # an outer block refreshes
        yield
        return
    pending = EVERYTHING if everything else defaultdict(set)
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if everything:
        refresh_all_public_flags()
    else:
        _refresh(pending)


# What a row bears on while it exists (`row`), what a delete takes with it (`whole`), and the
# fields whose change can change an answer: a save that changes none of them (a corrected
# title, a new note) refreshes nothing, and a new row only when it can already count.


def _report(row):
    return _scope(delegations=[row.delegation_id], organizations=[row.agency_id])


def _report_whole(row):
    authors = list(row.authors.values_list("person", flat=True))
    return _merge(_report(row), _scope(people=authors))


def _delegation(row):
    return _scope(
        delegations=[row.pk], organizations=[row.organising_agency_id], people=[row.contact_person_id]
    )


def _delegation_whole(row):
    roster = row.members.values_list("person", "organization")
    return _merge(
        _delegation(row),
        _scope(
            people=[person for person, _ in roster],
            organizations=[organization for _, organization in roster],
            events=row.event_links.values_list("event", flat=True),
        ),
    )


def _member(row):
    return _scope(people=[row.person_id], organizations=[row.organization_id])


def _event_link(row):
    return _scope(events=[row.event_id])


def _role(row):
    return _scope(events=[row.event_id], people=[row.person_id], organizations=[row.organization_id])


def _author(row):
    return _scope(people=[row.person_id])


def _event(row):
    return _scope(events=[row.pk])


def _event_whole(row):
    roles = list(row.roles.values_list("person", "organization"))
    return _merge(
        _event(row),
        _scope(
            people=[person for person, _ in roles],
            organizations=[organization for _, organization in roles],
        ),
    )


def _nothing(row):
    return _scope()


def _organization(row):
    return _scope(organizations=[row.pk, row.parent_id])


@dataclasses.dataclass(frozen=True)
class Watch:
    row: Callable
    whole: Callable
    fields: tuple  # attnames whose change can change an answer
    on_create: bool  # whether a new row can count at once


WATCHED = {
    Report: Watch(_report, _report_whole, ("status", "delegation_id", "agency_id"), True),
    Delegation: Watch(_delegation, _delegation_whole, ("organising_agency_id", "contact_person_id"), False),
    DelegationMember: Watch(_member, _member, ("person_id", "organization_id", "delegation_id"), True),
    DelegationEvent: Watch(_event_link, _event_link, ("event_id", "delegation_id"), True),
    SessionRole: Watch(_role, _role, ("event_id", "person_id", "organization_id", "role"), True),
    ReportAuthor: Watch(_author, _author, ("person_id", "report_id"), True),
    Event: Watch(_event, _event_whole, ("summit_id", "parent_id", "kind"), True),
    # A person's own fields bear on nothing; a unit's parent gains or loses a named unit.
    Person: Watch(_nothing, _nothing, (), False),
    Organization: Watch(_organization, _organization, ("parent_id",), False),
}
FLAGS = {Person: ("is_public", *(f"is_{role}" for role in PUBLIC_ROLES)), Organization: ("is_public",)}
FLAGS |= {Event: ("is_public", "delegate_took_part"), Delegation: ("is_public",)}


def _note_old_row(sender, instance, raw=False, **kwargs):
    watch = WATCHED[sender]
    old = None
    if instance.pk and not raw:
        old = sender._base_manager.filter(pk=instance.pk).first()
    instance._public_flag_old = old
    if old is not None:
        # The flags are the database's: a save of an instance read before a refresh must not
        # write back what it read.
        for flag in FLAGS.get(sender, ()):
            setattr(instance, flag, getattr(old, flag))
    if old is None:
        instance._public_flag_scope = None
    elif any(getattr(old, field) != getattr(instance, field) for field in watch.fields):
        instance._public_flag_scope = watch.row(old)
    else:
        instance._public_flag_scope = {}  # nothing that counts has changed


def _refresh_after_save(sender, instance, created=False, raw=False, **kwargs):
    if raw:  # loaddata: the fixture carries the flags
        return
    watch = WATCHED[sender]
    old_scope = getattr(instance, "_public_flag_scope", None)
    if created and not watch.on_create:
        return
    if old_scope == {} and not created:
        return
    _refresh(_merge(old_scope, watch.row(instance)))


def _note_whole_scope(sender, instance, **kwargs):
    instance._public_flag_scope = WATCHED[sender].whole(instance)


def _refresh_after_delete(sender, instance, **kwargs):
    _refresh(getattr(instance, "_public_flag_scope", {}))


# Every record public pages can show. A save or delete of any of them, whatever the field (a
# renamed agency, a corrected session title, a keyword), bumps the publication version: one bump
# per transaction, after it commits. A draft's edit bumps it too, which costs a cache miss and
# nothing else. Not here: the staff's own logs (import records, status changes) and the change
# history, which no public page shows. tests/core/test_publication_version.py checks that every other
# model of the three apps is here.
PUBLISHED_RECORDS = (
    Person,
    PersonName,
    Organization,
    OrganizationName,
    Language,
    Event,
    Room,
    Track,
    SessionRole,
    Delegation,
    Destination,
    DelegationEvent,
    DelegationMember,
    Keyword,
    Report,
    ReportAuthor,
    ReportSection,
    Recommendation,
    FollowUpItem,
    ReportFile,
    SourceNote,
)


# A report's search document holds its sections and keywords, which change after the report's
# save(). Receivers rather than save()/delete(): a queryset's delete() (the admin's delete
# action, the demo loader's pruning) calls no delete() but does send post_delete.
@receiver(post_save, sender=ReportSection)
@receiver(post_delete, sender=ReportSection)
def refresh_report_search_document(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and not deleted_with(origin, Report):
        Report.objects.filter(pk=instance.report_id).rebuild_search_documents()


@receiver(m2m_changed, sender=Report.keywords.through)
def refresh_search_document_of_keyword_links(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action.startswith("post_"):
            Report.objects.filter(pk=instance.pk).rebuild_search_documents()
    elif action == "pre_clear":
        # keyword.reports.clear(): which reports lose the keyword is known only before.
        instance.search_report_pks = list(instance.reports.values_list("pk", flat=True))
    elif action.startswith("post_"):
        pks = instance.search_report_pks if action == "post_clear" else pk_set
        Report.objects.filter(pk__in=pks).rebuild_search_documents()


@receiver(pre_delete, sender=Keyword)
def remember_reports_of_keyword(sender, instance, **kwargs):
    # The links go with the keyword: which reports had it is known only before.
    instance.search_report_pks = list(instance.reports.values_list("pk", flat=True))


@receiver(post_delete, sender=Keyword)
def refresh_search_document_of_deleted_keyword(sender, instance, **kwargs):
    Report.objects.filter(pk__in=instance.search_report_pks).rebuild_search_documents()


@receiver(post_save, sender=Keyword)
def refresh_search_document_of_renamed_keyword(sender, instance, created, raw=False, **kwargs):
    if not (created or raw):
        instance.reports.all().rebuild_search_documents()


@receiver(post_delete, sender=ReportFile)
def remove_stored_report_file(sender, instance, **kwargs):
    # After the commit, so a delete rolled back (or refused further on) keeps its file.
    if instance.file.name:
        delete_when_committed(ReportFile, "file", instance.file.name)


def _record_written(sender, **kwargs):
    # raw saves too: loaddata writes what the public sees as much as any other save.
    publication_changed()


def _links_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        publication_changed()


def connect():
    # Writers below reports (the programme import in events) reach the flags through core.
    public_flags.provide(deferred_public_flags, refresh_public_flags)
    for model in PUBLISHED_RECORDS:
        uid = f"publication-version-{model._meta.label}"
        post_save.connect(_record_written, sender=model, dispatch_uid=uid)
        post_delete.connect(_record_written, sender=model, dispatch_uid=uid)
        # add(), remove() and clear() on a many-to-many field (a session's tracks, a report's
        # keywords) write its link table without a save of either side.
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_links_changed, sender=field.remote_field.through, dispatch_uid=uid)
    for model in WATCHED:
        uid = f"public-flags-{model._meta.label}"
        pre_save.connect(_note_old_row, sender=model, dispatch_uid=uid)
        post_save.connect(_refresh_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_note_whole_scope, sender=model, dispatch_uid=uid)
        post_delete.connect(_refresh_after_delete, sender=model, dispatch_uid=uid)
