"""A programme imported again after edits (events.programme_io): roles paired by name, parents
that would loop through stored sessions, rows matched by either title, dates and times moved
and checked, speakers cells as reports print them, lengths, and export then import unchanged."""

import datetime

import pytest

from core.spreadsheets.writing import spreadsheet_chunks
from events.models import Event, Room, SessionRole, Track
from events.programme_io.cells import PROGRAMME_COLUMNS, parse_time
from events.programme_io.export import programme_rows, speaker_cell
from people.models import Organization, Person

from . import factories as f
from .test_programme_import import problems, run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

UTC = datetime.UTC
PARIS = datetime.timezone(datetime.timedelta(hours=1))  # Paris in December


@pytest.fixture
def summit():
    # 7 to 9 December 2016, as the factory makes summits.
    return f.make_summit(slug="ogp-2016-paris", time_zone="Europe/Paris")


def statuses(plan):
    return [row.status for row in plan.rows]


def exported(summit, file_format="csv"):
    return b"".join(spreadsheet_chunks(file_format, PROGRAMME_COLUMNS.headers, programme_rows(summit)))


def roles_of(key):
    return [
        (role.name_as_printed, role.role, role.order, role.note)
        for role in SessionRole.objects.filter(event__slug=f"ogp-2016-paris-{key}").order_by("order")
    ]


def paris(day, hour, minute=0, second=0):
    return datetime.datetime(2016, 12, day, hour, minute, second, tzinfo=PARIS).astimezone(UTC)


# -- 1. roles paired by name -----------------------------------------------------------------

SPEAKERS = 'key,date,start,title_en,speakers\na,2016-12-08,09:00,A,"{}"\n'


def test_reordered_speakers_keep_their_roles_links_and_notes(summit):
    run(summit, SPEAKERS.format("Alice (speaker); Bob (moderator); Carol (speaker)"))
    kept = {role.name_as_printed: role.pk for role in SessionRole.objects.all()}
    for role in SessionRole.objects.all():
        role.note = f"{role.name_as_printed} confirmed"
        role.save()
    # Staff linked Bob to the right person by hand; the file does not say who he is.
    bob = f.make_person(name_en="Robert Example")
    SessionRole.objects.filter(name_as_printed="Bob").update(person=bob)

    plan = run(summit, SPEAKERS.format("Carol (speaker); Alice (speaker); Bob (moderator)"))

    assert (problems(plan), statuses(plan), plan.rows[0].notes) == ([], ["updated"], [])
    assert roles_of("a") == [
        ("Carol", "speaker", 1, "Carol confirmed"),
        ("Alice", "speaker", 2, "Alice confirmed"),
        ("Bob", "moderator", 3, "Bob confirmed"),
    ]
    assert {role.name_as_printed: role.pk for role in SessionRole.objects.all()} == kept
    assert SessionRole.objects.get(name_as_printed="Bob").person == bob


def test_a_speaker_inserted_or_removed_in_the_middle_leaves_the_others_as_they_were(summit):
    run(summit, SPEAKERS.format("Alice (speaker); Bob (moderator); Carol (speaker)"))
    SessionRole.objects.filter(name_as_printed="Bob").update(note="tbc")
    SessionRole.objects.filter(name_as_printed="Carol").update(note="remote")
    kept = {role.name_as_printed: role.pk for role in SessionRole.objects.all()}

    inserted = run(
        summit, SPEAKERS.format("Alice (speaker); Dan (speaker, OKFN); Bob (moderator); Carol (speaker)")
    )

    assert (problems(inserted), statuses(inserted)) == ([], ["updated"])
    assert inserted.rows[0].notes == ["new person: Dan"]
    assert roles_of("a") == [
        ("Alice", "speaker", 1, ""),
        ("Dan", "speaker", 2, ""),
        ("Bob", "moderator", 3, "tbc"),
        ("Carol", "speaker", 4, "remote"),
    ]

    removed = run(summit, SPEAKERS.format("Alice (speaker); Dan (speaker, OKFN); Carol (speaker)"))

    assert (problems(removed), statuses(removed), removed.rows[0].notes) == ([], ["updated"], [])
    assert roles_of("a") == [
        ("Alice", "speaker", 1, ""),
        ("Dan", "speaker", 2, ""),
        ("Carol", "speaker", 3, "remote"),
    ]
    assert {role.name_as_printed: role.pk for role in SessionRole.objects.exclude(name_as_printed="Dan")} == {
        "Alice": kept["Alice"],
        "Carol": kept["Carol"],
    }
    again = run(summit, SPEAKERS.format("Alice (speaker); Dan (speaker, OKFN); Carol (speaker)"))
    assert statuses(again) == ["unchanged"]


