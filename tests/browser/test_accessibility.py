"""Accessibility of every kind of public page, and of a report's staff preview, checked by
axe-core in Chromium, and by keyboard."""

import re
import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories as f

# One page of each type, over the demo data. The path follows the language prefix.
PAGE_TYPES = {
    "home": "/",
    "reports list": "/reports/",
    "reports list filtered with no results": "/reports/?q=xyzzy",
    "reports list with an invalid filter": "/reports/?year=1999",
    "report detail": "/reports/ogp-2016-paris/",
    "delegation detail": "/delegations/ogp-2023-tallinn/",
    "people list": "/people/",
    "person detail": "/people/peng-chi-ming/",
    "organisations list": "/organisations/",
    "organisation detail": "/organisations/ndc/",
    "events list": "/events/",
    "summit programme": "/events/ogp-2016-paris/",
    "sessions list": "/sessions/",
    "session detail": "/events/ogp-2023-tallinn-from-one-off-engagement-to-system-change/",
    "search results": "/search/?q=國會",
    "search results of one kind": "/search/?q=國會&kind=sessions",
}
BLOCKING_IMPACTS = {"serious", "critical"}


def blocking_results(page):
    """axe-core's serious and critical findings on the page as it is now: its violations, and
    what it could not decide and leaves for review (text it cannot check the contrast of because
    something covers it, a description pointing at no element): both hid real faults in these pages."""
    results = Axe().run(page, options={"resultTypes": ["violations", "incomplete"]}).response
    return [
        {**result, "kind": kind}
        for kind, key in (("violation", "violations"), ("needs review", "incomplete"))
        for result in results[key]
        if result["impact"] in BLOCKING_IMPACTS
    ]


def explain(problems):
    """Each page's findings: the rule, what it asks, and where and why it fails."""
    lines = []
    for where, findings in problems.items():
        lines.append(where)
        for finding in findings:
            lines.append(f"  {finding['id']} ({finding['impact']} {finding['kind']}): {finding['help']}")
            lines.append(f"    {finding['helpUrl']}")
            for node in finding["nodes"]:
                lines.append(f"    - {' '.join(node['target'])}: {' '.join(node['html'].split())[:200]}")
                summary = " ".join(node.get("failureSummary", "").split())
                if summary:
                    lines.append(f"      {summary}")
    return "\n".join(lines)


# One test per language walks all the page types: the demo data takes seconds to load, and a
# live-server test starts from an empty database, so a test per page would load it 30 times.
@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_every_page_type_has_no_serious_accessibility_violation(page, demo_site, language):
    problems = {}
    for page_type, path in PAGE_TYPES.items():
        url = f"/{language}{path}"
        response = page.goto(url)

        assert response.status == 200, f"{page_type} {url}: HTTP {response.status}"
        assert page.locator("h1").count() == 1, f"{page_type} {url}: not exactly one h1"
        assert page.locator("script").count() == 0, f"{page_type} {url}: has a script"
        if page_type == "reports list filtered with no results":
            # Checked as that page type only if the filter really leaves nothing.
            expect(page.get_by_role("status")).to_have_text(re.compile(r"^0\D"))
        findings = blocking_results(page)
        if findings:
            problems[f"{page_type} {url}"] = findings

    assert not problems, "axe-core finds serious or critical faults:\n" + explain(problems)


def focus_outline(locator):
    """The outline the focused element is drawn with, as "style width"."""
    return locator.evaluate(
        "element => { const style = getComputedStyle(element);"
        " return `${style.outlineStyle} ${style.outlineWidth}`; }"
    )


def assert_focus_is_visible(focused):
    outline = focus_outline(focused)
    style, width = outline.split()
    assert style != "none" and width != "0px", (
        f"no visible focus ({outline}) on {focused.evaluate('element => element.outerHTML')}"
    )


def test_keyboard_focus_is_visible_from_the_skip_link_on(page, live_site):
    page.goto("/zh-hant/")

    page.keyboard.press("Tab")

    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("跳至主要內容")
    expect(skip_link).to_be_in_viewport()
    assert_focus_is_visible(skip_link)
    # Every further stop in the header (site name, menu, search field and button, language).
    for _ in range(9):
        page.keyboard.press("Tab")
        assert_focus_is_visible(page.locator(":focus"))

    page.goto("/zh-hant/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.locator(":focus")).to_have_id("content")


def test_a_reports_preview_has_no_serious_accessibility_violation(page, live_site):
    """The band, and the marks of what the public cannot follow yet, in both languages."""
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser(username="staff", email="", password=password)
    agency = f.make_organization(name_zh="公開機關")
    f.make_report(agency=agency, status="published")
    draft_person = f.make_person(name_zh="草稿人物", name_en="Draft Person")
    delegation = f.make_delegation(contact_person=draft_person)
    f.make_member(delegation=delegation, person=draft_person, organization=agency)
    f.make_delegation_event(delegation=delegation, event=f.make_summit())
    draft = f.make_report(title="草稿報告", delegation=delegation, agency=agency, status="draft")
    draft.keywords.add(f.make_keyword())
    f.make_report_author(report=draft, person=draft_person)
    f.make_section(report=draft, body="草稿內容", page=2)
    f.make_report_file(report=draft)

    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill("staff")
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    problems = {}
    for language, band in (("zh-hant", "預覽，尚未公開"), ("en", "Preview — not published")):
        url = f"{reverse('admin:reports_report_preview', args=[draft.pk])}?language={language}"
        response = page.goto(url)

        assert response.status == 200, f"{url}: HTTP {response.status}"
        expect(page.locator(".preview-band")).to_contain_text(band)
        assert page.locator(".not-public").count() > 0
        assert page.locator("h1").count() == 1
        assert page.locator("script").count() == 0
        findings = blocking_results(page)
        if findings:
            problems[url] = findings

    assert not problems, "axe-core finds serious or critical faults:\n" + explain(problems)
