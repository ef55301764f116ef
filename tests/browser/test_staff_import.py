"""What staff do with a roster in the admin, in a real browser: download it as a spreadsheet,
add a member, upload it again, check the preview, confirm, and find the member on the public
report."""

import csv
import io
import re
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from archive.models import ImportRecord
from reports.models import Delegation

PARIS_REPORT = "出席開放政府夥伴關係聯盟(Open Government Partnership, OGP)2016 年高峰會"


def test_staff_add_a_member_to_a_downloaded_roster_and_import_it_after_a_preview(
    browser, demo_site, tmp_path
):
    password = secrets.token_urlsafe(16)
    reviewer = get_user_model().objects.create_user(username="reviewer", password=password, is_staff=True)
    reviewer.groups.add(Group.objects.get(name="審核 Reviewer"))
    delegation = Delegation.objects.get(slug="ogp-2016-paris")
    context = browser.new_context(base_url=demo_site.url, locale="zh-TW", accept_downloads=True)
    page = context.new_page()

    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill("reviewer")
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    page.goto(reverse("admin:reports_delegation_change", args=[delegation.pk]))

    with page.expect_download() as download:
        page.get_by_role("link", name="匯出團員名單（CSV）", exact=True).click()
    roster = tmp_path / download.value.suggested_filename
    download.value.save_as(roster)
    rows = list(csv.reader(io.StringIO(roster.read_text("utf-8-sig"))))
    assert rows[0] == ["序號", "單位", "姓名", "職稱", "官職等", "團內角色", "英文姓名"]
    assert len(rows) == 1 + 19
    # Staff add a member at the end, as a spreadsheet program saves it: UTF-8 with a BOM.
    rows.append(["20", "國家發展委員會", "王小明", "專員", "", "", "WANG Hsiao-Ming"])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    roster.write_bytes(out.getvalue().encode("utf-8-sig"))

    page.get_by_role("link", name="匯入團員名單").click()
    page.get_by_label("試算表（CSV、XLSX 或 ODS）").set_input_files(roster)
    page.get_by_role("button", name="送出").click()

    # The preview: nothing written yet, one new row, the 19 others unchanged, the person to create.
    preview = page.locator("#import-preview tbody tr")
    expect(preview).to_have_count(20)
    expect(preview.filter(has_text="未變更")).to_have_count(19)
    expect(preview.filter(has_text="新增")).to_have_count(1)
    expect(preview.filter(has_text="新增")).to_contain_text("王小明")
    expect(page.locator("#import-summary")).to_contain_text("王小明")
    assert delegation.members.count() == 19

    page.get_by_role("button", name="確認匯入").click()

    expect(page).to_have_url(re.compile(rf"/reports/delegation/{delegation.pk}/change/$"))
    expect(page.locator(".messagelist")).to_contain_text(
        "新增 1 列、更新 0 列、未變更 19 列、刪除 0 列、錯誤 0 列"
    )
    record = ImportRecord.objects.get()
    assert (record.user, record.file_name, record.rows_new, record.rows_unchanged) == (
        reviewer,
        roster.name,
        1,
        19,
    )

    page.goto("/zh-hant/reports/ogp-2016-paris/")
    table = page.get_by_role("table", name=f"{PARIS_REPORT} 團員名單")
    expect(table.get_by_role("row")).to_have_count(1 + 20)
    expect(table.get_by_role("row").last).to_contain_text("王小明")
    context.close()
