"""import_roster, export_roster, import_sessions and export_sessions on the command line."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from archive.models import ImportRecord
from events.models import Event
from reports.models import DelegationMember
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# The 2023 summit's days: a programme's dates must fall within them (side events allowing).
TALLINN_DATES = {"start_date": datetime.date(2023, 9, 6), "end_date": datetime.date(2023, 9, 7)}
ROSTER = "序號,單位,姓名,職稱\n1,國家發展委員會,林菊穗,分析師\n2,行政院,唐鳳,=政務委員\n"


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def delegation():
    return f.make_delegation(slug="ogp-2016-paris")


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="cp950")
    return path


def test_import_roster_dry_run_writes_nothing(delegation, roster_file):
    out = io.StringIO()

    call_command("import_roster", str(roster_file), delegation="ogp-2016-paris", dry_run=True, stdout=out)

    assert "roster.csv: 2 new, 0 updated, 0 unchanged, 0 deleted, 0 with errors" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert "\r[" not in out.getvalue()
    assert (DelegationMember.objects.count(), ImportRecord.objects.count()) == (0, 0)


def test_import_roster_writes_records_and_shows_progress_on_a_terminal(delegation, roster_file):
    out = Terminal()

    call_command("import_roster", str(roster_file), delegation="ogp-2016-paris", stdout=out)

    assert "\r[" in out.getvalue()
    assert "Imported roster.csv" in out.getvalue()
    assert [m.title for m in delegation.members.all()] == ["分析師", "=政務委員"]
    record = ImportRecord.objects.get()
    assert (record.source, record.outcome, record.rows_new, record.encoding, record.user) == (
        "command",
        "imported",
        2,
        "cp950",
        None,
    )


def test_import_roster_fails_with_row_level_messages_and_writes_nothing(delegation, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n2,國發會,,科長\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command(
            "import_roster", str(path), delegation="ogp-2016-paris", stdout=io.StringIO(), stderr=err
        )

    assert str(error.value) == "bad.csv: 1 problem(s); nothing was written."
    assert "bad.csv: Row 3: 姓名 is empty: every roster row needs a name." in err.getvalue()
    assert DelegationMember.objects.count() == 0
    assert ImportRecord.objects.get().outcome == "refused"


def test_import_roster_refuses_a_file_that_is_no_spreadsheet(delegation, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n")

    with pytest.raises(CommandError) as error:
        call_command("import_roster", str(path), delegation="ogp-2016-paris")

    assert (
        str(error.value)
        == "report.pdf: This is a PDF file, not a spreadsheet: upload a CSV, XLSX or ODS file."
    )


def test_import_roster_names_an_unknown_delegation(roster_file):
    with pytest.raises(CommandError) as error:
        call_command("import_roster", str(roster_file), delegation="nowhere")

    assert str(error.value) == "No delegation has the slug “nowhere”."


def test_export_roster_writes_csv_to_standard_output_and_xlsx_to_a_file(delegation, roster_file, tmp_path):
    call_command("import_roster", str(roster_file), delegation="ogp-2016-paris", stdout=io.StringIO())
    out = io.StringIO()

    call_command("export_roster", delegation="ogp-2016-paris", format="csv", stdout=out)
    call_command("export_roster", delegation="ogp-2016-paris", format="xlsx", output=str(tmp_path / "r.xlsx"))
    call_command("export_roster", delegation="ogp-2016-paris", format="ods", output=str(tmp_path / "r.ods"))

    assert out.getvalue().splitlines() == [
        "\ufeff序號,單位,姓名,職稱,官職等,團內角色,英文姓名",
        "1,國家發展委員會,林菊穗,分析師,,,",
        "2,行政院,唐鳳,'=政務委員,,,",
    ]
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert [list(row) for row in sheet.iter_rows(values_only=True)][1][:4] == [
        1,
        "國家發展委員會",
        "林菊穗",
        "分析師",
    ]
    assert (tmp_path / "r.ods").read_bytes()[30:38] == b"mimetype"
    again = io.StringIO()
    call_command("import_roster", str(tmp_path / "r.ods"), delegation="ogp-2016-paris", stdout=again)
    assert "0 new, 0 updated, 2 unchanged" in again.getvalue()


def test_import_sessions_loads_a_programme(tmp_path):
    f.make_summit(slug="ogp-2023-tallinn", time_zone="Europe/Tallinn", **TALLINN_DATES)
    path = tmp_path / "agenda.csv"
    path.write_text(
        "日期,開始,結束,英文標題,講者\n2023-09-06,10:00,11:00,Opening Plenary,Alar Karis (speaker)\n"
    )
    out = io.StringIO()

    call_command("import_sessions", str(path), event="ogp-2023-tallinn", stdout=out)

    session = Event.objects.get(title_en="Opening Plenary")
    assert session.local_start.strftime("%Y-%m-%d %H:%M") == "2023-09-06 10:00"
    assert session.starts_at.hour == 7
    assert [r.name_as_printed for r in session.roles.all()] == ["Alar Karis"]
    exported = io.StringIO()
    call_command("export_sessions", event="ogp-2023-tallinn", stdout=exported)
    assert "Alar Karis (speaker)" in exported.getvalue()


def test_import_sessions_fails_on_a_bad_row(tmp_path):
    f.make_summit(slug="ogp-2023-tallinn", time_zone="Europe/Tallinn", **TALLINN_DATES)
    path = tmp_path / "agenda.csv"
    path.write_text("date,start,title_en\n2023-09-06,25:00,Opening Plenary\n")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_sessions", str(path), event="ogp-2023-tallinn", stderr=err, stdout=io.StringIO())

    assert "agenda.csv: Row 2: start “25:00” is not a time (HH:MM)." in err.getvalue()
    assert Event.objects.filter(title_en="Opening Plenary").count() == 0


ROSTER_WITH_ERRORS = "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n2,國發會,,科長\n1,國發會,唐鳳,政務委員\n"
ROSTER_WITHOUT_TITLES = "序號,單位,姓名\n1,國發會,林菊穗\n"


def test_import_roster_names_each_problem_in_chinese(tmp_path):
    f.make_delegation(slug="ogp-2016-paris")
    path = tmp_path / "名單.csv"
    path.write_text(ROSTER_WITH_ERRORS, encoding="cp950")
    err = io.StringIO()

    with translation.override("zh-hant"), pytest.raises(CommandError) as error:
        call_command(
            "import_roster", str(path), delegation="ogp-2016-paris", stdout=io.StringIO(), stderr=err
        )

    assert str(error.value) == "名單.csv：共 2 個問題；未寫入任何資料。"
    assert err.getvalue().splitlines() == [
        "名單.csv: 第 3 列：姓名 為空白：每一列團員都需要姓名。",
        "名單.csv: 第 4 列：序號 1 與第 2 列重複。",
    ]
    assert DelegationMember.objects.count() == 0


def test_import_commands_name_a_missing_column_and_a_repeated_session_in_chinese(tmp_path):
    f.make_summit(slug="ogp-2023-tallinn", time_zone="Europe/Tallinn", **TALLINN_DATES)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_WITHOUT_TITLES, encoding="utf-8")
    programme = tmp_path / "agenda.csv"
    programme.write_text(
        "date,start,title_en\n2023-09-06,09:00,Opening\n2023-09-06,09:00,Opening\n", encoding="utf-8"
    )
    f.make_delegation(slug="ogp-2016-paris")
    roster_err, programme_err = io.StringIO(), io.StringIO()

    with translation.override("zh-hant"), pytest.raises(CommandError) as missing:
        call_command(
            "import_roster", str(roster), delegation="ogp-2016-paris", stdout=io.StringIO(), stderr=roster_err
        )
    with translation.override("zh-hant"), pytest.raises(CommandError):
        call_command(
            "import_sessions",
            str(programme),
            event="ogp-2023-tallinn",
            stdout=io.StringIO(),
            stderr=programme_err,
        )

    assert str(missing.value) == "roster.csv：共 1 個問題；未寫入任何資料。"
    assert (
        roster_err.getvalue()
        == "roster.csv: 檔案缺少「職稱」欄（或「title」）：標題列（第 1 列）必須有此欄。\n"
    )
    assert (
        programme_err.getvalue() == "agenda.csv: 第 3 列：此場次與第 2 列重複（標題、日期與開始時間相同）。\n"
    )