# -- 2. cycles through stored parents ----------------------------------------------------------

TREE = "key,parent,date,title_en\na,,2016-12-08,A\nb,a,2016-12-08,B\nc,b,2016-12-08,C\n"


def test_a_parent_that_loops_through_a_stored_session_is_refused(summit):
    run(summit, TREE)

    plan = run(summit, "key,parent,date,title_en\na,b,2016-12-08,A\n")

    assert problems(plan) == ["Row 2: parent “b” makes the session part of itself."]
    assert Event.objects.get(slug="ogp-2016-paris-a").parent == summit


def test_a_longer_loop_of_file_rows_and_stored_sessions_is_refused(summit):
    run(summit, TREE)

    # a under x (new), x under c; c is stored under b, b under a.
    plan = run(summit, "key,parent,date,title_en\na,x,2016-12-08,A\nx,c,2016-12-08,X\n")

    assert problems(plan) == [
        "Row 2: parent “x” makes the session part of itself.",
        "Row 3: parent “c” makes the session part of itself.",
    ]
    assert not Event.objects.filter(slug="ogp-2016-paris-x").exists()


def test_moving_a_session_under_a_stored_sibling_is_no_loop(summit):
    run(summit, TREE)

    plan = run(summit, "key,parent,date,title_en\nb,,2016-12-08,B\nc,a,2016-12-08,C\n")

    assert problems(plan) == []
    assert Event.objects.get(slug="ogp-2016-paris-c").parent.slug == "ogp-2016-paris-a"


# -- 3. rows without a key matched by either title -------------------------------------------


def test_a_row_without_key_matches_by_its_chinese_title_alone(summit):
    run(summit, "date,start,title_en,title_zh\n2016-12-08,09:00,Open Data,開放資料\n")

    plan = run(summit, "date,start,title_zh,format\n2016-12-08,09:00,開放資料,panel\n")

    assert statuses(plan) == ["updated"]
    assert [(e.title_en, e.format) for e in Event.objects.filter(summit=summit)] == [("Open Data", "panel")]


def test_a_row_without_key_matches_when_one_title_had_a_typo(summit):
    run(summit, "date,start,title_en,title_zh\n2016-12-08,09:00,Open Dta,開放資料\n")

    plan = run(summit, "date,start,title_en,title_zh\n2016-12-08,09:00,Open Data,開放資料\n")

    assert (statuses(plan), sorted(plan.rows[0].changed)) == (["updated"], ["title_en"])
    assert [e.title_en for e in Event.objects.filter(summit=summit)] == ["Open Data"]


# -- 4. a date change moves the times ------------------------------------------------------------


def test_a_new_date_moves_the_stored_times_when_the_file_has_no_time_columns(summit):
    run(summit, "key,date,start,end,title_en\na,2016-12-08,09:00,10:30,A\n")

    plan = run(summit, "key,date,title_en\na,2016-12-09,A\n")

    assert (problems(plan), sorted(plan.rows[0].changed)) == ([], ["date"])
    session = Event.objects.get(slug="ogp-2016-paris-a")
    assert (session.start_date, session.end_date, session.starts_at, session.ends_at) == (
        datetime.date(2016, 12, 9),
        datetime.date(2016, 12, 9),
        paris(9, 9),
        paris(9, 10, 30),
    )


