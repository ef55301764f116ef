"""A report's preview (issue 18): staff who may see a draft or a report in review in the admin
open its public page as it will look, marked as a preview, never indexed nor cached, with what
the public cannot follow yet marked; everyone else is refused, and the public page stays a 404."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.page_cache import MISS
from reports.models import PublicationStatus
from tests import factories as f

EDITOR, REVIEWER = "編輯 Editor", "審核 Reviewer"
BAND_ZH, BAND_EN = "預覽，尚未公開", "Preview — not published"
MARK_ZH, MARK_EN = "（尚未公開）", "(not public yet)"
ROBOTS = '<meta name="robots" content="noindex, nofollow">'
# A link, and whether the not-public mark follows it.
LINK = re.compile(r'<a href="([^"]+)"[^>]*>(.*?)</a>( <span class="not-public">[^<]*</span>)?', re.S)


def preview_url(report, language=None):
    url = reverse("admin:reports_report_preview", args=[report.pk])
    return f"{url}?language={language}" if language else url


def admin_url(record, view="change"):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk])


def links(response):
    """(href, marked) of every link on the page."""
    return {(href, bool(mark)) for href, _label, mark in LINK.findall(response.content.decode())}


def public(record, language="zh-hant"):
    with translation.override(language):
        return record.get_absolute_url()


@pytest.fixture
def world(db):
    """A published report making an agency, a person, a summit and a keyword public; and a
    draft that names those, and also an agency, a person, a visit and a keyword only it names."""
    agency = f.make_organization(slug="public-agency", name_zh="公開機關")
    person = f.make_person(slug="public-person", name_zh="公開人物", name_en="Public Person")
    summit = f.make_summit(slug="public-summit", title_en="Public Summit")
    trip = f.make_delegation(slug="public-trip", organising_agency=agency)
    f.make_delegation_event(delegation=trip, event=summit)
    f.make_member(delegation=trip, person=person, organization=agency)
    public_keyword = f.make_keyword(name="開放國會")
    published = f.make_report(slug="published", delegation=trip, agency=agency, status="published")
    published.keywords.add(public_keyword)

    draft_agency = f.make_organization(slug="draft-agency", name_zh="草稿機關")
    draft_person = f.make_person(slug="draft-person", name_zh="草稿人物", name_en="Draft Person")
    delegation = f.make_delegation(
        slug="draft-trip", organising_agency=draft_agency, contact_person=draft_person
    )
    f.make_member(delegation=delegation, person=person, organization=agency, order=1)
    f.make_member(delegation=delegation, person=draft_person, organization=draft_agency, order=2)
    visit = f.make_session(parent=None, kind="visit", slug="draft-visit", title_en="Draft Visit")
    f.make_delegation_event(delegation=delegation, event=summit)
    f.make_delegation_event(delegation=delegation, event=visit)
    draft_keyword = f.make_keyword(name="草稿關鍵詞")
    draft = f.make_report(
        slug="draft", title="草稿報告", delegation=delegation, agency=agency, status=PublicationStatus.DRAFT
    )
    draft.keywords.add(public_keyword, draft_keyword)
    f.make_report_author(report=draft, person=person, organization=agency)
    f.make_report_author(report=draft, person=draft_person)
    f.make_section(report=draft, heading="目的", body="草稿內容", page=3)
    pdf = f.make_report_file(report=draft, title="草稿檔案")
    # A note on the draft citing the draft: public with it once published.
    f.make_source_note(record=draft, report=draft, note="草稿註記")
    return {
        "agency": agency,
        "person": person,
        "summit": summit,
        "public_keyword": public_keyword,
        "published": published,
        "draft_agency": draft_agency,
        "draft_person": draft_person,
        "visit": visit,
        "draft_keyword": draft_keyword,
        "draft": draft,
        "pdf": pdf,
    }


@pytest.fixture
def log_in(client, django_user_model):
    def log_in(kind):
        if kind == "superuser":
            user = django_user_model.objects.create_superuser(username=kind, password=None)
        else:
            user = django_user_model.objects.create_user(username=kind, password=None, is_staff=True)
            if kind in ("editor", "reviewer"):
                user.groups.add(Group.objects.get(name=EDITOR if kind == "editor" else REVIEWER))
        client.force_login(user)
        return user

    return log_in


@pytest.mark.parametrize("kind", ["editor", "reviewer"])
@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
def test_preview_shows_staff_the_report_as_its_public_page_will_look(client, world, log_in, kind, status):
    draft = world["draft"]
    draft.status = status
    draft.save()
    log_in(kind)

    response = client.get(preview_url(draft), HTTP_ACCEPT_LANGUAGE="zh-hant")

    page = response.content.decode()
    assert response.status_code == 200
    assert [template.name for template in response.templates][:2] == [
        "reports/report_preview.html",
        "reports/report_detail.html",
    ]
    assert BAND_ZH in page
    assert f"本報告目前為<strong>{'草稿' if status == PublicationStatus.DRAFT else '審核中'}</strong>" in page
    assert "<h1>草稿報告</h1>" in page
    assert "草稿內容" in page and "草稿註記" in page
    assert ROBOTS in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert "X-Page-Cache" not in response
    assert response["Content-Language"] == "zh-hant"
    # Back to the admin.
    assert (admin_url(draft), False) in links(response)


def test_the_public_page_of_a_previewed_draft_is_still_not_found(client, world, log_in):
    draft = world["draft"]
    log_in("reviewer")

    assert client.get(preview_url(draft)).status_code == 200
    assert client.get(public(draft)).status_code == 404
    assert Client().get(public(draft)).status_code == 404
    assert Client().get(public(draft, "en")).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, world):
    response = client.get(preview_url(world["draft"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "草稿" not in response.content.decode()


def test_staff_who_may_not_see_reports_are_refused(client, world, log_in):
    log_in("staff-without-group")

    response = client.get(preview_url(world["draft"]))

    assert response.status_code == 403
    assert "草稿報告" not in response.content.decode()


def test_a_report_that_does_not_exist_is_not_found(client, world, log_in):
    log_in("reviewer")
    missing = reverse("admin:reports_report_preview", args=[world["draft"].pk + 1000])

    assert client.get(missing).status_code == 404


def test_what_the_public_cannot_follow_yet_is_marked_and_links_to_staff_pages(client, world, log_in):
    log_in("editor")
    draft, pdf = world["draft"], world["pdf"]

    found = links(client.get(preview_url(draft)))

    # Public records link to their public pages, unmarked.
    for name in ("agency", "person", "summit", "public_keyword"):
        assert (public(world[name]), False) in found, name
    # What only the draft names links to its admin page, marked: so does the draft's file, and
    # the note citing the draft itself.
    for name in ("draft_agency", "draft_person", "visit", "draft_keyword", "draft"):
        assert (admin_url(world[name]), True) in found, name
    assert (admin_url(pdf, "download"), True) in found
    assert (f"{admin_url(pdf, 'download')}#page=3", True) in found
    # And nothing links to their public pages, which are 404s.
    not_yet = [
        public(world[name]) for name in ("draft_agency", "draft_person", "visit", "draft_keyword", "draft")
    ]
    files = reverse("reports:report-file", args=[draft.slug, pdf.pk])
    assert [href for href, _marked in found if href in not_yet or href.startswith(files)] == []


def test_every_link_on_the_preview_opens(client, world, log_in):
    """A public link opens for a visitor, a marked one for the staff member: none is a 404."""
    log_in("editor")

    found = links(client.get(preview_url(world["draft"])))
    admin_root = reverse("admin:index")
    answers = {
        href: (client if href.startswith(admin_root) else Client()).get(href).status_code
        for href, _marked in found
        if href.startswith("/")
    }

    assert {href: status for href, status in answers.items() if status != 200} == {}
    assert {href for href, marked in found if marked and not href.startswith(admin_root)} == set()


def test_the_preview_is_in_the_staff_members_language_or_the_one_asked_for(client, world, log_in):
    log_in("editor")
    draft = world["draft"]

    english = client.get(preview_url(draft), HTTP_ACCEPT_LANGUAGE="en")
    asked = client.get(preview_url(draft, "en"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    chinese = client.get(preview_url(draft, "zh-hant"), HTTP_ACCEPT_LANGUAGE="en")

    for response in (english, asked):
        page = response.content.decode()
        assert BAND_EN in page and BAND_ZH not in page
        assert "This report is <strong>draft</strong>" in page
        assert MARK_EN in page and MARK_ZH not in page
        assert response["Content-Language"] == "en"
        assert (public(world["person"], "en"), False) in links(response)
        # The language switch stays on the preview.
        assert f'href="{preview_url(draft)}?language=zh-hant"' in page
    page = chinese.content.decode()
    assert BAND_ZH in page and MARK_ZH in page and BAND_EN not in page
    assert chinese["Content-Language"] == "zh-hant"
    assert f'href="{preview_url(draft)}?language=en"' in page


def test_a_published_reports_preview_says_it_is_published(client, world, log_in):
    log_in("editor")
    published = world["published"]

    response = client.get(preview_url(published), HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview — published" in page and BAND_EN not in page
    assert f'<a href="{public(published, "en")}">Open the public page</a>' in page
    assert MARK_EN not in page
    assert ROBOTS in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_change_form_and_list_offer_the_preview(client, world, log_in):
    log_in("editor")
    draft, published = world["draft"], world["published"]

    draft_form = client.get(admin_url(draft), HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    published_form = client.get(admin_url(published), HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    changelist = client.get(reverse("admin:reports_report_changelist")).content.decode()

    assert f'<a href="{preview_url(draft)}">預覽</a>' in draft_form
    assert f'<a href="{preview_url(published)}">預覽</a>' in published_form
    # "View on site" only where there is a public page.
    assert public(draft) not in draft_form
    assert f'href="{public(published)}"' in published_form
    # The list offers the preview of reports not yet published.
    assert f'<a href="{preview_url(draft)}">預覽</a>' in changelist
    assert preview_url(published) not in changelist


@pytest.mark.cache
@pytest.mark.django_db(transaction=True)
def test_the_preview_never_enters_the_public_page_cache(superuser):
    """Committed, as the site runs, so the page cache would keep what it may."""
    published = f.make_published_trip("Cached Agency", "Paris Cache Summit", "FR")
    draft = f.make_report(slug="cached-draft", title="快取草稿", status=PublicationStatus.DRAFT)
    staff = Client()
    staff.force_login(superuser)

    previews = [staff.get(preview_url(report)) for report in (draft, draft, published, published)]
    draft_page = Client().get(public(draft))
    published_page = Client().get(public(published))
    staff_after = staff.get(preview_url(published))

    assert [response.status_code for response in previews] == [200] * 4
    assert [response.get("X-Page-Cache") for response in previews] == [None] * 4
    assert (draft_page.status_code, draft_page.get("X-Page-Cache")) == (404, None)
    assert "快取草稿" not in draft_page.content.decode()
    # The visitor's page was rendered afresh (the previews kept nothing), and, now kept, it
    # is not what staff get from the preview.
    assert (published_page.status_code, published_page["X-Page-Cache"]) == (200, MISS)
    assert "X-Page-Cache" not in staff_after
    assert "預覽（已發布）" in staff_after.content.decode()
    assert "preview-band" not in published_page.content.decode()
