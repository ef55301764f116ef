"""An editor starts a report from its PDF in a real browser: uploads the file, checks what was
read, corrects the title, chooses for a possible duplicate, saves it as a draft."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from reports.models import DelegationMember, PublicationStatus, Report
from tests import factories as f
from tests.archive.report_files import REPORT_2023, source_pdf


def test_editor_starts_a_report_from_its_pdf(browser, live_site, tmp_path):
    known = f.make_person(name_zh="", name_en="Kao Hsien-kuei", slug="kao-hsien-kuei")
    pdf = tmp_path / "出國報告-2023.pdf"
    pdf.write_bytes(source_pdf(REPORT_2023))
    password = secrets.token_urlsafe(16)
    editor = get_user_model().objects.create_user(username="editor", password=password, is_staff=True)
    editor.groups.add(Group.objects.get(name="編輯 Editor"))
    context = browser.new_context(
        base_url=live_site.url, locale="zh-TW", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()

    page.goto(reverse("admin:reports_report_changelist"))
    page.get_by_role("link", name="從 PDF 開始").click()
    page.locator("input[type=file]").set_input_files(str(pdf))
    page.get_by_role("button", name="讀取檔案").click()

    expect(page.locator("#id_title")).to_have_value(
        "出席開放政府夥伴關係聯盟(Open Government Partnership)2023年高峰會"
    )
    expect(page.locator("#draft-header")).to_contain_text("第 1 頁")
    expect(page.locator("#import-duplicates")).to_contain_text("Kao Hsien-kuei")
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=False)
    page.locator("#id_title").fill("出席 OGP 2023 年高峰會")
    page.locator(f"#import-duplicates input[value='{known.pk}']").check()
    page.get_by_role("button", name="存為草稿").click()

    expect(page.locator(".messagelist .success")).to_contain_text("出席 OGP 2023 年高峰會")
    report = Report.objects.get(title="出席 OGP 2023 年高峰會")
    assert report.status == PublicationStatus.DRAFT
    assert page.url.endswith(reverse("admin:reports_report_change", args=[report.pk]))
    assert (
        DelegationMember.objects.get(delegation=report.delegation, name_as_printed="高仙桂").person == known
    )
    assert report.files.get().original_name.endswith(".pdf")
    context.close()
