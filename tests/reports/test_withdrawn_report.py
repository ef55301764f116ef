"""A withdrawn report's address answers 410 Gone with a page that says what was withdrawn, when
and why, and nothing else of the report; its files are 410 too. A draft's, a removed report's
and an unknown address stay a 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reports.models import PublicationStatus, Report
from reports.services import TRANSITIONS, move_report
from tests import factories as f

pytestmark = pytest.mark.django_db

REASON = "團員名單有誤，更正後重新發布。"


@pytest.fixture
def withdrawn(superuser):
    """A published report with a roster, an author, a section, keywords and a file, withdrawn."""
    agency = f.make_organization(slug="wd-agency", name_zh="撤回測試機關", name_en="Withdrawal Test Agency")
    delegation = f.make_delegation(slug="wd-delegation", title="撤回代表團", organising_agency=agency)
    f.make_member(delegation=delegation, person=f.make_person(name_zh="團員甲", name_en="Member Jia"))
    report = f.make_report(
        slug="wd-report",
        title="撤回測試報告",
        title_en="Withdrawal Test Report",
        abstract="摘要內文",
        delegation=delegation,
        agency=agency,
        status=PublicationStatus.PUBLISHED,
    )
    report.keywords.add(f.make_keyword(name="撤回關鍵字"))
    f.make_report_author(report=report, person=f.make_person(name_zh="作者乙", name_en="Author Yi"))
    f.make_section(report=report, heading="考察心得", body="章節內文")
    report_file = f.make_report_file(report=report)
    move_report(report, TRANSITIONS["withdraw"], superuser, note=REASON)
    return report, report_file


@pytest.mark.parametrize(
    ("language", "says", "agency"),
    [
        ("zh-hant", "本報告已於 {d.year} 年 {d.month} 月 {d.day} 日（民國 {roc} 年）撤回。", "撤回測試機關"),
        ("en", "This report was withdrawn on {d.day} {d:%B} {d.year}.", "Withdrawal Test Agency"),
    ],
)
def test_a_withdrawn_reports_address_says_when_and_why_and_nothing_else(
    client, withdrawn, language, says, agency
):
    report, _file = withdrawn
    day = timezone.localdate(report.status_changed_at)
    with translation.override(language):
        response = client.get(report.get_absolute_url())

    text = response.content.decode()
    assert response.status_code == 410
    assert says.format(d=day, roc=day.year - 1911) in text
    assert REASON in text
    assert "撤回測試報告" in text and "Withdrawal Test Report" in text and agency in text
    for content in (
        "摘要內文",
        "考察心得",
        "章節內文",
        "團員甲",
        "Member Jia",
        "作者乙",
        "Author Yi",
        "撤回關鍵字",
    ):
        assert content not in text
    # No link to the report's file, agency or delegation: none is public through it any more.
    for address in ("/files/", "/organisations/wd-agency/", "wd-delegation"):
        assert address not in text
    assert '<meta name="robots" content="noindex">' in text


def test_a_withdrawn_reports_file_is_gone_too(client, withdrawn):
    report, report_file = withdrawn

    response = client.get(reverse("reports:report-file", args=[report.slug, report_file.pk]))
    other = client.get(reverse("reports:report-file", args=[report.slug, report_file.pk + 100]))

    assert response.status_code == 410
    assert REASON in response.content.decode()
    assert other.status_code == 404


def test_the_410_says_when_it_was_withdrawn_not_when_last_changed(client, withdrawn, superuser):
    """Returned to draft, it is a draft: 404. Withdrawn again, the page gives the new reason."""
    report, _file = withdrawn
    move_report(report, TRANSITIONS["return"], superuser)
    as_draft = client.get(report.get_absolute_url())
    move_report(report, TRANSITIONS["submit"], superuser)
    move_report(report, TRANSITIONS["publish"], superuser)
    move_report(report, TRANSITIONS["withdraw"], superuser, note="第二次撤回")

    again = client.get(report.get_absolute_url())

    assert as_draft.status_code == 404
    assert again.status_code == 410
    assert "第二次撤回" in again.content.decode()
    assert REASON not in again.content.decode()


def test_drafts_removed_and_unknown_reports_stay_404(client, withdrawn):
    report, _file = withdrawn
    draft = f.make_report(slug="wd-draft")
    address = report.get_absolute_url()
    Report.objects.filter(pk=report.pk).delete()

    assert client.get(address).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:report-detail", args=["no-such-report"])).status_code == 404


def test_a_withdrawn_report_published_again_is_a_page_again(client, withdrawn, superuser):
    report, report_file = withdrawn

    move_report(report, TRANSITIONS["republish"], superuser)

    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    assert "章節內文" in page.content.decode()
    assert client.get(reverse("reports:report-file", args=[report.slug, report_file.pk])).status_code == 200
    assert report.published_at < timezone.now() + datetime.timedelta(seconds=1)
