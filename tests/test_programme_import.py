"""A summit's programme in and out as a spreadsheet (events.programme_io)."""

import datetime

import pytest

from core.spreadsheets.reading import read_table
from core.spreadsheets.writing import spreadsheet_chunks
from events.models import Event, Room, SessionRole, Track
from events.programme_io.cells import PROGRAMME_COLUMNS, parse_date, parse_time
from events.programme_io.export import programme_rows
from events.programme_io.plan import ProgrammeImport
from people.models import Organization, Person

from . import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

UTC = datetime.UTC
PROGRAMME = (
    "key,parent,kind,format,date,start,end,room,tracks,languages,title_en,title_zh,speakers\n"
    "open-local,,session,panel,2016-12-08,09:15,10:30,Hemicycle,Open parliament,fr | en,"
    'Open Local Government,開放地方政府,"Audrey Tang (speaker, Digital Minister); '
    'OGP Support Unit (organiser)"\n'
    "open-local-paris,open-local,session,,105/12/08,3:00pm,3:50pm,,,,Paris City Hall panel,,"
    '"UK Government (Cabinet Office) (organiser); 高仙桂 (主持人, 國家發展委員會副主任委員)"\n'
    "fork,,session,workshop,2016-12-09,,,,,,Fork and Merge,,\n"
)


@pytest.fixture
def summit():
    summit = f.make_summit(slug="ogp-2016-paris", time_zone="Europe/Paris")
    f.make_room(summit=summit, slug="hemicycle", venue="Palais d'Iéna", name="Hemicycle")
    return summit


def run(summit, content, dry_run=False):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return ProgrammeImport(summit).run(read_table(data), dry_run=dry_run)


def problems(plan):
    return [str(problem) for problem in plan.problems]


def test_programme_import_creates_sessions_in_local_time_with_roles(summit):
    kao = f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey")

    plan = run(summit, PROGRAMME)

    assert problems(plan) == []
    assert plan.counts()["new"] == 3
    assert plan.created["people"] == ["Audrey Tang"]
    assert plan.created["organizations"] == ["OGP Support Unit", "UK Government (Cabinet Office)"]
    assert plan.created["tracks"] == ["Open parliament"]
    panel = Event.objects.get(slug="ogp-2016-paris-open-local")
    assert (panel.starts_at, panel.ends_at) == (
        datetime.datetime(2016, 12, 8, 8, 15, tzinfo=UTC),
        datetime.datetime(2016, 12, 8, 9, 30, tzinfo=UTC),
    )
    assert (panel.summit, panel.parent, panel.room.slug, panel.format) == (
        summit,
        summit,
        "hemicycle",
        "panel",
    )
    assert sorted(panel.languages.values_list("code", flat=True)) == ["en", "fr"]
    assert [t.name_en for t in panel.tracks.all()] == ["Open parliament"]
    part = Event.objects.get(slug="ogp-2016-paris-open-local-paris")
    assert (part.parent, part.summit, part.local_start.strftime("%H:%M")) == (panel, summit, "15:00")
    roles = [
        (
            r.role,
            r.name_as_printed,
            r.affiliation_as_printed,
            r.person,
            r.organization and r.organization.name_en,
        )
        for r in SessionRole.objects.filter(event__summit=summit).order_by("event__title_en", "order")
    ]
    assert roles == [
        ("speaker", "Audrey Tang", "Digital Minister", Person.objects.get(name_en="Audrey Tang"), None),
        ("organiser", "OGP Support Unit", "", None, "OGP Support Unit"),
        ("organiser", "UK Government (Cabinet Office)", "", None, "UK Government (Cabinet Office)"),
        ("moderator", "高仙桂", "國家發展委員會副主任委員", kao, None),
    ]
    fork = Event.objects.get(title_en="Fork and Merge")
    assert (fork.start_date, fork.starts_at, fork.format) == (datetime.date(2016, 12, 9), None, "workshop")
    assert list(Event.objects.search("Paris City Hall")) == [part]


