"""Which records published material shows, stored as flags that lists and counts read.

The rule, in one place:
- a delegation is public when it has a published report;
- an event is public when a public delegation attended it, or attended its summit (a summit's
  programme is public once one published report covers it); but a visit or meeting that a
  delegation attended is that delegation's own, not part of the programme: it, and the events
  directly under it, are public only when a public delegation attended them itself;
- a person is public when on a public delegation's roster, in a role at a public event, an
  author of a published report, or the contact of a public delegation;
- an organisation is public when published material names it (a public roster row, a role at
  a public event, the agency of a published report, the organiser of a public delegation), or
  when it is the parent of one that is;
- an event's `delegate_took_part`: someone on a public roster has a role in it;
- a person's `is_delegate`: on a public roster; `is_speaker`, `is_moderator`, `is_organiser`:
  that role at a public event.

Evaluating the rule per row (nested EXISTS) is what made lists slow at 100,000 reports, so the
answers are stored (`is_public`, `delegate_took_part`) and kept here: `refresh_public_flags`
recomputes the given records and everything whose answer depends on them, with a few set-based
UPDATEs that write only the rows that change. The receivers in `reports.receivers` call it on
every write that can change an answer; bulk writers (loaders, importers, the scale generator)
call it themselves. `refresh_all_public_flags` recomputes the whole archive.

Every function takes an app registry so the data migration can run it on historical models.
"""

import functools
import operator

from django.apps import apps as global_apps
from django.db import connection
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL

from core.publication_version import publication_changed
from people.models import PUBLIC_ROLES

PUBLISHED = "published"
# The kinds of event a delegation goes to on its own (events.models.EventKind), rather than
# as part of a summit's printed programme.
OWN_KINDS = ("visit", "meeting")


def _models(apps):
    def get(label):
        return apps.get_model(*label.split("."))

    return {
        "Person": get("people.Person"),
        "Organization": get("people.Organization"),
        "Event": get("events.Event"),
        "SessionRole": get("events.SessionRole"),
        "Delegation": get("reports.Delegation"),
        "DelegationEvent": get("reports.DelegationEvent"),
        "DelegationMember": get("reports.DelegationMember"),
        "Report": get("reports.Report"),
        "ReportAuthor": get("reports.ReportAuthor"),
    }


# The rule, as conditions on each model's rows. Each reads only flags computed before it
# (delegations, then events), so refreshing in that order settles everything in one pass.


def delegation_rule(apps=global_apps):
    m = _models(apps)
    return Q(Exists(m["Report"].objects.filter(delegation=OuterRef("pk"), status=PUBLISHED)))


def event_rule(apps=global_apps):
    m = _models(apps)
    links = m["DelegationEvent"].objects.all()
    public_links = links.filter(delegation__is_public=True)
    # A delegation's own visit or meeting, here or as the parent: a draft delegation's visit
    # to an agency during a public summit stays as private as the draft, with its meetings.
    own = Q(Exists(links.filter(event=OuterRef("pk"))), kind__in=OWN_KINDS)
    own_parent = m["Event"].objects.filter(
        Exists(links.filter(event=OuterRef("pk"))), pk=OuterRef("parent"), kind__in=OWN_KINDS
    )
    return Q(Exists(public_links.filter(event=OuterRef("pk")))) | (
        Q(Exists(public_links.filter(event=OuterRef("summit")))) & ~own & ~Q(Exists(own_parent))
    )


def person_rule(apps=global_apps):
    m = _models(apps)
    return (
        Q(Exists(m["DelegationMember"].objects.filter(person=OuterRef("pk"), delegation__is_public=True)))
        | Q(Exists(m["SessionRole"].objects.filter(person=OuterRef("pk"), event__is_public=True)))
        | Q(Exists(m["ReportAuthor"].objects.filter(person=OuterRef("pk"), report__status=PUBLISHED)))
        | Q(Exists(m["Delegation"].objects.filter(contact_person=OuterRef("pk"), is_public=True)))
    )


