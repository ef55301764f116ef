# Fill the people's role flags (reports.publication) for the records already stored.
#
# Frozen: the rule is written out here as reports.publication had it when this migration was
# made (2026-11-25, before issue 13's change that migration 0016 applies), on this migration's
# historical models, so that later changes to the live module do not change what this
# migration does. It recomputes every flag and writes only the rows whose flag changes.
from django.db import migrations
from django.db.models import Exists, OuterRef, Q

PUBLISHED = "published"
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
        # An event is public when a public delegation attended it, or attended its summit.
        links = DelegationEvent.objects.filter(delegation__is_public=True)
        return Q(Exists(links.filter(event=OuterRef("pk")))) | Q(Exists(links.filter(event=OuterRef("summit"))))

    def person_rule():
        # On a public roster, in a role at a public event, or an author of a published report.
        return (
            Q(Exists(DelegationMember.objects.filter(person=OuterRef("pk"), delegation__is_public=True)))
            | Q(Exists(SessionRole.objects.filter(person=OuterRef("pk"), event__is_public=True)))
            | Q(Exists(ReportAuthor.objects.filter(person=OuterRef("pk"), report__status=PUBLISHED)))
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
        # A flag this migration's models do not have yet is left to the migration adding it.
        if any(f.name == field for f in model._meta.concrete_fields):
            model.objects.filter(rule(), **{field: False}).update(**{field: True})
            model.objects.exclude(rule()).filter(**{field: True}).update(**{field: False})


class Migration(migrations.Migration):
    dependencies = [("people", "0006_role_flags"), ("reports", "0006_search_terms")]

    operations = [migrations.RunPython(compute_flags, migrations.RunPython.noop)]
