"""A summit's programme as iCalendar: read back with icalendar, times in the summit's zone."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.ical import CONTENT_TYPE, calendar_filename, summit_calendar
from events.models import Event
from tests import factories as f

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TALLINN = zoneinfo.ZoneInfo("Europe/Tallinn")
UTC = datetime.UTC
PITCH = "e-Participation for Socially Disadvantaged People"

pytestmark = pytest.mark.django_db


def feed(slug, language, **options):
    summit = Event.objects.get(slug=slug)
    return summit_calendar(summit, Event.objects.public().filter(summit=summit), language, **options)


def events_of(body):
    return {str(event["UID"]): event for event in icalendar.Calendar.from_ical(body).events}


def event_titled(body, title):
    [event] = [event for event in icalendar.Calendar.from_ical(body).events if event["SUMMARY"] == title]
    return event


def test_summit_calendar_pitch_starts_at_paris_local_time(demo):
    pitch = event_titled(feed("ogp-2016-paris", "en"), PITCH)

    assert pitch.start == datetime.datetime(2016, 12, 8, 13, 15, tzinfo=PARIS)
    assert pitch["DTSTART"].params["TZID"] == "Europe/Paris"
    assert pitch.start.astimezone(UTC) == datetime.datetime(2016, 12, 8, 12, 15, tzinfo=UTC)


def test_summit_calendar_tallinn_morning_is_eest(demo):
    plenary = event_titled(feed("ogp-2023-tallinn", "en"), "Opening Plenary")

    assert plenary["DTSTART"].params["TZID"] == "Europe/Tallinn"
    assert plenary.start.replace(tzinfo=None) == datetime.datetime(2023, 9, 6, 8, 45)
    assert plenary.start.utcoffset() == datetime.timedelta(hours=3)
    assert plenary.start.astimezone(UTC) == datetime.datetime(2023, 9, 6, 5, 45, tzinfo=UTC)


def test_summit_calendar_has_a_vtimezone_for_its_zone(demo):
    paris = icalendar.Calendar.from_ical(feed("ogp-2016-paris", "en"))
    tallinn = icalendar.Calendar.from_ical(feed("ogp-2023-tallinn", "en"))

    assert [str(zone["TZID"]) for zone in paris.timezones] == ["Europe/Paris"]
    assert [str(zone["TZID"]) for zone in tallinn.timezones] == ["Europe/Tallinn"]
    assert paris.get_missing_tzids() == set()
    assert str(paris["X-WR-TIMEZONE"]) == "Europe/Paris"


def test_summit_calendar_is_the_same_bytes_on_every_call(demo):
    first = feed("ogp-2016-paris", "zh-hant")
    second = feed("ogp-2016-paris", "zh-hant")

    assert first == second
    assert events_of(first).keys() == events_of(second).keys()
    assert "ogp-2016-paris-pitch-e-participation-socially-disadvantaged.zh-hant@ogparchive" in events_of(
        first
    )


def test_summit_calendar_uids_are_unique_and_differ_per_language(demo):
    chinese = [
        str(event["UID"]) for event in icalendar.Calendar.from_ical(feed("ogp-2016-paris", "zh-hant")).events
    ]
    english = [
        str(event["UID"]) for event in icalendar.Calendar.from_ical(feed("ogp-2016-paris", "en")).events
    ]

    assert len(set(chinese)) == len(chinese)
    assert len(chinese) == len(english)
    assert set(chinese) & set(english) == set()


def test_summit_calendar_in_chinese_uses_chinese_titles_where_there_are(demo):
    chinese = events_of(feed("ogp-2023-tallinn", "zh-hant"))
    english = events_of(feed("ogp-2023-tallinn", "en"))

    assert chinese["ogp-2023-tallinn-opening-plenary.zh-hant@ogparchive"]["SUMMARY"] == "開幕式"
    assert english["ogp-2023-tallinn-opening-plenary.en@ogparchive"]["SUMMARY"] == "Opening Plenary"
    # Without a Chinese title the Chinese feed shows the English one, and the reverse.
    summit = Event.objects.get(slug="ogp-2023-tallinn")
    untranslated = Event.objects.filter(summit=summit, title_zh="").exclude(starts_at=None).first()
    assert chinese[f"{untranslated.slug}.zh-hant@ogparchive"]["SUMMARY"] == untranslated.title_en
    calendar = icalendar.Calendar.from_ical(feed("ogp-2016-paris", "zh-hant"))
    assert str(calendar["X-WR-CALNAME"]) == "開放政府夥伴關係聯盟 2016 年高峰會"


def test_summit_calendar_in_english_shows_the_chinese_title_of_a_session_without_an_english_one():
    session = f.make_session(
        title_en="", title_zh="良善治理座談", starts_at=datetime.datetime(2023, 9, 6, 6, 0, tzinfo=UTC)
    )

    [event] = icalendar.Calendar.from_ical(summit_calendar(session.parent, [session], "en")).events

    assert event["SUMMARY"] == "良善治理座談"


@pytest.mark.parametrize(
    ("summit", "session", "english", "chinese"),
    [
        ("ogp-2016-paris", "opening-ceremony", "Opening ceremony", "開幕儀式"),
        (
            "ogp-2016-paris",
            "closing-keynote-tang-feng",
            "Keynote before the closing ceremony",
            "閉幕儀式前演說",
        ),
        (
            "ogp-2023-tallinn",
            "opening-good-governance-panel",
            "Good Governance Panel (Opening Plenary)",
            "良善治理座談",
        ),
    ],
)
def test_summit_calendar_gives_every_session_an_english_title_in_the_english_feed(
    demo, summit, session, english, chinese
):
    uid = f"{summit}-{session}.%s@ogparchive"

    assert events_of(feed(summit, "en"))[uid % "en"]["SUMMARY"] == english
    assert events_of(feed(summit, "zh-hant"))[uid % "zh-hant"]["SUMMARY"] == chinese


def test_summit_calendar_session_without_a_time_is_an_all_day_event(demo):
    ceremony = events_of(feed("ogp-2016-paris", "en"))["ogp-2016-paris-opening-ceremony.en@ogparchive"]

    assert ceremony["DTSTART"].params["VALUE"] == "DATE"
    assert (ceremony.start, ceremony.end) == (datetime.date(2016, 12, 7), datetime.date(2016, 12, 8))


def test_summit_calendar_leaves_out_a_session_without_a_date(demo):
    assert "ogp-2016-paris-fork-and-merge.en@ogparchive" not in events_of(feed("ogp-2016-paris", "en"))


def test_summit_calendar_event_has_location_and_speakers_with_their_roles(demo):
    english = event_titled(feed("ogp-2016-paris", "en"), PITCH)
    chinese = event_titled(feed("ogp-2016-paris", "zh-hant"), "社會弱勢族群的電子化參與")

    assert english["LOCATION"] == "Palais d'Iéna · Espace Hypostyle"
    assert english["DESCRIPTION"].endswith("\n\nspeaker: LÜ, Chia-Hua (審議式民主倡議者)")
    assert english["DESCRIPTION"].startswith("本場次由我國審議式民主倡議者呂家華小姐進行演說")
    assert chinese["DESCRIPTION"].endswith("\n\n講者：呂家華（審議式民主倡議者）")
    assert [str(category) for category in english["CATEGORIES"].cats] == ["pitch"]


def test_summit_calendar_escapes_commas_and_semicolons():
    summit = f.make_summit(title_en="Paris, 2016; the summit")
    session = f.make_session(
        parent=summit,
        title_en="Open Data, Open Minds; Together",
        starts_at=datetime.datetime(2016, 12, 8, 9, 0, tzinfo=UTC),
    )

    body = summit_calendar(summit, [session], "en")

    assert b"SUMMARY:Open Data\\, Open Minds\\; Together" in body
    assert b"X-WR-CALNAME:Paris\\, 2016\\; the summit" in body
    assert icalendar.Calendar.from_ical(body).events[0]["SUMMARY"] == "Open Data, Open Minds; Together"


def test_summit_calendar_links_to_session_pages_when_given_a_url_builder():
    session = f.make_session(starts_at=datetime.datetime(2016, 12, 8, 9, 0, tzinfo=UTC))

    linked = summit_calendar(
        session.parent, [session], "en", url_for=lambda s: f"https://archive.example.tw/en/events/{s.slug}/"
    )
    unrouted = summit_calendar(session.parent, [session], "en", url_for=lambda s: reverse("no-such-page"))

    [event] = icalendar.Calendar.from_ical(linked).events
    assert str(event["URL"]) == f"https://archive.example.tw/en/events/{session.slug}/"
    assert "URL" not in icalendar.Calendar.from_ical(unrouted).events[0]
    assert (
        "URL" not in icalendar.Calendar.from_ical(summit_calendar(session.parent, [session], "en")).events[0]
    )


def test_summit_calendar_ends_in_its_zone_and_multi_day_all_day_events_end_the_day_after():
    summit = f.make_summit(time_zone="Europe/Tallinn")
    timed = f.make_session(
        parent=summit,
        starts_at=datetime.datetime(2023, 9, 6, 5, 45, tzinfo=UTC),
        ends_at=datetime.datetime(2023, 9, 6, 7, 0, tzinfo=UTC),
    )
    days = f.make_session(
        parent=summit, start_date=datetime.date(2023, 9, 6), end_date=datetime.date(2023, 9, 7)
    )

    events = events_of(summit_calendar(summit, [timed, days], "en"))

    timed_event = events[f"{timed.slug}.en@ogparchive"]
    assert timed_event.end == datetime.datetime(2023, 9, 6, 10, 0, tzinfo=TALLINN)
    assert timed_event["DTEND"].params["TZID"] == "Europe/Tallinn"
    assert events[f"{days.slug}.en@ogparchive"].end == datetime.date(2023, 9, 8)


def test_summit_calendar_pitch_ends_after_the_15_minutes_the_report_states(demo):
    english = event_titled(feed("ogp-2016-paris", "en"), PITCH)
    chinese = event_titled(feed("ogp-2016-paris", "zh-hant"), "社會弱勢族群的電子化參與")
    scaling = event_titled(feed("ogp-2016-paris", "en"), "Scaling Civic Tech and Open Data Communities")

    assert english.end == datetime.datetime(2016, 12, 8, 13, 30, tzinfo=PARIS)
    assert english["DTEND"].params["TZID"] == "Europe/Paris"
    assert english.duration == datetime.timedelta(minutes=15)
    assert "duration: 15 minutes" in english["DESCRIPTION"].split("\n\n")
    assert "時長：15 分鐘" in chinese["DESCRIPTION"].split("\n\n")
    assert (scaling.start, scaling.end) == (
        datetime.datetime(2016, 12, 9, 15, 15, tzinfo=PARIS),
        datetime.datetime(2016, 12, 9, 15, 30, tzinfo=PARIS),
    )


@pytest.mark.parametrize(
    ("title", "start", "end"),
    [
        # The next session in the same room, as the grid's time column prints it.
        ("Accelerating climate action through open government", (8, 9, 15), (8, 10, 15)),
        ("The Can Opener: Releasing Administrative Documents", (8, 12, 45), (8, 13, 15)),
        # The next pitch of the pitch corner.
        ("Cadastre-geolocation of polling stations", (8, 9, 0), (8, 9, 15)),
        ("Sharing Tricks of the Trade from Civil Servants", (9, 17, 0), (9, 17, 15)),
        # The next item of a programme, and the programme's own printed end.
        (
            'First roundtable: "The opening up of the Parliament: transparency and open data"',
            (8, 9, 30),
            (8, 11, 0),
        ),
        ("Closing remarks", (8, 12, 30), (8, 13, 0)),
    ],
)
def test_summit_calendar_ends_a_session_where_its_source_implies(demo, title, start, end):
    event = event_titled(feed("ogp-2016-paris", "en"), title)

    assert (event.start, event.end) == (
        datetime.datetime(2016, 12, *start, tzinfo=PARIS),
        datetime.datetime(2016, 12, *end, tzinfo=PARIS),
    )
    assert "The source prints no end time." not in event.get("DESCRIPTION", "")


def test_summit_calendar_session_without_an_end_has_no_length_and_says_so(demo):
    english = events_of(feed("ogp-2016-paris", "en"))["ogp-2016-paris-closing-ceremony.en@ogparchive"]
    chinese = events_of(feed("ogp-2016-paris", "zh-hant"))[
        "ogp-2016-paris-closing-ceremony.zh-hant@ogparchive"
    ]

    assert "DTEND" not in english
    # Written out, so that no client gives it a default length of its own.
    assert english["DURATION"].dt == datetime.timedelta(0)
    assert english.start == english.end == datetime.datetime(2016, 12, 9, 18, 0, tzinfo=PARIS)
    assert "The source prints no end time." in english["DESCRIPTION"].split("\n\n")
    assert "來源未載結束時間。" in chinese["DESCRIPTION"].split("\n\n")


def test_summit_calendar_counts_the_sessions_left_without_an_end(demo):
    def without_an_end(slug):
        return [
            event
            for event in icalendar.Calendar.from_ical(feed(slug, "en")).events
            if isinstance(event.start, datetime.datetime) and event.duration == datetime.timedelta(0)
        ]

    # 2016: the last slot of a grid or a pitch list, and what the programme prints with a start
    # only ("At 6.00pm", "throughout the night"); 2023: the agenda prints start times only.
    assert sorted(str(event["SUMMARY"]) for event in without_an_end("ogp-2016-paris")) == [
        "Better analyzing fiscal performance and social aid through a micro simulation of the French "
        "socio-fiscal system",
        "Closing ceremony",
        "Creating Society in 2016, A Return to the 6th edition of the Social Good Week",
        "Democracy Night",
        "Democracy Night Across Paris: Transforming democracy in partnership with citizens",
        "New evidence on the Impact of Open Government Reforms",
        "OGP Toolbox Hackathon",
    ]
    assert len(without_an_end("ogp-2023-tallinn")) == 72


def test_summit_calendar_session_with_a_duration_but_no_time_is_all_day_and_gives_its_duration(demo):
    keynote = events_of(feed("ogp-2016-paris", "zh-hant"))[
        "ogp-2016-paris-closing-keynote-tang-feng.zh-hant@ogparchive"
    ]

    assert (keynote.start, keynote.end) == (datetime.date(2016, 12, 9), datetime.date(2016, 12, 10))
    assert "時長：10 分鐘" in keynote["DESCRIPTION"].split("\n\n")


def test_summit_calendar_uses_a_duration_entered_by_staff_in_the_session_zone():
    summit = f.make_summit(time_zone="Europe/Tallinn")
    session = f.make_session(
        parent=summit,
        starts_at=datetime.datetime(2023, 9, 6, 7, 0, tzinfo=UTC),
        duration=datetime.timedelta(hours=1, minutes=30),
    )

    [event] = icalendar.Calendar.from_ical(summit_calendar(summit, [session], "en")).events

    assert event.end == datetime.datetime(2023, 9, 6, 11, 30, tzinfo=TALLINN)
    assert event["DESCRIPTION"] == "duration: 90 minutes"


def test_summit_calendar_prefers_an_end_entered_later_to_a_stated_duration():
    start = datetime.datetime(2016, 12, 8, 12, 15, tzinfo=UTC)
    session = f.make_session(
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=20),
        duration=datetime.timedelta(minutes=15),
    )

    [event] = icalendar.Calendar.from_ical(summit_calendar(session.parent, [session], "en")).events

    assert event.end == datetime.datetime(2016, 12, 8, 13, 35, tzinfo=PARIS)
    assert event["DESCRIPTION"] == "duration: 15 minutes"


def test_summit_calendar_of_an_empty_programme_is_a_valid_calendar():
    summit = f.make_summit()

    calendar = icalendar.Calendar.from_ical(summit_calendar(summit, [], "zh-hant"))

    assert calendar.events == []
    assert str(calendar["VERSION"]) == "2.0"


def test_summit_calendar_queries_do_not_grow_with_the_number_of_sessions(demo):
    summit = Event.objects.get(slug="ogp-2016-paris")
    sessions = Event.objects.public().filter(summit=summit)

    with CaptureQueriesContext(connection) as one:
        summit_calendar(summit, sessions.filter(title_en=PITCH), "en")
    with CaptureQueriesContext(connection) as all_of_them:
        summit_calendar(summit, sessions, "en")

    # The sessions with their rooms, the roles with people and organisations, the tracks.
    assert len(one) == len(all_of_them) == 3


def test_calendar_filename_and_content_type():
    summit = f.make_summit(slug="ogp-2019-ottawa")

    assert calendar_filename(summit, "zh-hant") == "ogp-2019-ottawa-zh-hant.ics"
    assert calendar_filename(summit, "en") == "ogp-2019-ottawa-en.ics"
    assert CONTENT_TYPE == "text/calendar; charset=utf-8"
