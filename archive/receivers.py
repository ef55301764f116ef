"""What the archive app does when the apps below it say something happened."""

from django.db.models import Q
from django.dispatch import receiver

from core.import_admin import import_finished
from events.models import SessionRole
from reports.models import Delegation, DelegationMember

from .duplicates import refresh_for
from .models import DuplicateKind, ImportKind, ImportOutcome, ImportRecord


@receiver(import_finished, dispatch_uid="archive-import-record")
def write_import_record(sender, *, kind, target, user, source, file_name, system_account="", **facts):
    """The ImportRecord of an import that ran or was refused (core.import_admin.import_finished
    lists the facts), written in the importer's transaction."""
    facts.pop("signal", None)
    target_field = "delegation" if kind == ImportKind.ROSTER else "event"
    ImportRecord.objects.create(
        kind=kind,
        source=source,
        **{target_field: target},
        target=str(target)[:500],
        user=user,
        system_account=system_account[:150],
        file_name=file_name[:255],
        **facts,
    )


@receiver(import_finished, dispatch_uid="archive-possible-duplicates")
def refresh_possible_duplicates(sender, *, target, outcome, **facts):
    """The possible duplicates of the people and organisations an import wrote (a roster's
    rows, a programme's session roles): only their pairs, not the whole list."""
    if outcome != ImportOutcome.IMPORTED:
        return
    if isinstance(target, Delegation):
        rows = DelegationMember.objects.filter(delegation=target)
    else:
        rows = SessionRole.objects.filter(Q(event=target) | Q(event__summit=target))
    people, organisations = set(), set()
    for person_id, organization_id in rows.values_list("person_id", "organization_id"):
        people.add(person_id)
        organisations.add(organization_id)
    refresh_for(DuplicateKind.PERSON, people - {None})
    refresh_for(DuplicateKind.ORGANIZATION, organisations - {None})
