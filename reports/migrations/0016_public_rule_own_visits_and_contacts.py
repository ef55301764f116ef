# The public rule changed (reports.publication): a visit or meeting only a draft delegation
# attended, and what is under it, is no longer public through its summit; a public
# delegation's contact person is public. Recompute the stored flags.
#
# Frozen: the rule is written out here as reports.publication had it when this migration was
# made (issue 13), on this migration's historical models, so that later changes to the live
# module do not change what this migration does. It writes only the rows whose flag changes.
from django.db import migrations
from django.db.models import Exists, OuterRef, Q

PUBLISHED = "published"
# The kinds of event a delegation goes to on its own, rather than as part of a summit's
# printed programme.
OWN_KINDS = ("visit", "meeting")
# The roles with a flag on Person (is_delegate, is_speaker, is_moderator, is_organiser).
PUBLIC_ROLES = ("delegate", "speaker", "moderator", "organiser")


def compute_flags(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Organization = apps.get_model("people", "Organization")
    Event = apps.get_model("events", "Event")
    SessionRole = apps.get_model("events", "SessionRole")
    Delegation = apps.get_model("reports", "Delegation")
    DelegationEvent = apps.get_model("reports", "DelegationEvent")
    DelegationMember = apps.get_model("reports", "DelegationMember")
    Report = apps.get_model("reports", "Report")
    ReportAuthor = apps.get_model("reports", "ReportAuthor")

    # Each rule reads only flags set before it (delegations, then events), so setting them in
    # this order settles everything in one pass.
    def delegation_rule():
        # A delegation is public when it has a published report.
        return Q(Exists(Report.objects.filter(delegation=OuterRef("pk"), status=PUBLISHED)))

    def event_rule():
        # An event is public when a public delegation attended it, or attended its summit; but
        # a visit or meeting that a delegation attended is that delegation's own: it, and the
        # events directly under it, are public only when a public delegation attended them.
        links = DelegationEvent.objects.all()
        public_links = links.filter(delegation__is_public=True)
        own = Q(Exists(links.filter(event=OuterRef("pk"))), kind__in=OWN_KINDS)
        own_parent = Event.objects.filter(
            Exists(links.filter(event=OuterRef("pk"))), pk=OuterRef("parent"), kind__in=OWN_KINDS
        )
        return Q(Exists(public_links.filter(event=OuterRef("pk")))) | (
            Q(Exists(public_links.filter(event=OuterRef("summit")))) & ~own & ~Q(Exists(own_parent))
        )

    def person_rule():
        # On a public roster, in a role at a public event, an author of a published report, or
        # the contact of a public delegation.
        return (
            Q(Exists(DelegationMember.objects.filter(person=OuterRef("pk"), delegation__is_public=True)))
            | Q(Exists(SessionRole.objects.filter(person=OuterRef("pk"), event__is_public=True)))
            | Q(Exists(ReportAuthor.objects.filter(person=OuterRef("pk"), report__status=PUBLISHED)))
            | Q(Exists(Delegation.objects.filter(contact_person=OuterRef("pk"), is_public=True)))
        )

    def role_rule(role):
        # is_delegate: on a public roster; is_<role>: that role at a public event.
        def rule():
            if role == "delegate":
                rows = DelegationMember.objects.filter(delegation__is_public=True)
            else:
                rows = SessionRole.objects.filter(role=role, event__is_public=True)
            return Q(Exists(rows.filter(person=OuterRef("pk"))))

        return rule

    def named_rule(ref):
        # Published material names the organisation.
        return (
            Q(Exists(DelegationMember.objects.filter(organization=OuterRef(ref), delegation__is_public=True)))
            | Q(Exists(SessionRole.objects.filter(organization=OuterRef(ref), event__is_public=True)))
            | Q(Exists(Report.objects.filter(agency=OuterRef(ref), status=PUBLISHED)))
            | Q(Exists(Delegation.objects.filter(organising_agency=OuterRef(ref), is_public=True)))
        )

    def organization_rule():
        # Named by published material, or the parent of one that is.
        named_units = Organization.objects.filter(parent=OuterRef("pk")).filter(named_rule("pk"))
        return named_rule("pk") | Q(Exists(named_units))

    def delegate_rule():
        # Event.delegate_took_part: someone on a public roster has a role in it.
        delegates = DelegationMember.objects.filter(delegation__is_public=True, person=OuterRef("person"))
        return Q(Exists(SessionRole.objects.filter(event=OuterRef("pk")).filter(Exists(delegates))))

    flag_rules = [
        (Delegation, "is_public", delegation_rule),
        (Event, "is_public", event_rule),
        (Person, "is_public", person_rule),
        *((Person, f"is_{role}", role_rule(role)) for role in PUBLIC_ROLES),
        (Organization, "is_public", organization_rule),
        (Event, "delegate_took_part", delegate_rule),
    ]
    for model, field, rule in flag_rules:
        model.objects.filter(rule(), **{field: False}).update(**{field: True})
        model.objects.exclude(rule()).filter(**{field: True}).update(**{field: False})


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_m2m_history"),
        ("people", "0008_history"),
        ("reports", "0015_import_record_system_account"),
    ]

    operations = [migrations.RunPython(compute_flags, migrations.RunPython.noop)]
