"""Reports laid out otherwise than the two source reports are read too: a roster with its columns
in another order running over two pages, no 系統識別號, a year-and-month report date, spaced-out
labels; text with form feeds, in Big5 or UTF-16; a text layer with Kangxi radicals."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader

from archive.report_reading import read_report
from devtools.report_pdf import PAGE_BREAK, Table, chromium_pdf, report_pdf
from reports.models import DatePrecision, ReportCategory

from .report_files import (
    OTHER_RECOMMENDATIONS,
    OTHER_ROSTER,
    REPORT_2016,
    other_layout_blocks,
    other_layout_pdf,
    source_text,
    text_pdf,
)

SECTIONS_OTHER = [
    (1, "壹", "考察目的"),
    (1, "貳", "考察過程"),
    (2, "一", "日本數位廳"),
    (2, "二", "韓國行政安全部"),
    (1, "參", "心得與建議"),
    (2, "一", "心得"),
    (2, "二", "建議"),
    (1, "附錄", "出國人員名單"),
]


def blocks_as_text(blocks):
    """The other layout's blocks as a text file: a form feed between pages, tables by tabs."""
    lines = []
    for block in blocks:
        if block is PAGE_BREAK:
            lines.append("\f")
        elif isinstance(block, Table):
            lines.extend("\t".join(row) for row in block.rows)
        else:
            lines.append(block)
    return "\n".join(lines).replace("\n\f\n", "\f")


@pytest.fixture(scope="module", params=["pdf", "chromium", "text with form feeds"])
def other(request):
    if request.param == "pdf":
        return read_report(other_layout_pdf())
    if request.param == "chromium":
        return read_report(chromium_pdf(other_layout_blocks(), title="數位發展部出國報告"))
    return read_report(blocks_as_text(other_layout_blocks()).encode())


def test_other_layout_cover(other):
    assert other.title.value == "參訪日本及韓國數位治理機關"
    assert other.title_en.value == "Study Visit on Digital Governance in Japan and Korea"
    assert other.category.value == ReportCategory.INSPECTION
    assert other.category_detail is None
    # 服 務 機 關：, its label spaced out.
    assert other.agency.value == "數位發展部"
    assert [(a.value.name, a.value.title) for a in other.authors] == [("王大明", "司長"), ("李小華", "科長")]
    assert [c.value for c in other.countries] == ["JP", "KR"]
    assert (other.departure_date.value.date, other.return_date.value.date) == (
        datetime.date(2023, 10, 2),
        datetime.date(2023, 10, 6),
    )
    assert other.keywords.value == ["數位治理", "開放資料", "資料治理"]


def test_other_layout_report_date_is_a_roc_month(other):
    assert other.report_date.value.date == datetime.date(2023, 12, 1)
    assert other.report_date.value.precision == DatePrecision.MONTH
    assert other.report_date.printed == "112年12月"


def test_other_layout_has_no_system_id(other):
    assert other.system_id is None
    assert other.missing == []
    assert other.warnings == []


def test_other_layout_sections_and_recommendations(other):
    assert [(s.level, s.number, s.heading) for s in other.sections] == SECTIONS_OTHER
    assert [r.text for r in other.recommendations] == OTHER_RECOMMENDATIONS
    assert [r.number for r in other.recommendations] == ["1.", "2.", "3."]


def test_other_layout_roster_columns_reordered(other):
    assert [(r.order, r.name, r.title, r.agency, r.unit, r.phone) for r in other.roster] == [
        (order, *row) for order, row in enumerate(OTHER_ROSTER, start=1)
    ]


def test_other_layout_roster_runs_over_two_pages(other):
    pages = [row.page for row in other.roster]
    first = pages[0]
    assert first == next(s.page for s in other.sections if s.heading == "出國人員名單")
    # In the PDF the table breaks where the page ends; in the text where the form feed is not:
    # the text file's roster is on one page.
    if other.document.kind == "pdf":
        assert set(pages) == {first, first + 1}
        assert pages == sorted(pages)
        assert other.document.pages[first].tables[0].at_top


def test_text_with_form_feeds_numbers_its_pages():
    report = read_report(blocks_as_text(other_layout_blocks()).encode())
    assert (report.title.page, report.abstract.page, report.sections[0].page) == (1, 2, 4)


def test_system_id_and_the_report_systems_category_boxes():
    text = source_text(REPORT_2016).replace(
        "行政院及所屬各機關出國報告提要\n", "行政院及所屬各機關出國報告提要\n\n系統識別號：C10600123\n"
    )
    text = text.replace("出國類別：其他（出席會議）", "出國類別：□1考察□2進修□3研究□4實習■5其他（出席會議）")
    report = read_report(text.encode())
    assert report.system_id.value == "C10600123"
    assert (report.category.value, report.category_detail.value) == (ReportCategory.OTHER, "出席會議")


