"""`manage.py ingest_report FILE --dry-run [--json]`: what was read, as readable text (field,
value, page) or as JSON; progress with -v 2. Saving the draft: test_report_drafts."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from people.models import Person
from reports.models import Delegation, Report

from .report_files import REPORT_2016, REPORT_2023, source_pdf


@pytest.fixture(scope="module")
def pdf_2016(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "2016.pdf"
    path.write_bytes(source_pdf(REPORT_2016))
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest_report", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_shows_each_field_with_its_page(pdf_2016):
    out, _err = run(pdf_2016, "--dry-run", "--language", "en")
    lines = out.splitlines()
    assert lines[0] == "2016.pdf"
    assert (
        "title             出席開放政府夥伴關係聯盟(Open Government Partnership, OGP)2016 年高峰會  [p. 2]"
        in lines
    )
    assert "report date       2017-02-21 «106 年 2 月 21 日»  [p. 2]" in lines
    assert (
        "contact phone     02-23165300 轉 6852 (private) «國家發展委員會/林菊穗/02-23165300 轉 6852»  [p. 2]"
        in lines
    )
    assert "  潘國才 · 處長  [p. 1]" in lines
    assert any(line.startswith("  壹、目的 (1,9") and line.endswith(" characters)  [p. 4]") for line in lines)
    assert "roster (19)" in lines
    assert "  19. 呂家華 · 資深審議式民主、公民參與倡議者及行動者  [p. 33]" in lines
    assert lines[-1] == "Missing: —"


def test_dry_run_in_chinese():
    out, _err = run(REPORT_2023, "--dry-run", "--language", "zh-hant")
    lines = out.splitlines()
    assert "報告日期          2023-12 «2023年12月»" in lines
    assert "團員名單 (9)" in lines
    assert "  1. 高仙桂 · 國家發展委員會 · 副主任委員" in lines
    assert lines[-1] == "缺少：—"


def test_json_is_the_read_report(pdf_2016):
    out, _err = run(pdf_2016, "--dry-run", "--json")
    read = json.loads(out)
    assert read["report_date"] == {
        "value": {"date": "2017-02-21", "precision": "day"},
        "page": 2,
        "printed": "106 年 2 月 21 日",
        "private": False,
    }
    assert read["departure_date"]["value"] == {"date": "2016-12-05", "precision": "day"}
    assert read["contact_phone"]["private"] is True
    assert read["authors"][0]["value"] == {"name": "潘國才", "title": "處長"}
    assert [c["value"] for c in read["countries"]] == ["FR"]
    assert read["sections"][0] == {
        "number": "壹",
        "heading": "目的",
        "level": 1,
        "body": read["sections"][0]["body"],
        "page": 4,
        "printed": "壹、目的",
    }
    assert read["roster"][12] == {
        "order": 13,
        "name": "Aaron Wytze",
        "agency": "",
        "unit": "g0v.news",
        "title": "記者",
        "phone": "",
        "grade": "",
        "page": 33,
    }
    assert (read["missing"], read["warnings"]) == ([], [])
    assert "document" not in read


def test_json_month_precision_date():
    out, _err = run(REPORT_2023, "--dry-run", "--json")
    assert json.loads(out)["report_date"]["value"] == {"date": "2023-12", "precision": "month"}


def test_progress_on_standard_error_with_verbosity_2(pdf_2016):
    _out, err = run(pdf_2016, "--dry-run", "-v", "2", "--language", "en")
    assert err.splitlines() == [
        "pages read: 10/33",
        "pages read: 20/33",
        "pages read: 30/33",
        "pages read: 33/33",
        "table pages read: 4/4",
    ]


@pytest.mark.django_db
def test_a_dry_run_saves_nothing():
    run(REPORT_2023, "--dry-run", "--language", "en")
    assert not Report.objects.exists() and not Delegation.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_saving_a_report_already_in_the_archive_is_refused(tmp_path):
    run(REPORT_2016, "--language", "en")
    with pytest.raises(CommandError, match="nothing was saved"):
        run(REPORT_2016, "--language", "en")
    assert Report.objects.count() == 1


def test_missing_file():
    with pytest.raises(
        CommandError, match=r"Cannot read /nonexistent/report\.pdf: No such file or directory"
    ):
        run("/nonexistent/report.pdf", "--dry-run", "--language", "en")


@pytest.mark.django_db
def test_the_draft_is_saved_only_for_an_account_that_may_start_reports(django_user_model):
    django_user_model.objects.create_user(username="reader", password=None, is_staff=True)
    with pytest.raises(CommandError, match="reader may not start a report"):
        run(REPORT_2023, "--user", "reader", "--language", "en")
    with pytest.raises(CommandError, match="No active account has the user name “nobody”"):
        run(REPORT_2023, "--user", "nobody", "--language", "en")
    assert not Report.objects.exists()