def test_programme_import_again_changes_nothing(summit):
    run(summit, PROGRAMME)
    counts = (
        Person.objects.count(),
        Organization.objects.count(),
        Room.objects.count(),
        Track.objects.count(),
    )

    again = run(summit, PROGRAMME)

    assert again.counts()["unchanged"] == 3
    assert (
        Person.objects.count(),
        Organization.objects.count(),
        Room.objects.count(),
        Track.objects.count(),
    ) == counts


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_programme_export_then_import_changes_nothing(summit, file_format):
    run(summit, PROGRAMME)
    exported = b"".join(spreadsheet_chunks(file_format, PROGRAMME_COLUMNS.headers, programme_rows(summit)))

    plan = run(summit, exported)

    assert problems(plan) == []
    assert plan.counts()["unchanged"] == 3


def test_programme_rows_without_key_match_by_title_date_and_start(summit):
    run(summit, "date,start,title_en,format\n2016-12-08,09:15,Fork and Merge,\n")

    plan = run(summit, "date,start,title_en,format\n2016-12-08,09:15,Fork and Merge,fishbowl\n")

    assert plan.counts()["updated"] == 1
    assert Event.objects.get(title_en="Fork and Merge").format == "fishbowl"


def test_programme_changes_update_sessions_and_roles(summit):
    run(summit, PROGRAMME)

    plan = run(
        summit, PROGRAMME.replace("09:15,10:30", "09:30,10:30").replace("Digital Minister", "Minister")
    )

    assert plan.counts()["updated"] == 1
    panel = Event.objects.get(slug="ogp-2016-paris-open-local")
    assert panel.local_start.strftime("%H:%M") == "09:30"
    assert panel.roles.get(order=1).affiliation_as_printed == "Minister"


def test_programme_errors_name_row_and_column_and_nothing_is_written(summit):
    content = (
        "key,date,start,end,languages,title_en,speakers\n"
        "a,2016-12-08,25:00,,,A,\n"
        "b,2016-13-40,,,,B,\n"
        "c,2016-12-08,10:00,09:00,,C,\n"
        "d,2016-12-08,,,xx,D,\n"
        "e,2016-12-08,,,,E,Audrey Tang (Digital Minister)\n"
        "f,2016-12-08,,,,,\n"
        "a,2016-12-08,,,,G,\n"
    )

    plan = run(summit, content)

    assert problems(plan) == [
        "Row 2: start “25:00” is not a time (HH:MM).",
        "Row 3: date “2016-13-40” is not a date (YYYY-MM-DD).",
        "Row 4: end 09:00 is not after the start.",
        "Row 5: languages “xx” is not a known language code.",
        "Row 6: speakers: “Digital Minister” is not a role (speaker, moderator, chair, organiser, host, "
        "participant); write each name as “Name (role, affiliation)”.",
        "Row 7: The session has no title: fill in title_en or title_zh.",
        "Row 8: key “a” repeats row 2.",
    ]
    assert Event.objects.filter(summit=summit).count() == 0


def test_programme_without_date_column_is_refused(summit):
    plan = run(summit, "title_en,start\nA,09:00\n")

    assert problems(plan) == ["The file has no “date” column: the header row (row 1) must name it."]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2016-12-08", (2016, 12, 8)),
        ("105/12/08", (2016, 12, 8)),
        ("105年12月8日", (2016, 12, 8)),
        ("2016/9/6", (2016, 9, 6)),
    ],
)
def test_dates_in_either_calendar(text, day):
    assert parse_date(text) == datetime.date(*day)


@pytest.mark.parametrize(
    ("text", "time"), [("09:15", (9, 15)), ("３:００pm", (15, 0)), ("12pm", (12, 0)), ("12:30am", (0, 30))]
)
def test_times_as_programmes_print_them(text, time):
    assert parse_time(text) == datetime.time(*time)
