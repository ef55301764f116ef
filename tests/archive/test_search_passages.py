"""A search that matches a report's text shows the passage it found, and the report page links
that passage's section to its page in the PDF."""

import pytest
from django.urls import reverse

from reports.models import PublicationStatus

from .. import factories as f

pytestmark = pytest.mark.django_db

BODY = (
    "巴黎市政府介紹其參與式預算的做法：市民提案、線上投票，每年編列市府投資預算的百分之五，由市民決定用途。"
)


@pytest.fixture
def report():
    report = f.make_report(status=PublicationStatus.PUBLISHED, title="出席開放政府夥伴關係聯盟 2016 年高峰會")
    f.make_section(report=report, order=1, number="壹", heading="目的", body="瞭解各國推動開放政府的經驗。")
    f.make_section(report=report, order=2, number="貳", heading="過程", body=BODY, page=12)
    f.make_report_file(report=report)
    report.save()  # its search document, with the sections
    return report


def test_the_search_shows_the_passage_with_the_words_marked_and_its_page(client, report):
    page = client.get(reverse("search"), {"q": "參與式預算"}).content.decode()
    assert "<mark>參與式預算</mark>" in page
    assert "巴黎市政府介紹其" in page
    assert f"{report.get_absolute_url()}#section-2" in page
    assert "，第 12 頁" in page


def test_a_simplified_query_finds_and_marks_the_traditional_text(client, report):
    page = client.get(reverse("search"), {"q": "参与式预算"}).content.decode()
    assert "<mark>參與式預算</mark>" in page


def test_one_kinds_pages_show_the_passage_too(client, report):
    page = client.get(reverse("search"), {"q": "參與式預算", "kind": "reports"}).content.decode()
    assert "<mark>參與式預算</mark>" in page


def test_a_title_match_without_the_words_in_the_text_shows_no_passage(client, report):
    page = client.get(reverse("search"), {"q": "高峰會"}).content.decode()
    assert report.title in page
    assert "<mark>" not in page


def test_the_report_page_links_a_section_to_its_page_in_the_pdf(client, report):
    page = client.get(report.get_absolute_url()).content.decode()
    pdf = report.files.get()
    assert f"{reverse('reports:report-file', args=[report.slug, pdf.pk])}#page=12" in page
    assert "原始 PDF 第 12 頁" in page
    # A section without a page has no such link.
    assert page.count("原始 PDF 第") == 1


def test_a_draft_reports_passage_is_never_shown(client, report):
    draft = f.make_report(title="草稿")
    f.make_section(report=draft, order=1, heading="內部", body="參與式預算草稿內容，尚未公開。")
    draft.save()
    page = client.get(reverse("search"), {"q": "參與式預算"}).content.decode()
    assert "尚未公開" not in page
