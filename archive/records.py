"""What the published record says of a person or an organisation, across people, events and
reports: a person's timeline (their page) and an organisation's record (its page)."""

import dataclasses
import datetime

from django.db import models

from core.listing import Shortlist
from events.models import SessionRole
from people.models import Organization
from reports.models import Delegation, DelegationMember, Report, ReportAuthor


@dataclasses.dataclass(frozen=True)
class Appearance:
    """One line of a person's timeline: `kind` is delegation, session or report; `record` is
    the roster row, session role or report author row."""

    kind: str
    date: datetime.date | None
    record: models.Model

    @property
    def year(self):
        return self.date.year if self.date else None

    def sort_key(self):
        return (self.date is None, self.date or datetime.date.min, self.kind)


def person_timeline(person):
    """What the published record says this person did, year by year (oldest first): the
    delegations they travelled with (and the title held then), the sessions they took part
    in, and the reports they wrote. [(year, [Appearance, …]), …]; undated things last."""
    appearances = [
        Appearance("delegation", m.delegation.departure_date, m)
        for m in DelegationMember.objects.public()
        .filter(person=person)
        .select_related("delegation", "organization")
    ]
    appearances += [
        Appearance("session", r.event.start_date or getattr(r.event.summit, "start_date", None), r)
        for r in SessionRole.objects.public()
        .filter(person=person)
        .select_related("event__summit", "organization")
    ]
    appearances += [
        Appearance("report", a.report.report_date, a)
        for a in ReportAuthor.objects.public().filter(person=person).select_related("report")
    ]
    by_year = {}
    for appearance in sorted(appearances, key=Appearance.sort_key):
        by_year.setdefault(appearance.year, []).append(appearance)
    return list(by_year.items())


def organization_record(organization):
    """What the published record says of an organisation: its public units, its people
    (roster rows), the delegations it organised, the sessions it took part in, its reports."""
    # Each list reads only the columns its lines show: a large agency's page lists 200 rows.
    person = ("person__slug", "person__name_zh", "person__name_en")
    record = {
        "units": Organization.objects.public()
        .filter(parent=organization)
        .only("slug", "name_zh", "name_en")
        .order_by("name_zh", "name_en"),
        "members": DelegationMember.objects.public()
        .filter(organization=organization)
        .select_related("person", "delegation")
        .only("title", *person, "delegation__slug", "delegation__title", "delegation__departure_date")
        .order_by("-delegation__departure_date", "order"),
        "delegations": Delegation.objects.public()
        .filter(organising_agency=organization)
        .only("slug", "title", "departure_date")
        .order_by("-departure_date"),
        "session_roles": SessionRole.objects.public()
        .filter(organization=organization)
        .select_related("event__summit", "person")
        .only(
            "role",
            *person,
            *(f"event__{field}" for field in ("slug", "title_zh", "title_en")),
            *(f"event__summit__{field}" for field in ("slug", "title_zh", "title_en", "is_public")),
        )
        .order_by("-event__start_date", "event__starts_at"),
        "reports": Report.objects.published()
        .filter(agency=organization)
        .only("slug", "title")
        .order_by("-report_date", "title", "id"),
    }
    # A large agency has thousands of roster rows: the page shows the latest of each kind
    # and links to the filtered lists for the rest.
    return {name: Shortlist.of(queryset) for name, queryset in record.items()}
