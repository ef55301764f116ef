"""Keyset pagination walks every row exactly once, forwards and back, whatever the NULLs and
ties, on both databases; a crafted cursor gives the first page."""

import datetime

import pytest

from events.models import Event
from ogparchive.pagination import COUNT_CAP, paginate

from . import factories as f

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


def test_count_is_capped(sessions):
    page = paginate(sessions, 5)

    assert (page.count, page.count_is_capped) == (23, False)
    assert COUNT_CAP >= 1000