def test_kangxi_radicals_and_compatibility_ideographs_read_as_ordinary_characters():
    # As word processors' embedded fonts give them: ⾏ ⽉ ⽇ ⾴ for 行 月 日 頁, 林 (U+F9F4) for 林.
    lookalikes = str.maketrans(
        {"行": "\u2f8f", "月": "\u2f49", "日": "\u2f47", "頁": "\u2fb4", "林": "\uf9f4"}
    )
    pdf = text_pdf(source_text(REPORT_2016).translate(lookalikes))
    # The text layer holds them…
    assert "報告\u2f47期" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    report = read_report(pdf)
    # …what is read does not.
    assert report.report_date.printed == "106 年 2 月 21 日"
    assert report.departure_date.value.date == datetime.date(2016, 12, 5)
    assert report.pages.value == 43
    assert report.roster[0].unit == "行政院"
    assert report.authors[1].value.name == "林菊穗"
    # Only those characters: full-width punctuation stays full-width.
    assert report.category.printed == "其他（出席會議）"
    assert report.sections[0].body.startswith(
        "開放政府夥伴關係聯盟（OPEN GOVERNMENT PARTNERSHIP, 以下簡稱 OGP）"
    )


@pytest.mark.parametrize("encoding", ["cp950", "utf-8-sig", "utf-16"])
def test_text_in_big5_or_with_a_byte_order_mark(encoding):
    text = source_text(REPORT_2016)
    report = read_report(text.encode(encoding, errors="replace"))
    assert report.document.encoding == encoding
    assert report.title.value == "出席開放政府夥伴關係聯盟(Open Government Partnership, OGP)2016 年高峰會"
    assert [row.name for row in report.roster][:3] == ["唐鳳", "柴惠珍", "潘國才"]


def test_roster_is_the_longest_table_not_the_summary_pages_travellers():
    travellers = [
        ["姓名", "服務機關", "單位", "職稱", "電話"],
        ["王大明", "數位發展部", "數位政府司", "司長", "02-2380-0001"],
    ]
    members = [
        ["序號", "姓名", "服務機關", "職稱"],
        *([str(n), f"團員{n}", "數位發展部", "專員"] for n in range(1, 6)),
    ]
    blocks = [
        *other_layout_blocks()[:11],
        PAGE_BREAK,
        "行政院及所屬各機關出國報告提要",
        "出國報告名稱：參訪日本及韓國數位治理機關",
        "出國人員：",
        Table(travellers),
        PAGE_BREAK,
        "壹、考察目的",
        "本次考察聚焦於數位治理與開放資料政策。",
        "附錄、團員名單",
        Table(members),
    ]
    report = read_report(report_pdf(blocks))
    assert [(r.order, r.name, r.agency, r.title) for r in report.roster] == [
        (n, f"團員{n}", "數位發展部", "專員") for n in range(1, 6)
    ]


def test_what_staff_should_check_is_listed():
    text = source_text(REPORT_2016)
    text = text.replace("姓名職稱：潘國才處長", "姓名職稱：歐陽明德總幹事")
    text = text.replace("派赴國家：法國", "派赴國家：大溪地")
    text = text.replace("出國地區：法國巴黎", "出國地區：大溪地帕皮提")
    text = text.replace(
        "出國期間：105 年 12 月 5 日至 12 月 11 日 出國地區",
        "出國期間：105 年 12 月 6 日至 12 月 11 日 出國地區",
    )
    text = text.replace("三、團員名單.....\t43", "三、團員名單.....\t43\n四、其他資料.....\t44")
    text = text.replace("\n2016 年高峰會\n", "\n2017 年高峰會\n", 1)
    with translation.override("en"):
        report = read_report(text.encode())
    assert report.warnings == [
        "The cover and the 提要 print different titles: check it.",
        "The author “歐陽明德總幹事” was split as name “歐陽明”, title “德總幹事”: check it.",
        "No country was recognised in the destination “大溪地帕皮提”: choose it.",
        "The cover and the 提要 print different travel dates: check them.",
        "The table of contents lists “四、其他資料”, which was not found as a heading.",
    ]
    # The 提要's dates are taken.
    assert report.departure_date.value.date == datetime.date(2016, 12, 6)


def test_roster_rows_as_the_roster_imports_columns(other):
    # 單位 is the row's organisation, under its 服務機關, as reports.roster_io reads them.
    assert other.roster[0].roster_cells() == {
        "order": 1,
        "organization": "數位政府司",
        "agency": "數位發展部",
        "name": "王大明",
        "title": "司長",
        "grade": "",
        "phone": "02-23800001",
    }
    # A row without a 單位: its 服務機關 is its organisation.
    assert other.roster[24].roster_cells()["organization"] == "Open Culture Foundation"
    assert other.roster[24].roster_cells()["agency"] == ""


def test_an_upload_is_read_and_left_at_its_start():
    upload = SimpleUploadedFile("報告.pdf", other_layout_pdf(), content_type="application/pdf")
    upload.read(100)
    report = read_report(upload)
    assert report.title.value == "參訪日本及韓國數位治理機關"
    assert upload.tell() == 0
