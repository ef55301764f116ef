"""A broken demo data set is refused whole, with a message that names the file and row."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from archive.demo_data import FIXTURES_DIR, DemoDataError, DemoDataLoader
from events.models import Event
from people.models import Person
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixtures_copy(tmp_path):
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, copy)
    return copy


def replace_line(path, number, change):
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = change(lines[number - 1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_role_of_an_unknown_session_names_its_row_and_writes_nothing(fixtures_copy):
    roles = fixtures_copy / "ogp-2023-tallinn" / "session_roles.csv"
    replace_line(roles, 4, lambda line: "no-such-session" + line[line.index(",") :])

    with pytest.raises(DemoDataError) as error:
        DemoDataLoader(fixtures_copy).load()

    assert "ogp-2023-tallinn/session_roles.csv line 4" in str(error.value)
    assert (Person.objects.count(), Event.objects.count(), Report.objects.count()) == (0, 0, 0)


def test_a_garbled_time_names_its_row(fixtures_copy):
    sessions = fixtures_copy / "ogp-2016-paris" / "sessions.csv"
    replace_line(sessions, 2, lambda line: line.replace(",09:15,", ",9h15,"))

    with pytest.raises(DemoDataError) as error:
        DemoDataLoader(fixtures_copy).load()

    assert str(error.value) == "ogp-2016-paris/sessions.csv line 2: “9h15” is not a time (HH:MM)"
    assert Event.objects.count() == 0


def test_a_garbled_duration_names_its_row(fixtures_copy):
    sessions = fixtures_copy / "ogp-2016-paris" / "sessions.csv"
    line = next(
        number
        for number, text in enumerate(sessions.read_text(encoding="utf-8").splitlines(), start=1)
        if text.startswith("pitch-e-participation-socially-disadvantaged,")
    )
    replace_line(sessions, line, lambda text: text.replace(",13:15,,15,", ",13:15,,15 分鐘,"))

    with pytest.raises(DemoDataError) as error:
        DemoDataLoader(fixtures_copy).load()

    assert str(error.value) == (
        f"ogp-2016-paris/sessions.csv line {line}: “15 分鐘” is not a duration in minutes"
    )
    assert Event.objects.count() == 0


def test_a_session_with_an_end_and_a_duration_is_refused(fixtures_copy):
    sessions = fixtures_copy / "ogp-2016-paris" / "sessions.csv"
    replace_line(sessions, 2, lambda text: text.replace(",09:15,10:15,,", ",09:15,10:15,60,"))

    with pytest.raises(DemoDataError) as error:
        DemoDataLoader(fixtures_copy).load()

    assert (
        str(error.value) == "ogp-2016-paris/sessions.csv line 2: a session has an end or a duration, not both"
    )
    assert Event.objects.count() == 0


def test_load_demo_data_command_reports_the_error_in_a_sentence(fixtures_copy):
    roster = fixtures_copy / "ogp-2016-paris" / "roster.csv"
    replace_line(roster, 3, lambda line: "二" + line[line.index(",") :])

    with pytest.raises(CommandError) as error:
        call_command("load_demo_data", fixtures=fixtures_copy)

    assert (
        str(error.value) == "Nothing was loaded: ogp-2016-paris/roster.csv line 3: 序號 “二” is not a number"
    )
