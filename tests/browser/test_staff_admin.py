"""The admin's long lists in a real browser: staff search the time zones and the countries by
typing (Select2, started by a static script under the Content Security Policy)."""

import secrets

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from events.models import Event, EventKind


def test_staff_search_the_time_zones_and_the_countries_of_an_event(browser, live_site):
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser(username="staff", email="", password=password)
    context = browser.new_context(base_url=live_site.url, locale="zh-TW")
    page = context.new_page()
    refusals = []
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "Content Security" in message.text else None,
    )

    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill("staff")
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    page.goto(reverse("admin:events_event_add"))

    page.locator("#id_kind").select_option(EventKind.SUMMIT)
    page.locator("#id_title_en").fill("OGP Summit Madrid")  # the slug follows (prepopulate.js)
    page.locator(".field-time_zone .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Madr")
    expect(page.locator(".select2-dropdown .select2-results__option")).to_have_text(["Europe/Madrid"])
    page.keyboard.press("Enter")
    page.locator(".field-country .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("西班")
    expect(page.locator(".select2-dropdown .select2-results__option")).to_have_text(["西班牙"])
    page.keyboard.press("Enter")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    summit = Event.objects.get(slug="ogp-summit-madrid")
    assert (summit.time_zone, summit.country) == ("Europe/Madrid", "ES")
    assert refusals == []
    context.close()
