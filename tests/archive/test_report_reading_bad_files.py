"""Files that cannot be read as a report are refused with a message in the staff member's
language, in the reader and on the command line (exit status 1): a scan without a text layer,
a PDF that is no 出國報告, a damaged, encrypted, oversized or empty file, a file that is neither
PDF nor text, and "PDF bombs" refused fast by their page, object, text and time budgets."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from archive.report_reading import NotAReport, UnreadableReport, read_report
from archive.report_reading.report import REQUIRED

from .report_files import (
    REPORT_2016,
    blank_pages_pdf,
    encrypted,
    image_only_pdf,
    inflating_pdf,
    source_pdf,
    source_text,
    text_pdf,
)

MINUTES = """國家發展委員會會議紀錄

開會時間：2023年5月1日上午10時

地點：本會第一會議室

主席：王主任委員

壹、報告事項

本次會議報告上次會議決議事項之辦理情形，各單位均已依決議辦理完畢，並將相關資料送交秘書處彙整。

貳、討論事項

一、開放資料推動方案

決議：請各單位於下次會議前提出辦理進度。
"""


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English unless a test asks for Chinese (the archive's default).
    with translation.override("en"):
        yield


def refusal(data):
    with pytest.raises(UnreadableReport) as caught:
        read_report(data)
    return caught.value


def test_scanned_pdf_says_it_has_no_text_layer_and_no_ocr_is_done():
    error = refusal(image_only_pdf())
    assert error.code == "no_text"
    assert "no text layer" in str(error)
    assert "no OCR is done" in str(error)
    with translation.override("zh-hant"):
        assert "此 PDF 沒有文字層" in str(error)
        assert "不做 OCR" in str(error)


def test_pdf_that_is_not_a_report_names_the_missing_fields():
    with pytest.raises(NotAReport) as caught:
        read_report(text_pdf(MINUTES))
    error = caught.value
    assert error.code == "not_a_report"
    assert error.missing == list(REQUIRED)
    assert str(error) == (
        "This file does not read as a 出國報告 (trip report): these fields were not found: title, category, "
        "agency, authors and titles, destination, departure date, report date."
    )
    # What was read is still there for whoever wants it.
    assert [s.heading for s in error.report.sections] == ["報告事項", "討論事項", "開放資料推動方案"]


def test_not_a_report_message_in_chinese():
    with translation.override("zh-hant"), pytest.raises(NotAReport) as caught:
        read_report(MINUTES.encode())
    assert str(caught.value) == (
        "此檔案讀來不是出國報告：找不到以下欄位：出國報告名稱、出國類別、服務機關、姓名職稱、出國地區、出國日期、報告日期。"
    )


def test_report_missing_a_few_fields_is_read_with_them_listed():
    text = source_text(REPORT_2016).replace("服務機關：國家發展委員會", "").replace("報告日期：", "日期：")
    report = read_report(text.encode())
    assert report.missing == ["agency", "report_date"]
    assert report.title.value.startswith("出席開放政府夥伴關係聯盟")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda: source_pdf(REPORT_2016)[:3000], id="truncated"),
        pytest.param(lambda: source_pdf(REPORT_2016)[: len(source_pdf(REPORT_2016)) // 2], id="half"),
        pytest.param(lambda: b"%PDF-1.7\n" + b"\x01garbage" * 200, id="garbage"),
    ],
)
def test_damaged_pdf(data):
    error = refusal(data())
    assert error.code == "pdf_unreadable"
    with translation.override("zh-hant"):
        assert str(error) == "此 PDF 已損毀或不完整，無法讀取。請重新上傳完整的檔案。"


def test_encrypted_pdf():
    error = refusal(encrypted(source_pdf(REPORT_2016)))
    assert error.code == "pdf_encrypted"
    assert str(error) == "This PDF is encrypted or password-protected. Upload a copy without a password."


class HugeUpload:
    """An upload of 2 GB whose content must not be read to refuse it."""

    size = 2 * 1024**3

    def seek(self, *args):
        raise AssertionError("the file was read")

    read = seek


def test_file_over_the_size_limit_is_refused_before_it_is_read():
    error = refusal(HugeUpload())
    assert error.code == "file_too_large"
    assert str(error) == "The file is 2.0\xa0GB; a report file may be at most 50.0\xa0MB."


def test_size_limit_is_the_report_files_setting(settings):
    settings.REPORT_FILE_MAX_SIZE = 10_000
    assert str(refusal(REPORT_2016)) == "The file is 71.4\xa0KB; a report file may be at most 9.8\xa0KB."


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml" * 20, id="docx"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), id="png"),
    ],
)
def test_file_neither_pdf_nor_text(data):
    error = refusal(data)
    assert error.code == "not_pdf_or_text"
    with translation.override("zh-hant"):
        assert str(error).startswith("此檔案既不是 PDF，也不是純文字（UTF-8 或 Big5）")


def test_empty_file():
    assert refusal(b"").code == "empty"


def test_pdf_bomb_of_pages_is_refused_by_its_page_count():
    # Refused on the count the file declares, before a page is read (how long that takes is
    # benchmark_reading's to measure, not a test's).
    error = refusal(blank_pages_pdf(50_000))
    assert error.code == "too_many_pages"
    assert str(error) == "This PDF has 50,000 pages; a report may have at most 500."


def test_pdf_with_too_many_objects(settings):
    settings.REPORT_READING_MAX_OBJECTS = 50
    error = refusal(source_pdf(REPORT_2016))
    assert error.code == "too_many_objects"
    assert "a report may have at most 50" in str(error)


def test_pdf_whose_pages_unpack_too_far(settings):
    settings.REPORT_READING_MAX_CONTENT = 10_000
    error = refusal(source_pdf(REPORT_2016))
    assert error.code == "too_much_content"
    assert str(error) == "This PDF's pages unpack to more than 9.8\xa0KB; it cannot be read safely."


def test_pdf_bomb_of_content_is_refused_before_its_text_is_read(settings):
    settings.REPORT_READING_MAX_CONTENT = 1024 * 1024
    bomb = inflating_pdf(4 * 1024 * 1024)
    assert len(bomb) < 20_000
    error = refusal(bomb)
    assert error.code == "too_much_content"


def test_pdf_with_too_much_text(settings):
    settings.REPORT_READING_MAX_CHARACTERS = 5_000
    assert refusal(source_pdf(REPORT_2016)).code == "too_much_text"


def test_pdf_that_takes_too_long(settings):
    settings.REPORT_READING_SECONDS = 0
    error = refusal(source_pdf(REPORT_2016))
    assert error.code == "too_slow"
    assert str(error) == "Reading this PDF took longer than 0 seconds, so it was stopped."


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (image_only_pdf, "This PDF has no text layer"),
        (lambda: text_pdf(MINUTES), "This file does not read as a 出國報告"),
        (lambda: source_pdf(REPORT_2016)[:3000], "This PDF is damaged or incomplete"),
        (lambda: encrypted(source_pdf(REPORT_2016)), "This PDF is encrypted or password-protected"),
        (lambda: blank_pages_pdf(5_000), "This PDF has 5,000 pages"),
        (lambda: b"PK\x03\x04" + bytes(range(64)), "This file is neither a PDF nor plain text"),
    ],
    ids=["scan", "not-a-report", "damaged", "encrypted", "bomb", "zip"],
)
def test_command_refuses_with_the_message(tmp_path, make, message):
    path = tmp_path / "report.pdf"
    path.write_bytes(make())
    with pytest.raises(CommandError) as caught:
        call_command("ingest_report", str(path), "--dry-run", "--language", "en")
    assert str(caught.value).startswith(f"report.pdf: {message}")


def test_command_refuses_an_oversized_file(settings, tmp_path):
    settings.REPORT_FILE_MAX_SIZE = 1_000
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT_2016.read_bytes())
    with pytest.raises(
        CommandError, match=r"report\.txt: The file is 71\.4.KB; a report file may be at most"
    ):
        call_command("ingest_report", str(path), "--dry-run", "--language", "en")


def test_command_exit_status_and_message_in_chinese(tmp_path):
    path = tmp_path / "掃描.pdf"
    path.write_bytes(image_only_pdf())
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "ingest_report", str(path), "--dry-run", "--language", "zh-hant"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "掃描.pdf: 此 PDF 沒有文字層" in done.stderr
    assert done.stdout == ""
