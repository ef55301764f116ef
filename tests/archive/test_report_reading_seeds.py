"""Both source reports are read right, as their text, as PDFs made from it with reportlab
(devtools.report_pdf, AR PL UMing embedded) and as PDFs Chromium prints of it (Noto CJK, whose
text layer gives Kangxi radicals, with Chromium's header and footer): every header field, every
section heading in order, every recommendation and every roster row (report_facts.py)."""

import datetime

import pytest

from archive.report_reading import read_report
from reports.models import DatePrecision, ReportCategory

from .report_facts import (
    FOLLOW_UP_2016,
    RECOMMENDATIONS_2016,
    RECOMMENDATIONS_2023,
    ROSTER_2016,
    ROSTER_2023,
    SECTIONS_2016,
    SECTIONS_2023,
)
from .report_files import REPORT_2016, REPORT_2023, chromium_source_pdf, source_pdf

MAKERS = {"text": lambda path: path, "pdf": source_pdf, "chromium": chromium_source_pdf}


@pytest.fixture(scope="module", params=list(MAKERS))
def report_2016(request):
    return read_report(MAKERS[request.param](REPORT_2016))


@pytest.fixture(scope="module", params=list(MAKERS))
def report_2023(request):
    return read_report(MAKERS[request.param](REPORT_2023))


def value(found):
    return None if found is None else found.value


def test_2016_cover_fields(report_2016):
    report = report_2016
    assert value(report.title) == "出席開放政府夥伴關係聯盟(Open Government Partnership, OGP)2016 年高峰會"
    assert report.title_en is None
    assert value(report.category) == ReportCategory.OTHER
    assert report.category.printed == "其他（出席會議）"
    assert value(report.category_detail) == "出席會議"
    assert value(report.agency) == "國家發展委員會"
    assert [(a.value.name, a.value.title, a.printed) for a in report.authors] == [
        ("潘國才", "處長", "潘國才處長"),
        ("林菊穗", "分析師", "林菊穗分析師"),
    ]
    assert value(report.destination) == "法國巴黎"
    assert [(c.value, c.printed) for c in report.countries] == [("FR", "法國")]


def test_2016_dates_are_read_from_the_roc_calendar(report_2016):
    report = report_2016
    assert report.departure_date.value.date == datetime.date(2016, 12, 5)
    assert report.return_date.value.date == datetime.date(2016, 12, 11)
    assert report.departure_date.printed == "105 年 12 月 5 日至 12 月 11 日"
    assert report.report_date.value.date == datetime.date(2017, 2, 21)
    assert report.report_date.value.precision == DatePrecision.DAY
    assert report.report_date.printed == "106 年 2 月 21 日"


def test_2016_summary_page_fields(report_2016):
    report = report_2016
    assert report.system_id is None
    assert value(report.pages) == 43
    assert value(report.pages_note) == "含附錄"
    assert value(report.organiser) == "國家發展委員會"
    assert value(report.contact_person) == "林菊穗"
    assert value(report.contact_phone) == "02-23165300 轉 6852"
    assert report.contact_phone.private
    assert not report.contact_person.private
    assert report.contact_email is None
    assert report.classification is None
    assert value(report.keywords) == [
        "電子化政府",
        "資料開放",
        "開放政府",
        "OGP",
        "開放政府夥伴關係聯盟",
        "公民社會",
        "公民參與",
        "公民科技",
    ]
    assert [(r.name, r.agency, r.unit, r.title, r.phone) for r in report.travellers] == [
        ("潘國才", "國家發展委員會", "", "處長", "02-23165300 轉 6801"),
        ("林菊穗", "國家發展委員會", "", "分析師", "02-23165300 轉 6852"),
    ]


def test_2016_abstract_paragraphs(report_2016):
    paragraphs = report_2016.abstract.value.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith(
        "開放政府夥伴關係聯盟（Open Government Partnership, 簡稱 OGP）係於 2011 年"
    )
    assert paragraphs[0].endswith("並提出超過 2,456 個促進政府透明的承諾。")
    assert paragraphs[1].startswith("OGP 定期由推動委員會（Steering Committee）主席於該國主辦 OGP 全球高峰會")
    assert paragraphs[2].endswith("公民科技等議題進行經驗交流。")


def test_2016_sections_in_order(report_2016):
    assert [(s.level, s.number, s.heading) for s in report_2016.sections] == SECTIONS_2016
    sections = {s.heading: s for s in report_2016.sections}
    # Text under its heading, lines broken by the page joined back, no table of contents.
    assert sections["行前準備"].body == (
        "國家發展委員會於會議前確認我方出席人員、駐外館處拜會行程，並協調公民社會之相關參訪行程等相關細節。"
    )
    assert sections["目的"].body.startswith(
        "開放政府夥伴關係聯盟（OPEN GOVERNMENT PARTNERSHIP, 以下簡稱 OGP）"
    )
    assert "....." not in "".join(s.body for s in report_2016.sections)


