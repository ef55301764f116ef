"""The Content Security Policy in Chromium: the public pages and the admin load with it enforced
and break none of its rules (Chromium reports every refusal on the console)."""

import secrets

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from reports.models import Delegation, Report

PUBLIC_PAGES = [
    "/zh-hant/",
    "/zh-hant/reports/",
    "/en/reports/ogp-2016-paris/",
    "/zh-hant/events/ogp-2016-paris/",
    "/zh-hant/search/?q=國會",
    "/en/no-such-page/",
]


@pytest.fixture
def csp_refusals(page):
    """Chromium's console messages about the Content Security Policy, as the page loads."""
    refusals = []
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refusals


def visit(page, path):
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    return response


def test_public_pages_load_with_the_policy_enforced_and_break_none_of_its_rules(
    page, demo_site, csp_refusals
):
    for path in PUBLIC_PAGES:
        response = visit(page, path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        # The stylesheet applied: the header is laid out by site.css, not the browser's defaults.
        expect(page.locator(".site-header__inner")).to_have_css("display", "flex")

    assert csp_refusals == []


def test_the_admin_loads_with_the_policy_enforced_and_breaks_none_of_its_rules(page, demo_site, csp_refusals):
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser(username="editor", email="", password=password)
    report = Report.objects.get(slug="ogp-2016-paris")
    delegation = Delegation.objects.get(slug="ogp-2016-paris")

    response = visit(page, reverse("admin:login"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()

    for path in [
        reverse("admin:reports_report_changelist"),
        reverse("admin:reports_report_change", args=[report.pk]),
        reverse("admin:reports_delegation_change", args=[delegation.pk]),
        reverse("admin:reports_delegationmember_import") + f"?delegation={delegation.pk}",
        # Select2 over the time zones and countries (core.widgets.SearchableSelect).
        reverse("admin:events_event_add"),
    ]:
        visit(page, path)
        # The admin's own scripts ran: the sidebar toggle is there only when nav_sidebar.js loaded.
        expect(page.locator("#toggle-nav-sidebar")).to_be_visible()

    assert csp_refusals == []


def test_an_inline_style_is_refused_and_reported(page, live_site, csp_refusals):
    visit(page, "/zh-hant/")

    page.evaluate("() => { const style = document.createElement('style'); document.head.append(style); }")
    page.evaluate("() => { document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>'); }")

    expect(page.locator("body > p").last).not_to_have_css("color", "rgb(255, 0, 0)")
    assert any("style-src 'self'" in message for message in csp_refusals)
