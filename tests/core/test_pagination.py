"""Keyset pagination walks every row exactly once, forwards and back, whatever the NULLs and
ties, on both databases; a crafted cursor gives the first page."""

import base64
import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from core.pagination import COUNT_CAP, paginate
from events.models import Event
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    summit = f.make_summit()
    start = datetime.datetime(2016, 12, 8, 8, 0, tzinfo=datetime.UTC)
    for n in range(23):
        # Ties on the date and time, and some sessions with neither (they sort last).
        timed = n % 4 != 0
        f.make_session(
            parent=summit,
            slug=f"s-{n:02d}",
            title_en=f"Session {n % 5}",
            start_date=datetime.date(2016, 12, 8 + n % 2) if timed else None,
            starts_at=start + datetime.timedelta(hours=n % 3) if timed else None,
        )
    return Event.objects.filter(summit=summit)


def walk_forwards(queryset, per_page):
    pages, page = [], paginate(queryset, per_page)
    pages.append([s.slug for s in page.object_list])
    while page.has_next:
        page = paginate(queryset, per_page, after=page.next_cursor)
        pages.append([s.slug for s in page.object_list])
    return pages, page


@pytest.mark.parametrize("ordering", [["start_date", "starts_at"], ["-starts_at", "title_en"], ["title_en"]])
def test_keyset_pages_cover_every_row_once_in_order(sessions, ordering):
    queryset = sessions.order_by(*ordering)
    expected = [s.slug for s in paginate(queryset, 1000).object_list]

    pages, last = walk_forwards(queryset, 5)

    assert [slug for page in pages for slug in page] == expected
    assert len(expected) == 23
    assert [len(page) for page in pages] == [5, 5, 5, 5, 3]
    back = [[s.slug for s in last.object_list]]
    page = last
    while page.has_previous:
        page = paginate(queryset, 5, before=page.previous_cursor)
        back.insert(0, [s.slug for s in page.object_list])
    assert back == pages
    assert page.is_first


def test_nulls_sort_last_on_every_database(sessions):
    rows = paginate(sessions.order_by("starts_at"), 100).object_list

    assert [s.starts_at is None for s in rows] == [False] * 17 + [True] * 6


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "W10",
        "WzEsMiwzXQ",
        "eyJhIjoxfQ",
        "%00",
        "W251bGwsIm5vdCBhIGRhdGUiLDFd",
        "W251bGwsbnVsbCxudWxsXQ",
    ],
)
def test_crafted_cursor_gives_the_first_page(sessions, cursor):
    page = paginate(sessions.order_by("start_date", "starts_at"), 5, after=cursor)

    assert page.is_first
    assert [s.slug for s in page.object_list] == [
        s.slug for s in paginate(sessions.order_by("start_date", "starts_at"), 5).object_list
    ]


def cursor_of(*values):
    """A cursor as the site writes one, holding any values (json writes inf as Infinity)."""
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode().rstrip("=")


# Cursors that decode but hold a value no column of their field can: each reached the query
# (a 500: OverflowError, or the database refusing the value) before values were range-checked.
OUT_OF_RANGE = {
    "infinite-id": ("2016-12-08", "2016-12-08T08:00:00+00:00", float("inf")),
    "1e400-id": ("2016-12-08", "2016-12-08T08:00:00+00:00", 1e400),
    "1e30-id": ("2016-12-08", "2016-12-08T08:00:00+00:00", 1e30),
    "nan-id": ("2016-12-08", "2016-12-08T08:00:00+00:00", float("nan")),
    "id-past-64-bits": ("2016-12-08", "2016-12-08T08:00:00+00:00", 2**63),
    "id-below-64-bits": ("2016-12-08", "2016-12-08T08:00:00+00:00", -(2**63) - 1),
    "huge-id-string": ("2016-12-08", "2016-12-08T08:00:00+00:00", "9" * 40),
    "time-past-9999": ("2016-12-08", "9999-12-31T23:59:59-14:00", 1),
    "time-before-year-1": ("2016-12-08", "0001-01-01T00:00:00+14:00", 1),
    "time-without-zone": ("2016-12-08", "2016-12-08T08:00:00", 1),
    "date-infinity": ("Infinity", None, 1),
    "list-as-value": ([1, 2], None, 1),
    "nested-deeply": ("2016-12-08", None, json.loads("[" * 50 + "]" * 50)),
}


@pytest.mark.parametrize("values", OUT_OF_RANGE.values(), ids=OUT_OF_RANGE.keys())
@pytest.mark.parametrize("direction", ["after", "before"])
def test_cursor_with_a_value_its_column_cannot_hold_gives_the_first_page(sessions, values, direction):
    ordered = sessions.order_by("start_date", "starts_at")

    page = paginate(ordered, 5, **{direction: cursor_of(*values)})

    assert page.is_first
    assert [s.slug for s in page.object_list] == [s.slug for s in paginate(ordered, 5).object_list]


@pytest.mark.parametrize(
    "title",
    ["Session\x00 1", "Session \ud800", "S" * 1000, 1e400],
    ids=["nul", "lone-surrogate", "longer-than-the-column", "infinite"],
)
def test_cursor_with_text_its_column_cannot_hold_gives_the_first_page(sessions, title):
    ordered = sessions.order_by("title_en")

    page = paginate(ordered, 5, after=cursor_of(title, 1))

    assert page.is_first
    assert [s.slug for s in page.object_list] == [s.slug for s in paginate(ordered, 5).object_list]


def test_cursor_at_the_edges_of_its_columns_ranges_is_a_position(sessions):
    # The largest id and the last moment of year 9999 are values a column can hold: after
    # them come only the sessions without a date (NULLs sort last), not the first page.
    ordered = sessions.order_by("start_date", "starts_at")

    page = paginate(ordered, 5, after=cursor_of("9999-12-31", "9999-12-31T23:59:59+00:00", 2**63 - 1))

    assert not page.is_first
    assert [s.start_date for s in page.object_list] == [None] * 5


# Each list's sort keys before the id, as its cursors carry them.
LEADING_VALUES = {
    "reports:report-list": ["2016-12-05", "開放國會"],
    "people:person-list": ["高仙桂", "Kao Shien-Quey"],
    "people:organization-list": ["國家發展委員會", "National Development Council"],
    "events:event-list": ["2016-12-07", "OGP Global Summit"],
    "events:session-list": ["2016-12-07", "2016-12-07T08:00:00+00:00", 1],
}


@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize("name", LEADING_VALUES)
@pytest.mark.parametrize(
    "value", [float("inf"), 1e400, 1e30, -(2**70)], ids=["inf", "1e400", "1e30", "-2**70"]
)
def test_every_list_shows_its_first_page_for_an_out_of_range_cursor(client, name, language, value):
    with translation.override(language):
        path = reverse(name)

    for direction in ("after", "before"):
        response = client.get(path, {direction: cursor_of(*LEADING_VALUES[name], value)})

        assert response.status_code == 200
        assert response.context["page_obj"].is_first


def test_count_is_capped(sessions):
    page = paginate(sessions, 5)

    assert (page.count, page.count_is_capped) == (23, False)
    assert COUNT_CAP >= 1000