def test_2016_recommendations_and_follow_up_items(report_2016):
    assert [(r.number, r.text) for r in report_2016.recommendations] == RECOMMENDATIONS_2016
    assert [(r.number, r.text) for r in report_2016.follow_up_items] == FOLLOW_UP_2016


def test_2016_roster_in_printed_order(report_2016):
    assert [(r.order, r.unit, r.name, r.title) for r in report_2016.roster] == ROSTER_2016
    assert {(r.agency, r.phone) for r in report_2016.roster} == {("", "")}


def test_2016_nothing_missing_or_doubtful(report_2016):
    assert report_2016.missing == []
    assert report_2016.warnings == []


def test_2023_cover_fields(report_2023):
    report = report_2023
    assert value(report.title) == "出席開放政府夥伴關係聯盟(Open Government Partnership)2023年高峰會"
    assert report.title.printed == "出席開放政府夥伴關係聯盟\n(Open Government Partnership)\n2023年高峰會"
    assert report.title_en is None
    assert value(report.category) == ReportCategory.OTHER
    assert value(report.category_detail) == "會議"
    assert value(report.agency) == "國家發展委員會"
    assert [(a.value.name, a.value.title) for a in report.authors] == [
        ("高仙桂", "副主任委員"),
        ("賴韻琳", "副處長"),
        ("林嘉琪", "科長"),
        ("楊壹鈞", "專員"),
    ]
    assert value(report.destination) == "愛沙尼亞"
    assert [c.value for c in report.countries] == ["EE"]
    assert report.departure_date.value.date == datetime.date(2023, 9, 4)
    assert report.return_date.value.date == datetime.date(2023, 9, 10)


def test_2023_report_date_has_month_precision(report_2023):
    assert report_2023.report_date.value.date == datetime.date(2023, 12, 1)
    assert report_2023.report_date.value.precision == DatePrecision.MONTH
    assert report_2023.report_date.printed == "2023年12月"


def test_2023_template_has_no_summary_page(report_2023):
    report = report_2023
    fields = (
        "system_id",
        "pages",
        "organiser",
        "contact_person",
        "contact_phone",
        "keywords",
        "classification",
    )
    assert {name: getattr(report, name) for name in fields} == dict.fromkeys(fields)
    assert report.travellers == []


def test_2023_abstract(report_2023):
    paragraphs = report_2023.abstract.value.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("開放政府夥伴關係聯盟（Open Government Partnership, OGP）於2011年成立")
    assert paragraphs[2].endswith("創造我國與國際開放政府社群交流契機。")


def test_2023_sections_in_order(report_2023):
    assert [(s.level, s.number, s.heading) for s in report_2023.sections] == SECTIONS_2023


def test_2023_recommendations(report_2023):
    recommendations = report_2023.recommendations
    assert [r.number for r in recommendations] == [number for number, *_rest in RECOMMENDATIONS_2023]
    for recommendation, (_number, heading, begins, ends) in zip(
        recommendations, RECOMMENDATIONS_2023, strict=True
    ):
        assert recommendation.heading == heading
        assert recommendation.text.startswith(f"{heading}：{begins}")
        assert recommendation.text.endswith(ends)
    # The third was broken by a page in the text: read as one.
    assert "更重要的是在非峰會期間" in recommendations[2].text
    assert report_2023.follow_up_items == []


def test_2023_roster_whatever_the_column_order(report_2023):
    assert [(r.order, r.unit, r.name, r.title) for r in report_2023.roster] == ROSTER_2023


def test_2023_nothing_missing_or_doubtful(report_2023):
    assert report_2023.missing == []
    assert report_2023.warnings == []


@pytest.mark.parametrize("path", [REPORT_2016, REPORT_2023], ids=["2016", "2023"])
def test_text_without_page_breaks_has_no_page_numbers(path):
    report = read_report(path)
    pages = {report.title.page, *(s.page for s in report.sections), *(r.page for r in report.roster)}
    assert pages == {None}


def test_2016_pdf_fields_name_their_pages():
    report = read_report(source_pdf(REPORT_2016))
    # The made PDF: the cover on page 1, the 提要 on page 2, the 目錄 on page 3, the text from 4.
    assert (report.agency.page, report.authors[0].page) == (1, 1)
    assert (report.title.page, report.pages.page, report.contact_phone.page, report.abstract.page) == (
        2,
        2,
        2,
        2,
    )
    assert report.sections[0].page == 4
    pages = [s.page for s in report.sections]
    assert pages == sorted(pages)
    roster_heading = report.sections[-1]
    assert roster_heading.heading == "團員名單"
    # The roster runs over two pages, its header printed again on the second.
    assert [r.page for r in report.roster] == [roster_heading.page] * 6 + [roster_heading.page + 1] * 13
    assert report.document.pages[0].furniture == ["行政院所屬各機關出國報告", "- 1 -"]
    assert report.document.pages[0].printed_number == "1"


def test_2023_pdf_roster_page():
    report = read_report(source_pdf(REPORT_2023))
    roster_heading = next(s for s in report.sections if s.heading == "團員名單")
    assert {r.page for r in report.roster} == {roster_heading.page}