def test_a_new_date_with_the_same_clock_times_moves_the_times(summit):
    run(summit, "key,date,start,end,title_en\na,2016-12-08,09:00,10:30,A\n")

    run(summit, "key,date,start,end,title_en\na,2016-12-07,09:00,10:30,A\n")

    session = Event.objects.get(slug="ogp-2016-paris-a")
    assert (session.start_date, session.starts_at, session.ends_at) == (
        datetime.date(2016, 12, 7),
        paris(7, 9),
        paris(7, 10, 30),
    )


def test_times_from_the_file_must_fit_those_it_leaves_stored(summit):
    run(summit, "key,date,start,end,title_en\na,2016-12-08,09:00,10:00,A\n")

    plan = run(summit, "key,date,start,title_en\na,2016-12-08,11:00,A\n")
    earlier = run(summit, "key,date,end,title_en\na,2016-12-08,08:00,A\n")

    assert problems(plan) == ["Row 2: end 10:00 is not after the start."]
    assert problems(earlier) == ["Row 2: end 08:00 is not after the start."]


# -- 5. dates within the summit ------------------------------------------------------------------

OUTSIDE = (
    "Row {row}: date {day} is outside the summit (2016-12-07 to 2016-12-09; side events up to 2 days "
    "before or after are accepted)."
)


def test_dates_outside_the_summit_and_its_side_events_are_refused(summit):
    plan = run(
        summit,
        "date,end,title_en\n"
        "2016-12-05,,Side event before\n"
        "2016-12-04,,Too early\n"
        "2016-12-11,,Side event after\n"
        "2016-12-12,,Too late\n"
        "2016-12-09,2016-12-12 10:00,Ends too late\n",
    )

    assert problems(plan) == [
        OUTSIDE.format(row=3, day="2016-12-04"),
        OUTSIDE.format(row=5, day="2016-12-12"),
        OUTSIDE.format(row=6, day="2016-12-12 10:00").replace("date", "end", 1),
    ]


def test_a_summit_without_dates_takes_any_date():
    summit = f.make_summit(slug="ogp-undated", start_date=None, end_date=None)

    plan = run(summit, "date,title_en\n1999-01-01,Long ago\n")

    assert (problems(plan), statuses(plan)) == ([], ["new"])


# -- 6. empty dates ----------------------------------------------------------------------------


def test_an_empty_date_is_refused_for_a_dated_session_and_a_new_one_without_time(summit):
    run(summit, "key,date,start,title_en\na,2016-12-08,09:00,A\n")

    plan = run(summit, "key,date,start,title_en\na,,09:00,A\nb,,,B\nc,,09:00,C\n")

    assert problems(plan) == [
        "Row 2: date is empty, but the session is on 2016-12-08: write its date (an empty cell, or a "
        "formula Excel left without a value, would remove it).",
        "Row 3: date is empty: a new session needs its date (YYYY-MM-DD), or at least its time.",
    ]
    assert plan.rows[2].notes == ["no date: the time is kept as printed"]
    assert Event.objects.get(slug="ogp-2016-paris-a").start_date == datetime.date(2016, 12, 8)


def test_a_new_session_with_a_time_but_no_date_keeps_the_time_as_printed(summit):
    plan = run(summit, "key,date,start,end,title_en\nc,,09:00,10:00,C\n")

    assert (problems(plan), statuses(plan)) == ([], ["new"])
    session = Event.objects.get(slug="ogp-2016-paris-c")
    assert (session.start_date, session.starts_at, session.time_as_printed) == (None, None, "09:00–10:00")


# -- 7. line breaks ------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_a_line_break_in_a_title_is_a_space_and_a_description_keeps_its_lines(summit, file_format):
    plan = run(
        summit,
        "key,date,title_en,room,description\n"
        'a,2016-12-08,"Open\nData","Salle\nA","First line\nSecond line"\n',
    )
    assert problems(plan) == []
    session = Event.objects.get(slug="ogp-2016-paris-a")
    assert (session.title_en, session.room.name, session.description) == (
        "Open Data",
        "Salle A",
        "First line\nSecond line",
    )

    again = run(summit, exported(summit, file_format))

    assert (problems(again), statuses(again)) == ([], ["unchanged"])


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_stored_line_breaks_export_and_import_unchanged(summit, file_format):
    # Typed in the admin: a title with a line break, a description with its lines padded.
    f.make_session(
        parent=summit,
        slug="ogp-2016-paris-a",
        start_date=datetime.date(2016, 12, 8),
        end_date=datetime.date(2016, 12, 8),
        title_en="Open\nData",
        description="First line \r\n\nSecond  line\n",
    )

    plan = run(summit, exported(summit, file_format))

    assert (problems(plan), statuses(plan)) == ([], ["unchanged"])


