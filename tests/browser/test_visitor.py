"""What a visitor does on the public site, in a real browser, over the demo data."""

import csv
import re
from urllib.parse import quote

from playwright.sync_api import expect

PARIS_REPORT = "出席開放政府夥伴關係聯盟(Open Government Partnership, OGP)2016 年高峰會"
TALLINN_REPORT = "出席開放政府夥伴關係聯盟(Open Government Partnership)2023年高峰會"


def test_visitor_finds_a_report_by_year_and_follows_a_delegate_in_both_languages(page, demo_site):
    page.goto("/zh-hant/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("出國報告")
    expect(page.get_by_role("status")).to_have_text("2 筆結果")

    page.get_by_label("年份").select_option("2017")
    page.get_by_role("button", name="套用篩選").click()

    expect(page).to_have_url(re.compile(r"/zh-hant/reports/\?.*\byear=2017\b"))
    expect(page.get_by_role("status")).to_have_text("1 筆結果")
    results = page.get_by_role("region", name="結果").get_by_role("heading", level=2)
    expect(results).to_have_text([PARIS_REPORT])

    results.get_by_role("link").click()

    expect(page).to_have_url(re.compile(r"/zh-hant/reports/ogp-2016-paris/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(PARIS_REPORT)
    roster = page.get_by_role("table", name=f"{PARIS_REPORT} 團員名單")
    expect(roster.get_by_role("row")).to_have_count(1 + 19)  # the heading row and 19 members

    roster.get_by_role("link", name="彭啟明", exact=True).click()

    # A timeline by year, each appearance with the title held then (會長 in 2016, 委員 in 2023).
    expect(page).to_have_url(re.compile(r"/zh-hant/people/peng-chi-ming/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("彭啟明")
    timeline = page.get_by_role("region", name="歷程")
    expect(timeline.get_by_role("heading", level=3)).to_have_text(["2016", "2023"])
    in_2016 = timeline.get_by_role("region", name="2016").get_by_role("listitem").first
    expect(in_2016).to_contain_text("代表團成員")
    expect(in_2016).to_contain_text("會長")
    expect(in_2016.get_by_role("link")).to_have_text(PARIS_REPORT)
    in_2023 = timeline.get_by_role("region", name="2023").get_by_role("listitem").first
    expect(in_2023).to_contain_text("委員")
    expect(in_2023.get_by_role("link")).to_have_text(TALLINN_REPORT)

    page.get_by_role("navigation", name="語言").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/people/peng-chi-ming/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2)).to_have_text("Timeline")
    expect(page.get_by_role("region", name="2016").get_by_role("listitem").first).to_contain_text("Delegate")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="繁體中文").click()

    expect(page).to_have_url(re.compile(r"/zh-hant/people/peng-chi-ming/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.get_by_role("heading", level=2)).to_have_text("歷程")


def test_visitor_search_in_chinese_finds_reports_organisations_and_sessions(page, demo_site):
    page.goto("/zh-hant/")

    search = page.get_by_role("search").get_by_label("搜尋檔案庫")
    search.fill("國會")
    search.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(f"/zh-hant/search/?q={quote('國會')}") + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("搜尋")
    expect(page.get_by_label("關鍵字或姓名（中文或英文）")).to_have_value("國會")

    def found(kind):
        # Each result's own link (a report's passage links to its section besides).
        return sorted(page.get_by_role("region", name=kind).locator(".result > a").all_inner_texts())

    # Both reports mention the legislature (國會); the bigram is found inside longer words.
    reports = page.get_by_role("region", name="出國報告")
    expect(reports.locator(".result > a")).to_have_count(2)
    assert found("出國報告") == sorted([PARIS_REPORT, TALLINN_REPORT])
    # Each shows the passage of its text that holds the word, the word marked.
    expect(reports.locator(".result__passage mark")).to_have_count(2)
    expect(reports.locator(".result__passage mark").first).to_have_text("國會")
    expect(page.get_by_role("region", name="人物")).to_contain_text("沒有找到結果。")
    assert found("機關團體") == ["公民監督國會聯盟", "立法院開放國會委員會"]
    assert found("場次與活動") == ["OGP變革中之開放國會永續性", "臺灣交流餐敘"]


def test_visitor_downloads_the_csv_of_a_filtered_list_with_exactly_its_rows(page, demo_site):
    page.goto("/zh-hant/sessions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("場次")

    page.get_by_label("高峰會").select_option("ogp-2023-tallinn")
    page.get_by_label("有我國代表參與").select_option(label="是")
    page.get_by_role("button", name="套用篩選").click()

    expect(page).to_have_url(re.compile(r"\bsummit=ogp-2023-tallinn\b.*\bdelegate=yes\b"))
    expect(page.get_by_role("status")).to_have_text("4 筆結果")
    listed = page.locator(".session__title a")
    expect(listed).to_have_count(4)
    listed_slugs = [
        re.fullmatch(r"/zh-hant/events/([\w-]+)/", href).group(1)
        for href in listed.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    ]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value

    assert download.suggested_filename == "sessions.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["網址代稱"] for row in rows] == listed_slugs
    assert {row["高峰會"] for row in rows} == {"ogp-2023-tallinn"}
    assert {row["有我國代表參與"] for row in rows} == {"true"}