def _named_rule(m, ref):
    return (
        Q(
            Exists(
                m["DelegationMember"].objects.filter(organization=OuterRef(ref), delegation__is_public=True)
            )
        )
        | Q(Exists(m["SessionRole"].objects.filter(organization=OuterRef(ref), event__is_public=True)))
        | Q(Exists(m["Report"].objects.filter(agency=OuterRef(ref), status=PUBLISHED)))
        | Q(Exists(m["Delegation"].objects.filter(organising_agency=OuterRef(ref), is_public=True)))
    )


def organization_rule(apps=global_apps):
    m = _models(apps)
    named_units = m["Organization"].objects.filter(parent=OuterRef("pk")).filter(_named_rule(m, "pk"))
    return _named_rule(m, "pk") | Q(Exists(named_units))


def delegate_rule(apps=global_apps):
    m = _models(apps)
    delegates = m["DelegationMember"].objects.filter(delegation__is_public=True, person=OuterRef("person"))
    return Q(Exists(m["SessionRole"].objects.filter(event=OuterRef("pk")).filter(Exists(delegates))))


def _role_rule(role):
    """The rule of Person.is_<role>: delegate on a public roster, or that role at a public event."""

    def rule(apps=global_apps):
        m = _models(apps)
        if role == "delegate":
            rows = m["DelegationMember"].objects.filter(delegation__is_public=True)
        else:
            rows = m["SessionRole"].objects.filter(role=role, event__is_public=True)
        return Q(Exists(rows.filter(person=OuterRef("pk"))))

    rule.__name__ = f"{role}_rule"
    return rule


ROLE_RULES = {f"is_{role}": _role_rule(role) for role in PUBLIC_ROLES}


# The rules compiled to SQL once per process and database. Building and compiling these nested
# subqueries takes the ORM tens of milliseconds and running them the database well under one,
# and saves refresh on every write that counts.
_COMPILED = {}


def _compiled(model, rule, apps, value=False):
    """(sql, params) of `rule(apps)` on `model`'s own table: a condition, or with `value` an
    expression."""
    key = (model._meta.label, rule.__name__, connection.vendor)
    if apps is global_apps and key in _COMPILED:
        return _COMPILED[key]
    query = model.objects.all().query
    expression = rule(apps).resolve_expression(query) if value else query.build_where(rule(apps))
    sql, params = query.get_compiler(connection=connection).compile(expression)
    if apps is global_apps:
        _COMPILED[key] = (sql, tuple(params))
    return sql, tuple(params)


def _column(model, field):
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)}.{quote(field)}"


def _apply(queryset, field, rule, apps):
    """Set `field` to the rule's answer on `queryset`'s rows, writing only the rows that change."""
    sql, params = _compiled(queryset.model, rule, apps)
    wrong = RawSQL(f"{_column(queryset.model, field)} <> ({sql})", params, output_field=BooleanField())
    flipped = Case(When(Q(**{field: True}), then=Value(False)), default=Value(True))
    return queryset.filter(wrong).update(**{field: flipped})


def _given(values):
    """A `pk__in` value for the records given (ids, instances or a queryset), or None."""
    if values is None:
        return None
    if hasattr(values, "values"):
        return values.values("pk")
    ids = {getattr(value, "pk", value) for value in values} - {None}
    return ids or None


def _published_output_changed(apps):
    """A refresh follows writes that can change public pages: the bulk writers' (bulk_create,
    COPY, update()), which send no signals, call it themselves. So it bumps the publication
    version (after the commit; core.publication_version), except in a migration, which
    runs before any server and may predate the version's table."""
    if apps is global_apps:
        publication_changed()


def _any(terms):
    return functools.reduce(operator.or_, terms)


