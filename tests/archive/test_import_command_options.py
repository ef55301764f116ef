"""The import and export commands: whose import it was, the terminal's language, the rows a
dry run would change, a file refused before it is read, and an export to a path that cannot be
written."""

import getpass
import hashlib
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from archive.models import ImportRecord
from reports.models import DelegationMember
from tests import factories as f

pytestmark = pytest.mark.django_db

ROSTER = "序號,單位,姓名,職稱\n1,國家發展委員會,林菊穗,分析師\n2,行政院,唐鳳,政務委員\n"


@pytest.fixture
def delegation():
    return f.make_delegation(slug="ogp-2016-paris")


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error)
    return out.getvalue(), err.getvalue()


def test_an_import_is_recorded_with_the_staff_account_named_and_the_shell_account(
    delegation, roster_file, django_user_model
):
    user = django_user_model.objects.create_user(username="lin", password=None, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_roster"))

    run("import_roster", str(roster_file), delegation="ogp-2016-paris", user="lin")

    record = ImportRecord.objects.get()
    assert (record.user, record.system_account, record.source) == (user, getpass.getuser(), "command")
    assert delegation.members.count() == 2


def test_an_account_without_the_import_permission_cannot_be_named(delegation, roster_file, django_user_model):
    django_user_model.objects.create_user(username="clerk", password=None, is_staff=True)

    _out, err = run(
        "import_roster", str(roster_file), delegation="ogp-2016-paris", user="clerk", language="en"
    )

    assert err == "clerk may not import: the account lacks the import permission."
    assert (DelegationMember.objects.count(), ImportRecord.objects.count()) == (0, 0)


def test_without_a_named_account_the_shell_account_is_recorded(delegation, roster_file):
    run("import_roster", str(roster_file), delegation="ogp-2016-paris")

    record = ImportRecord.objects.get()
    assert (record.user, record.system_account) == (None, getpass.getuser())


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "roster.csv: 2 new, 0 updated, 0 unchanged, 0 deleted, 0 with errors"),
        ({"LANG": "zh_TW.UTF-8"}, "roster.csv：新增 2 列、更新 0 列、未變更 0 列、刪除 0 列、錯誤 0 列"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "新增 2 列"),
    ],
)
def test_messages_are_in_the_terminals_language(delegation, roster_file, monkeypatch, environment, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    out, _err = run("import_roster", str(roster_file), delegation="ogp-2016-paris", dry_run=True)

    assert expected.split("：")[-1] in out


def test_language_option_wins_over_the_locale(delegation, roster_file, monkeypatch):
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")

    out, _err = run(
        "import_roster", str(roster_file), delegation="ogp-2016-paris", dry_run=True, language="en"
    )

    assert "2 new, 0 updated" in out
    assert "Dry run: nothing was written." in out


def test_a_dry_run_lists_the_rows_that_change_at_verbosity_2(delegation, roster_file):
    f.make_member(delegation=delegation, order=1, person=f.make_person(name_zh="林菊穗"), title="分析師")

    out, _err = run(
        "import_roster",
        str(roster_file),
        delegation="ogp-2016-paris",
        dry_run=True,
        verbosity=2,
        language="en",
    )
    quiet, _err = run(
        "import_roster", str(roster_file), delegation="ogp-2016-paris", dry_run=True, language="en"
    )

    lines = out.splitlines()
    assert "Row 2 · updated · 單位 · 1 | 國家發展委員會 | 林菊穗 | 分析師" in lines
    assert "Row 3 · new · 2 | 行政院 | 唐鳳 | 政務委員" in lines
    assert "Row 3" not in quiet


def test_a_file_refused_before_it_is_read_is_recorded(delegation, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))

    _out, err = run("import_roster", str(path), delegation="ogp-2016-paris", language="en")

    assert "This is a PNG file, not a spreadsheet" in err
    record = ImportRecord.objects.get()
    assert (record.outcome, record.file_name, record.file_size, record.rows) == (
        "refused",
        "photo.csv",
        108,
        0,
    )
    assert record.messages.startswith("This is a PNG file")


def test_the_command_line_takes_files_over_the_upload_limit(delegation, roster_file, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 64
    settings.IMPORT_COMMAND_MAX_SIZE = 1024

    run("import_roster", str(roster_file), delegation="ogp-2016-paris")

    assert sorted(delegation.members.values_list("name_as_printed", flat=True)) == ["唐鳳", "林菊穗"]


def test_a_file_over_the_command_line_limit_is_refused_and_recorded_with_its_hash(
    delegation, roster_file, settings
):
    settings.IMPORT_COMMAND_MAX_SIZE = 64

    _out, err = run("import_roster", str(roster_file), delegation="ogp-2016-paris", language="en")

    assert err == "roster.csv: The file is 104\xa0bytes; files of at most 64\xa0bytes can be imported."
    record = ImportRecord.objects.get()
    assert (record.outcome, record.file_size, record.file_sha256) == (
        "refused",
        104,
        hashlib.sha256(roster_file.read_bytes()).hexdigest(),
    )
    assert delegation.members.count() == 0


def test_a_dry_run_of_an_unreadable_file_is_not_recorded(delegation, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    _out, err = run("import_roster", str(path), delegation="ogp-2016-paris", dry_run=True, language="en")

    assert "The file is empty." in err
    assert ImportRecord.objects.count() == 0


@pytest.mark.parametrize("where", ["missing/folder/roster.csv", "."])
def test_an_export_to_a_path_that_cannot_be_written_is_a_message(delegation, tmp_path, where):
    target = tmp_path / where

    _out, err = run("export_roster", delegation="ogp-2016-paris", output=str(target), language="en")

    assert err.startswith(f"Cannot write {target}: ")
