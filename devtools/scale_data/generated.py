"""What is generated (slugs starting with PREFIX, and every row that hangs off those), how
much of it the database holds, and clearing it."""

from django.db.models import Exists, OuterRef

from events.models import Event, EventKind
from people.models import Organization, Person
from reports.models import Delegation, Keyword, Report

from .words import keyword_vocabulary

PREFIX = "gen-"


def generated(model):
    """The generated rows of a model with a slug."""
    return model.objects.filter(slug__startswith=PREFIX)


def generated_counts():
    """How many generated records of each slugged kind the database holds."""
    return {
        model._meta.verbose_name_plural: generated(model).count()
        for model in (Report, Delegation, Event, Person, Organization)
    }


def delete_in_chunks(queryset, chunk=5000):
    """Delete a queryset a chunk of primary keys at a time: the deletion collector holds only
    a chunk (and what cascades from it) in memory. The model's own querysets start each
    deletion, so receivers that refresh a parent's search document see that the parent goes too."""
    model = queryset.model
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk):
        model.objects.filter(pk__in=pks[start : start + chunk]).delete()
    return len(pks)


def clear_generated_data(log=None):
    """Delete every generated row, dependants first; real records stay as they are. Returns
    {label: rows deleted} for the slugged models."""
    deleted = {}

    def step(label, count):
        deleted[label] = count
        if log:
            log(f"  cleared {count:,} {label}")

    # Reports take their authors, sections, recommendations, follow-up items and keyword links.
    step("reports", delete_in_chunks(generated(Report)))
    step("delegations", delete_in_chunks(generated(Delegation)))
    # Events: sessions inside sessions first, then the other sessions, then the summits (with
    # their rooms and tracks): `parent`, `summit` and `room` protect what they point at.
    events = generated(Event)
    nested = events.exclude(kind=EventKind.SUMMIT).exclude(parent__kind=EventKind.SUMMIT)
    count = 0
    while nested.exists():
        leaves = nested.exclude(Exists(Event.objects.filter(parent=OuterRef("pk"))))
        count += delete_in_chunks(leaves)
    count += delete_in_chunks(events.exclude(kind=EventKind.SUMMIT))
    count += delete_in_chunks(events)
    step("events", count)
    step("people", delete_in_chunks(generated(Person)))
    # Organisations: units before the bodies they belong to (`parent` protects).
    organizations = generated(Organization)
    count = 0
    while organizations.exists():
        leaves = organizations.exclude(Exists(Organization.objects.filter(parent=OuterRef("pk"))))
        count += delete_in_chunks(leaves)
    step("organisations", count)
    # Keywords are shared by name: only the generator's own words that no report uses any more.
    step(
        "keywords",
        delete_in_chunks(Keyword.objects.filter(name__in=keyword_vocabulary(), reports__isnull=True)),
    )
    return deleted