def refresh_public_flags(*, people=None, organizations=None, events=None, delegations=None, apps=global_apps):
    """Recompute the flags of the given records (ids, instances or querysets) and of every record
    whose answer depends on them; returns how many rows changed. Only the steps the given
    records reach are run, so a save that touches one person costs two statements."""
    _published_output_changed(apps)
    m = _models(apps)
    delegations, events = _given(delegations), _given(events)
    changed = 0
    event_terms, person_terms, organisation_terms = [], [], []

    if delegations is not None:
        changed += _apply(
            m["Delegation"].objects.filter(pk__in=delegations), "is_public", delegation_rule, apps
        )
        links = m["DelegationEvent"].objects.filter(delegation__in=delegations).values("event")
        roster = m["DelegationMember"].objects.filter(delegation__in=delegations)
        event_terms += [Q(pk__in=links), Q(summit__in=links), Q(parent__in=links)]
        person_terms += [
            Q(pk__in=roster.values("person")),
            Q(pk__in=m["ReportAuthor"].objects.filter(report__delegation__in=delegations).values("person")),
            Q(pk__in=m["Delegation"].objects.filter(pk__in=delegations).values("contact_person")),
        ]
        organisation_terms += [
            Q(pk__in=roster.values("organization")),
            Q(pk__in=m["Report"].objects.filter(delegation__in=delegations).values("agency")),
            Q(pk__in=m["Delegation"].objects.filter(pk__in=delegations).values("organising_agency")),
        ]
    if events is not None:
        # A summit's programme goes with it; a visit's or meeting's parts with their parent.
        event_terms += [Q(pk__in=events), Q(summit__in=events), Q(parent__in=events)]

    events_in_scope = None
    if event_terms:
        changed += _apply(m["Event"].objects.filter(_any(event_terms)), "is_public", event_rule, apps)
        events_in_scope = m["Event"].objects.filter(_any(event_terms)).values("pk")
        roles = m["SessionRole"].objects.filter(event__in=events_in_scope)
        person_terms.append(Q(pk__in=roles.values("person")))
        organisation_terms.append(Q(pk__in=roles.values("organization")))

    if (people := _given(people)) is not None:
        person_terms.append(Q(pk__in=people))
    delegate_terms = [Q(pk__in=events_in_scope)] if events_in_scope is not None else []
    if person_terms:
        changed += _apply(m["Person"].objects.filter(_any(person_terms)), "is_public", person_rule, apps)
        for field, rule in ROLE_RULES.items():
            changed += _apply(m["Person"].objects.filter(_any(person_terms)), field, rule, apps)
        people_in_scope = m["Person"].objects.filter(_any(person_terms)).values("pk")
        delegate_terms.append(
            Q(pk__in=m["SessionRole"].objects.filter(person__in=people_in_scope).values("event"))
        )

    if (organizations := _given(organizations)) is not None:
        organisation_terms.append(Q(pk__in=organizations))
    if organisation_terms:
        named = _any(organisation_terms)
        organisations = m["Organization"].objects
        scope = named | Q(pk__in=organisations.filter(named).values("parent"))
        changed += _apply(organisations.filter(scope), "is_public", organization_rule, apps)

    if delegate_terms:
        changed += _apply(
            m["Event"].objects.filter(_any(delegate_terms)), "delegate_took_part", delegate_rule, apps
        )
    return changed


# Every stored flag with its rule, in the order that settles them in one pass.
FLAG_RULES = [
    ("Delegation", "is_public", delegation_rule),
    ("Event", "is_public", event_rule),
    ("Person", "is_public", person_rule),
    *(("Person", field, rule) for field, rule in ROLE_RULES.items()),
    ("Organization", "is_public", organization_rule),
    ("Event", "delegate_took_part", delegate_rule),
]


def refresh_all_public_flags(apps=global_apps):
    """Recompute every flag in the archive; returns how many rows changed. A migration's
    historical models may predate some flags: those are left to the migration that adds them."""
    _published_output_changed(apps)
    m = _models(apps)
    changed = 0
    for model_name, field, rule in FLAG_RULES:
        model = m[model_name]
        if any(f.name == field for f in model._meta.concrete_fields):
            changed += _apply(model.objects.all(), field, rule, apps)
    return changed
