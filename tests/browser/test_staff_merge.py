"""A reviewer merges two people in a real browser, from the people list to the survivor's page,
and a visitor's old link follows the redirect."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from people.models import Person
from reports.models import PublicationStatus
from tests import factories as f


def test_reviewer_merges_two_people_and_the_old_address_leads_to_the_one_kept(browser, live_site):
    delegation = f.make_delegation()
    f.make_report(delegation=delegation, status=PublicationStatus.PUBLISHED)
    kept = f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey", slug="kao-shien-quey")
    duplicate = f.make_person(name_zh="高仙桂", name_en="Kao Shien Quey", slug="kao-shien-quey-2")
    f.make_member(delegation=delegation, person=kept)
    f.make_member(delegation=f.make_delegation(), person=duplicate)
    f.make_report(delegation=duplicate.memberships.get().delegation, status=PublicationStatus.PUBLISHED)
    password = secrets.token_urlsafe(16)
    reviewer = get_user_model().objects.create_user(username="reviewer", password=password, is_staff=True)
    reviewer.groups.add(Group.objects.get(name="審核 Reviewer"))
    context = browser.new_context(base_url=live_site.url, locale="zh-TW")
    page = context.new_page()

    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill("reviewer")
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    page.goto(reverse("admin:people_person_changelist"))
    for person in (kept, duplicate):
        page.locator(f"input.action-select[value='{person.pk}']").check()
    page.locator("select[name=action]").select_option(label="合併所選")
    page.locator("button[name=index]").click()

    expect(page.locator("#merge-records")).to_contain_text("kao-shien-quey-2")
    page.locator(f"#merge-form input[name=survivor][value='{kept.pk}']").check()
    page.locator(f"#merge-form input[name=name_en][value='{duplicate.pk}']").check()
    page.locator("#merge-form [type=submit]").click()

    expect(page.locator(".messagelist .success")).to_contain_text("高仙桂")
    kao = Person.objects.filter(slug__startswith="kao")
    assert list(kao.values_list("slug", "name_en")) == [("kao-shien-quey", "Kao Shien Quey")]
    with translation.override("en"):
        old_address = reverse("people:person-detail", kwargs={"slug": "kao-shien-quey-2"})
    page.goto(old_address)
    assert page.url.endswith("/en/people/kao-shien-quey/")
    expect(page.locator("h1")).to_contain_text("高仙桂")
    context.close()