# -- 8. speakers cells -------------------------------------------------------------------------


def test_speakers_separated_as_chinese_reports_print_them(summit):
    cell = "甲、乙（主持人，國發會、行政院）；丙\nDan, Jr. (speaker)，“Smith; Jones LLP” (organiser)"

    plan = run(summit, f'key,date,title_zh,speakers\na,2016-12-08,座談,"{cell}"\n')

    assert problems(plan) == []
    assert [
        (role.name_as_printed, role.role, role.affiliation_as_printed)
        for role in SessionRole.objects.order_by("order")
    ] == [
        ("甲", "speaker", ""),
        ("乙", "moderator", "國發會、行政院"),
        ("丙", "speaker", ""),
        ("Dan, Jr.", "speaker", ""),
        ("Smith; Jones LLP", "organiser", ""),
    ]


def test_a_parenthesis_or_quote_left_open_is_refused(summit):
    plan = run(
        summit,
        "key,date,title_en,speakers\n"
        'a,2016-12-08,A,"Alice (speaker; Bob"\n'
        'b,2016-12-08,B,"“Carol; Dan (host)"\n',
    )

    assert problems(plan) == [
        "Row 2: speakers: “Alice (speaker; Bob” has a parenthesis or a quote that is not closed.",
        "Row 3: speakers: ““Carol; Dan (host)” has a parenthesis or a quote that is not closed.",
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_names_holding_separators_are_quoted_by_the_export_and_read_back(summit, file_format):
    session = f.make_session(parent=summit, slug="ogp-2016-paris-a", start_date=datetime.date(2016, 12, 8))
    for order, name in enumerate(["Smith; Jones LLP", "甲、乙聯合會", "Open (Gov", 'Say "hi"; bye'], start=1):
        SessionRole.objects.create(event=session, order=order, role="organiser", name_as_printed=name)

    assert speaker_cell(session.roles.all()) == (
        "“Smith; Jones LLP” (organiser); “甲、乙聯合會” (organiser); “Open (Gov” (organiser); "
        '“Say "hi"; bye” (organiser)'
    )
    plan = run(summit, exported(summit, file_format))

    assert (problems(plan), statuses(plan)) == ([], ["unchanged"])


# -- 9. lengths --------------------------------------------------------------------------------


def test_values_longer_than_their_fields_are_refused_before_anything_is_written(summit):
    long = "x" * 501
    plan = run(
        summit,
        "key,date,start,room,tracks,title_en,speakers\n"
        f"a,2016-12-08,,{'r' * 301},,{long},\n"
        f"b,2016-12-08,,,{'t' * 201},B,{'n' * 301} (speaker)\n"
        f"c,2016-12-08,,,,C,{'p' * 201} (speaker); {'o' * 250} (organiser)\n"
        f'd,2016-12-08,,,,D,"Ann (speaker, {"a" * 501})"\n'
        f"{'k' * 200},,{'9' * 101},,,E,\n",
    )

    assert problems(plan) == [
        f"Row 2: title_en: “{'x' * 40}…” is longer than 500 characters.",
        f"Row 2: room: “{'r' * 40}…” is longer than 300 characters.",
        f"Row 3: tracks: “{'t' * 40}…” is longer than 200 characters.",
        f"Row 3: speakers: “{'n' * 40}…” is longer than 300 characters.",
        f"Row 4: speakers: “{'p' * 40}…” is longer than 200 characters, too long for a new person or "
        "organisation's name.",
        f"Row 5: speakers: “{'a' * 40}…” is longer than 500 characters.",
        f"Row 6: key: “{'k' * 40}…” is longer than 185 characters.",
        f"Row 6: start: “{'9' * 40}…” is longer than 100 characters.",
    ]
    assert plan.created["rooms"] == plan.created["tracks"] == plan.created["people"] == []
    assert (Event.objects.filter(summit=summit).count(), Room.objects.count(), Track.objects.count()) == (
        0,
        0,
        0,
    )
    assert (Person.objects.count(), Organization.objects.count()) == (0, 0)


# -- 10. export then import changes nothing ----------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_export_then_import_is_exact_for_seconds_several_days_printed_times_and_spaces(summit, file_format):
    def session(key, **fields):
        return f.make_session(parent=summit, slug=f"ogp-2016-paris-{key}", **fields)

    day = datetime.date(2016, 12, 8)
    session(
        "seconds", start_date=day, end_date=day, starts_at=paris(8, 9, 0, 30), ends_at=paris(8, 10, 0, 15)
    )
    session(
        "two-days",
        start_date=day,
        end_date=datetime.date(2016, 12, 9),
        starts_at=paris(8, 10),
        ends_at=paris(9, 17),
    )
    session("two-days-no-times", start_date=day, end_date=datetime.date(2016, 12, 9))
    session("printed", time_as_printed="morning")
    session("spaces", start_date=day, end_date=day, title_en="  Open   Data ", title_zh="開放\n資料")
    rows = {row[0]: row for row in programme_rows(summit)}
    start, end = (PROGRAMME_COLUMNS.headers.index(name) for name in ("start", "end"))

    plan = run(summit, exported(summit, file_format))

    assert (rows["seconds"][start], rows["seconds"][end]) == ("09:00:30", "10:00:15")
    assert (rows["two-days"][end], rows["two-days-no-times"][end]) == ("2016-12-09 17:00", "2016-12-09")
    assert problems(plan) == []
    assert [
        (row.cells["key"], row.status, sorted(row.changed)) for row in plan.rows if row.status != "unchanged"
    ] == []
    assert len(plan.rows) == 5


def test_an_end_on_a_later_day_is_read_with_its_date(summit):
    plan = run(summit, "key,date,start,end,title_en\na,2016-12-08,10:00,2016-12-09 17:00,A\n")

    assert problems(plan) == []
    session = Event.objects.get(slug="ogp-2016-paris-a")
    assert (session.end_date, session.ends_at) == (datetime.date(2016, 12, 9), paris(9, 17))


# -- 11. 上午/下午 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("上午 9:30", (9, 30)),
        ("下午3:00", (15, 0)),
        ("下午 3 時", (15, 0)),
        ("9:30 上午", (9, 30)),
        ("下午 12:15", (12, 15)),
        ("上午 12:30", (0, 30)),
        ("下午３：００", (15, 0)),
        ("１０：３０", (10, 30)),
        ("10:15:30", (10, 15, 30)),
    ],
)
def test_times_with_morning_and_afternoon_in_chinese(text, time):
    assert parse_time(text) == datetime.time(*time)


@pytest.mark.parametrize("text", ["上午 13:00", "上午下午 3:00", "下午 3:00pm", "3"])
def test_what_is_no_time(text):
    assert parse_time(text) is None


# -- 12. rows under a row with an error ----------------------------------------------------------


def test_rows_under_a_row_with_an_error_say_so(summit):
    plan = run(
        summit,
        "key,parent,date,title_en\na,,2016-13-40,A\nb,a,2016-12-08,B\nc,b,2016-12-08,C\nd,,2016-12-08,D\n",
    )

    assert problems(plan) == [
        "Row 2: date “2016-13-40” is not a date (YYYY-MM-DD).",
        "Row 3: parent “a” is the key of row 2, which has an error.",
        "Row 4: parent “b” is the key of row 3, which has an error.",
    ]
    assert statuses(plan) == ["error", "error", "error", "new"]


# -- a title above the header ------------------------------------------------------------------


def test_a_programme_with_a_title_and_notes_above_its_header_imports(summit):
    plan = run(
        summit,
        "2016 OGP 高峰會議程,,\nTimes are Paris time,,\nkey,date,title_en\na,2016-12-08,A\n",
    )

    assert (problems(plan), statuses(plan)) == ([], ["new"])
    assert plan.rows[0].number == 4
