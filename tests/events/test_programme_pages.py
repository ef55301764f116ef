"""A summit's programme page: whole when it is a summit's usual size, a day at a time and then
a room at a time when it is larger."""

import datetime

import pytest
from django.utils import translation

from events import programme
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY_ONE, DAY_TWO = datetime.date(2016, 12, 7), datetime.date(2016, 12, 8)


@pytest.fixture
def summit():
    summit = f.make_summit(title_en="Big Summit")
    delegation = f.make_delegation()
    f.make_report(delegation=delegation, status="published")
    f.make_delegation_event(delegation=delegation, event=summit)
    hall, annex = (
        f.make_room(summit=summit, name="Hall", position=1),
        f.make_room(summit=summit, name="Annex", position=2),
    )
    for title, day, room in [
        ("Opening in the hall", DAY_ONE, hall),
        ("Workshop in the hall", DAY_ONE, hall),
        ("Workshop in the annex", DAY_ONE, annex),
        ("Closing", DAY_TWO, hall),
    ]:
        f.make_session(parent=summit, title_en=title, start_date=day, room=room)
    return summit


def page(client, summit, query=""):
    with translation.override("en"):
        response = client.get(f"{summit.get_absolute_url()}{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_summit_of_usual_size_shows_every_day(client, summit):
    body = page(client, summit)

    for title in ("Opening in the hall", "Workshop in the annex", "Closing"):
        assert title in body
    assert 'href="#day-2016-12-08"' in body


def test_a_large_summit_is_read_a_day_at_a_time(client, summit, monkeypatch):
    monkeypatch.setattr(programme, "PAGE_SESSIONS", 3)

    first = page(client, summit)
    second = page(client, summit, "?day=2016-12-08")

    assert "Workshop in the annex" in first and "Closing" not in first
    assert 'href="?day=2016-12-08"' in first
    assert "Closing" in second and "Opening in the hall" not in second
    assert 'href="?day=2016-12-08" aria-current="page"' in second


def test_a_day_too_large_for_a_page_is_read_a_room_at_a_time(client, summit, monkeypatch):
    monkeypatch.setattr(programme, "PAGE_SESSIONS", 2)
    hall = summit.rooms.get(name="Hall")

    index = page(client, summit, "?day=2016-12-07")
    one_room = page(client, summit, f"?day=2016-12-07&room={hall.pk}")

    assert "This day has 3 sessions; choose a room" in index
    assert f'href="?day=2016-12-07&amp;room={hall.pk}"' in index
    assert "Opening in the hall" not in index
    assert "Opening in the hall" in one_room and "Workshop in the hall" in one_room
    assert "Workshop in the annex" not in one_room


def test_an_unknown_day_or_room_shows_the_first_day(client, summit, monkeypatch):
    monkeypatch.setattr(programme, "PAGE_SESSIONS", 3)

    body = page(client, summit, "?day=1999-01-01&room=<script>")

    assert "Opening in the hall" in body
    assert "<script>" not in body


def test_a_summit_page_lists_50_delegations_and_links_to_all_their_reports(client):
    summit = f.make_summit(title_en="Crowded Summit")
    for year in range(1960, 2011):
        delegation = f.make_delegation(
            title=f"{year} 代表團",
            departure_date=datetime.date(year, 5, 1),
            return_date=datetime.date(year, 5, 9),
        )
        f.make_report(delegation=delegation, status="published")
        f.make_delegation_event(delegation=delegation, event=summit)

    with translation.override("en"):
        html = client.get(summit.get_absolute_url()).text

    # In the order they travelled.
    assert "1960 代表團 (1960)" in html and "2009 代表團 (2009)" in html
    assert "2010 代表團" not in html
    assert f'/en/reports/?event={summit.slug}">All reports of delegations to this event</a>' in html


def test_a_session_with_a_stated_length_shows_its_end_on_the_programme_and_its_page(client, summit):
    # The 2016 report gives Taiwan's pitches 15 minutes each and prints no end time.
    starts = datetime.datetime(2016, 12, 8, 13, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    pitch = f.make_session(
        parent=summit,
        title_en="A pitch",
        start_date=DAY_TWO,
        starts_at=starts,
        duration=datetime.timedelta(minutes=15),
        time_zone="Europe/Paris",
    )

    programme_page = page(client, summit)
    with translation.override("en"):
        session_page = client.get(pitch.get_absolute_url()).content.decode()

    assert "13:15</time>–<time" in programme_page and ">13:30</time>" in programme_page
    assert ">13:30</time>" in session_page
