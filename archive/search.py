"""The public search's kinds of result, each as tiers: the best matches first.

A tier is a queryset of its own in the kind's list order, sharing no record with the others:
an exact name or title, then names or titles that match, then the text around them. A page
reads the tiers one after another with a limit (core.pagination.first_of_tiers and
paginate_tiers), so the best match comes first without a score computed over every match, and
a page costs a bounded number of index lookups whatever the number of matches.
"""

import dataclasses
from collections.abc import Callable

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.models import Event
from people.models import Organization, Person
from reports.models import Report
from reports.passages import with_passages


def name_tiers(queryset, query):
    """People or organisations: one of the record's names is the query (its matching key, as
    `matching()` compares names), then any of its names matches. Here rather than on the
    people querysets, which compose `matching()` and `search()` for the archive alone."""
    # Measured 2026-12-07 at 60,000 people on PostgreSQL: matching() as it stands (one OR over
    # the record's keys and a join to its other names) cannot use the key indexes and takes
    # 100-240 ms; the same keys as a UNION of index lookups take 1-8 ms.
    exact = Q(pk__in=queryset.model.objects.matching(query).values("pk"))
    return [queryset.filter(exact), queryset.search(query).exclude(exact)]


@dataclasses.dataclass(frozen=True)
class Kind:
    """A kind of search result: its name in the URL (?kind=), its heading, and its tiers for a
    query, each in the kind's list order, reading only the columns a result line shows."""

    name: str
    label: Promise
    tiers: Callable[[str], list]
    # What a page of results gets besides (results, query) -> results: a report's passage.
    details: Callable[[list, str], list] = lambda results, query: results


KINDS = [
    Kind(
        "reports",
        _("Reports"),
        lambda query: (
            Report.objects.published()
            .defer("abstract", "search_document", "title_document")
            .order_by("-report_date", "title")
            .search_tiers(query)
        ),
        with_passages,
    ),
    Kind(
        "people",
        _("People"),
        lambda query: name_tiers(
            Person.objects.public().defer("biography", "search_document").order_by("name_zh", "name_en"),
            query,
        ),
    ),
    Kind(
        "organisations",
        _("Organisations"),
        lambda query: name_tiers(
            Organization.objects.public()
            .defer("description", "search_document")
            .order_by("name_zh", "name_en"),
            query,
        ),
    ),
    Kind(
        "sessions",
        _("Sessions and events"),
        lambda query: (
            Event.objects.public()
            .select_related("summit")
            .defer(
                "description",
                "search_document",
                "title_document",
                "summit__description",
                "summit__search_document",
                "summit__title_document",
            )
            .order_by("start_date", "starts_at", "position")
            .search_tiers(query)
        ),
    ),
]
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
