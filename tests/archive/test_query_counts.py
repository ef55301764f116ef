"""Every list and detail page runs the same number of SQL queries whatever the number of rows."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from events.models import Language
from tests import factories as f
from tests.row_copy import RowCopy

pytestmark = pytest.mark.django_db


class Archive:
    """Published trips to one summit. The first trip's records are the ones whose detail pages
    are measured; every trip added later also adds rows around them (the first person travels
    again, speaks again; the first report and session get more sections and speakers)."""

    def __init__(self):
        self.agency = f.make_organization(slug="agency", name_zh="國家發展委員會")
        self.summit = f.make_summit(slug="summit")
        self.track = f.make_track(summit=self.summit)
        self.first_person = f.make_person(slug="first-person")
        self.trips = 0
        self.first = {}

    def add_trips(self, count):
        for _ in range(count):
            n = self.trips = self.trips + 1
            delegation = f.make_delegation(
                organising_agency=self.agency, slug=f"trip-{n}", contact_person=self.first_person
            )
            f.make_destination(delegation=delegation, order=1)
            f.make_delegation_event(delegation=delegation, event=self.summit)
            report = f.make_report(
                delegation=delegation, agency=self.agency, slug=f"report-{n}", status="published"
            )
            report.keywords.add(f.make_keyword())
            # Each trip's session in a room of its own, with its interpretation languages.
            room = f.make_room(summit=self.summit, slug=f"room-{n}")
            room.languages.add(*Language.objects.filter(code__in=["en", "fr"]))
            session = f.make_session(
                parent=self.summit,
                slug=f"session-{n}",
                room=room,
                start_date=datetime.date(2016, 12, 8),
                starts_at=datetime.datetime(2016, 12, 8, 8, n % 60, tzinfo=datetime.UTC),
            )
            session.tracks.add(self.track)
            unit = f.make_organization(parent=self.agency, slug=f"unit-{n}")
            person = f.make_person(slug=f"person-{n}")
            f.make_person_name(person=person)
            for order, member in enumerate((self.first_person, person), start=1):
                f.make_member(delegation=delegation, person=member, organization=unit, order=order)
                f.make_report_author(report=report, person=member, order=order)
                f.make_session_role(event=session, person=member, organization=unit, order=order)
            if not self.first:
                self.first = {"report": report, "delegation": delegation, "session": session}
            else:
                # More rows around the first trip's records too.
                first_report, first_session = self.first["report"], self.first["session"]
                f.make_section(report=first_report, order=n)
                f.make_recommendation(report=first_report, order=n)
                first_report.keywords.add(f.make_keyword())
                f.make_member(
                    delegation=self.first["delegation"], person=person, organization=unit, order=n + 10
                )
                f.make_session_role(event=first_session, person=person, order=n + 10)
        return {
            "report": "report-1",
            "delegation": "trip-1",
            "session": "session-1",
            "summit": "summit",
            "person": "first-person",
            "organization": "agency",
        }


PAGES = [
    ("home", None),
    ("search", None),
    ("reports:report-list", None),
    ("reports:report-detail", "report"),
    ("reports:delegation-detail", "delegation"),
    ("people:person-list", None),
    ("people:person-detail", "person"),
    ("people:organization-list", None),
    ("people:organization-detail", "organization"),
    ("events:event-list", None),
    ("events:event-detail", "summit"),
    ("events:event-detail", "session"),
    ("events:session-list", None),
]


def queries_for(client, name, slug, params):
    with translation.override("zh-hant"):
        path = reverse(name, kwargs={"slug": slug} if slug else {})
    # Both measurements start cold: Django caches content types after their first use, and
    # the home page its figures.
    ContentType.objects.clear_cache()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture(scope="module")
def trips(django_db_setup, django_db_blocker):
    """An Archive with one trip, then the fourteen trips added to it, built once for the module
    (factories, every signal: 5 to 15 seconds) and copied in by each test (tests/row_copy.py)."""
    archive = []

    def one_trip():
        archive.append(Archive())
        return archive[0].add_trips(1)

    def fourteen_more():
        return archive[0].add_trips(14)

    with django_db_blocker.unblock():
        return RowCopy.record(one_trip, fourteen_more)


@pytest.mark.parametrize(("name", "key"), PAGES, ids=[f"{name}-{key}" for name, key in PAGES])
@pytest.mark.parametrize("params", [{}, {"q": "Test"}], ids=["plain", "searched"])
def test_page_query_count_does_not_grow_with_rows(client, trips, name, key, params):
    one_trip, fourteen_more = trips
    slugs = one_trip.restore()
    with_one = queries_for(client, name, slugs[key] if key else None, params)

    fourteen_more.restore()
    with_many = queries_for(client, name, slugs[key] if key else None, params)

    if name == "search":
        # Search reads its tiers only until a kind's results are full (archive.search): more
        # rows can spare queries, never add any (tests/archive/test_search_relevance.py).
        assert with_many <= with_one
    else:
        assert with_many == with_one
