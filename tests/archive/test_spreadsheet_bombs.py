"""Workbooks whose one cell unpacks to megabytes (“bombs”), uploaded in the admin and given to
the import commands: refused with a plain message in the staff member's language, nothing
written, and on the command line the refusal recorded whole."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import translation

from archive.models import ImportRecord
from core.spreadsheets.errors import SpreadsheetError
from core.spreadsheets.reading import read_table
from devtools.management.commands.benchmark_imports import bomb_workbook
from reports.models import DelegationMember
from tests import factories as f
from tests.archive.test_import_admin import preview, stored_files
from tests.core.test_spreadsheet_files import CELL_TOO_LONG, HUGE, ods_cell, ods_file, xlsx_cell, xlsx_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_folder")]

HEADER = ["序號", "單位", "姓名", "職稱"]


def ods_bomb():
    header = "".join(ods_cell(text) for text in HEADER)
    row = ods_cell("1") + ods_cell("國發會") + ods_cell("林菊穗") + ods_cell(HUGE)
    return ods_file(f"<table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row>")


def xlsx_bomb():
    header = "".join(xlsx_cell(f"{column}1", text) for column, text in zip("ABCD", HEADER, strict=True))
    row = "".join(
        xlsx_cell(f"{column}2", text)
        for column, text in zip("ABCD", ["1", "國發會", "林菊穗", HUGE], strict=True)
    )
    return xlsx_file(f'<row r="1">{header}</row><row r="2">{row}</row>')


@pytest.fixture
def importer(client, django_user_model):
    user = django_user_model.objects.create_user(username="importer", password=None, is_staff=True)
    codenames = ["view_delegation", "change_delegation", "view_delegationmember", "import_roster"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "make"), [("roster.ods", ods_bomb), ("roster.xlsx", xlsx_bomb)])
def test_the_admin_refuses_a_workbook_bomb_with_a_plain_message(importer, import_folder, name, make):
    delegation = f.make_delegation()

    response = preview(importer, delegation, make(), name=name, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert CELL_TOO_LONG in response.text
    assert "confirm_form" not in response.context
    assert stored_files(import_folder) == []
    assert (DelegationMember.objects.count(), ImportRecord.objects.count()) == (0, 0)


def test_the_admin_refuses_a_workbook_bomb_in_chinese(importer):
    delegation = f.make_delegation()

    response = preview(importer, delegation, ods_bomb(), name="roster.ods", HTTP_ACCEPT_LANGUAGE="zh-hant")

    assert "活頁簿有一格超過 32,767 個字元" in response.text


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("name", "make"), [("roster.ods", ods_bomb), ("roster.xlsx", xlsx_bomb)])
def test_import_roster_refuses_a_workbook_bomb_and_records_the_refusal(tmp_path, name, make):
    f.make_delegation(slug="ogp-2016-paris")
    path = tmp_path / name
    path.write_bytes(make())

    with pytest.raises(CommandError) as error:
        call_command("import_roster", str(path), delegation="ogp-2016-paris", stdout=io.StringIO())

    assert str(error.value) == f"{name}: {CELL_TOO_LONG}"
    assert DelegationMember.objects.count() == 0
    record = ImportRecord.objects.get()
    assert (record.outcome, record.messages, record.file_name, record.rows) == (
        "refused",
        CELL_TOO_LONG,
        name,
        0,
    )


@pytest.mark.usefixtures("english")
def test_import_roster_dry_run_refuses_a_workbook_bomb_and_records_nothing(tmp_path):
    f.make_delegation(slug="ogp-2016-paris")
    path = tmp_path / "roster.ods"
    path.write_bytes(ods_bomb())

    with pytest.raises(CommandError) as error:
        call_command("import_roster", str(path), delegation="ogp-2016-paris", dry_run=True)

    assert str(error.value) == f"roster.ods: {CELL_TOO_LONG}"
    assert (DelegationMember.objects.count(), ImportRecord.objects.count()) == (0, 0)


def test_the_benchmarks_bomb_is_small_and_refused():
    for file_format in ("ods", "xlsx"):
        data = bomb_workbook(file_format, 20 * 2**20)

        assert len(data) < 50 * 1024
        with pytest.raises(SpreadsheetError) as error, translation.override("en"):
            read_table(data)
        assert str(error.value) == CELL_TOO_LONG
