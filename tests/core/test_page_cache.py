"""The public page cache and the HTTP caching of public pages and downloads (core.page_cache):
what a visitor, a staff member and a proxy get.

These tests commit (transaction=True), as the site does: the publication version grows after a
commit, and nothing is kept while a transaction has uncommitted writes. `.ci/run` runs them once
more against a real Redis (CACHE_URL)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.http import parse_http_date

from core.page_cache import HIT, MISS
from core.publication_version import current_change
from core.release import release
from reports.models import PublicationStatus
from reports.services import TRANSITIONS, move_report
from tests import factories as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.cache]


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def trip():
    """A published report with its PDF, on a trip to a summit with a session."""
    report = f.make_published_trip("Cached Agency", "Paris Cache Summit", "FR")
    report.title = "巴黎開放政府夥伴關係峰會出國報告"
    report.save()
    f.make_report_file(report=report)
    return report


def visit(path, client=None, **headers):
    return (client or Client()).get(path, headers=headers)


def test_a_visitors_page_comes_from_the_cache_the_second_time(trip):
    first = visit(url("reports:report-detail", slug=trip.slug))
    second = visit(url("reports:report-detail", slug=trip.slug))

    assert (first.status_code, first["X-Page-Cache"]) == (200, MISS)
    assert (second.status_code, second["X-Page-Cache"]) == (200, HIT)
    assert second.content == first.content
    assert "巴黎開放政府夥伴關係峰會出國報告" in second.content.decode()
    # What the inner layers set is kept with the page: the language and the security policy.
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "en"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("home", {}),
        ("search", {}),
        ("reports:report-list", {}),
        ("people:person-list", {}),
        ("people:organization-list", {}),
        ("events:event-list", {}),
        ("events:session-list", {}),
    ],
)
def test_every_public_page_type_is_kept(trip, name, kwargs):
    visit(url(name, **kwargs))
    assert visit(url(name, **kwargs))["X-Page-Cache"] == HIT


def test_detail_pages_of_every_kind_are_kept(trip):
    summit = trip.delegation.events.get()
    agency = trip.agency
    person = f.make_person(name_en="Cached Person")
    f.make_member(delegation=trip.delegation, person=person)
    for path in [
        url("reports:delegation-detail", slug=trip.delegation.slug),
        url("events:event-detail", slug=summit.slug),
        url("people:organization-detail", slug=agency.slug),
        url("people:person-detail", slug=person.slug),
        url("events:summit-calendar", slug=summit.slug),
    ]:
        assert visit(path).status_code == 200, path
        assert visit(path)["X-Page-Cache"] == HIT, path


def test_public_pages_carry_etag_last_modified_and_a_short_public_cache_control(trip):
    response = visit(url("reports:report-detail", slug=trip.slug))

    change = current_change()
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert parse_http_date(response["Last-Modified"]) == int(change.at.timestamp())
    assert set(response["Cache-Control"].split(", ")) == {
        "public",
        "max-age=60",
        "stale-while-revalidate=60",
    }
    # The same page in the other language is another page, with its own ETag.
    with translation.override("zh-hant"):
        chinese = visit(reverse("reports:report-detail", kwargs={"slug": trip.slug}))
    assert chinese["ETag"] != response["ETag"]


def test_a_conditional_request_is_answered_304_until_the_archive_changes(trip, superuser):
    path = url("reports:report-detail", slug=trip.slug)
    first = visit(path)

    by_etag = visit(path, If_None_Match=first["ETag"])
    by_date = visit(path, If_Modified_Since=first["Last-Modified"])
    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert by_etag["ETag"] == first["ETag"]
    assert by_date.status_code == 304

    trip.title = "改過的報告標題"
    trip.save()

    changed = visit(path, If_None_Match=first["ETag"], If_Modified_Since=first["Last-Modified"])
    assert changed.status_code == 200
    assert "改過的報告標題" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(first["Last-Modified"])

    move_report(trip, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")

    gone = visit(path, If_None_Match=changed["ETag"], If_Modified_Since=changed["Last-Modified"])
    assert gone.status_code == 410


def test_every_change_has_a_later_last_modified_even_within_one_second(trip):
    """HTTP dates count whole seconds: two changes in one second must still differ, or a
    conditional request made between them would be told nothing changed."""
    seen = []
    for number in range(3):
        trip.title = f"第 {number} 版"
        trip.save()
        seen.append(current_change().at)
    assert seen[0] < seen[1] < seen[2]
    assert all(moment.microsecond == 0 for moment in seen)


def test_a_forged_etag_is_not_answered_304(trip):
    """The ETag is signed: guessing the version number gives no 304 for a page never seen."""
    path = url("reports:report-detail", slug=trip.slug)
    version = current_change().number
    response = visit(path, If_None_Match=f'"{version}", "page-{version}"')
    assert response.status_code == 200


def test_a_publish_shows_on_a_kept_list_at_once(trip, superuser):
    listing = url("reports:report-list")
    assert "下一份報告" not in visit(listing).content.decode()
    assert visit(listing)["X-Page-Cache"] == HIT
    draft = f.make_report(title="下一份報告", status=PublicationStatus.IN_REVIEW)

    move_report(draft, TRANSITIONS["publish"], superuser)

    response = visit(listing)
    assert response["X-Page-Cache"] == MISS
    assert "下一份報告" in response.content.decode()


def test_a_withdrawal_leaves_a_kept_page_at_once(trip, superuser):
    path = url("reports:report-detail", slug=trip.slug)
    visit(path)
    assert visit(path)["X-Page-Cache"] == HIT

    move_report(trip, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")

    assert visit(path).status_code == 410
    assert trip.title not in visit(url("reports:report-list")).content.decode()


def test_a_withdrawn_reports_410_is_not_kept_nor_publicly_cacheable(trip, superuser):
    """The 410 is made afresh each time and a shared cache asks again: published again, the
    report's page is back at once."""
    path = url("reports:report-detail", slug=trip.slug)
    move_report(trip, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")

    first, second = visit(path), visit(path)

    assert (first.status_code, second.status_code) == (410, 410)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "ETag" not in second
    assert "public" not in second.get("Cache-Control", "")
    assert "no-cache" in second["Cache-Control"]
    assert "Errors in the roster." in second.content.decode()
    move_report(trip, TRANSITIONS["republish"], superuser)
    assert visit(path).status_code == 200


def test_not_found_is_not_kept(trip):
    path = url("reports:report-detail", slug="not-yet-here")
    first = visit(path)
    assert first.status_code == 404
    assert "X-Page-Cache" not in first
    assert "public" not in first.get("Cache-Control", "")

    f.make_report(slug="not-yet-here", title="晚來的報告", status=PublicationStatus.PUBLISHED)

    assert "晚來的報告" in visit(path).content.decode()


def test_parameters_in_any_order_and_empty_ones_share_one_page(trip):
    listing = url("reports:report-list")
    assert visit(f"{listing}?year=2017&sort=&country=FR")["X-Page-Cache"] == MISS
    assert visit(f"{listing}?country=FR&year=2017")["X-Page-Cache"] == HIT


@pytest.mark.parametrize(
    "query",
    [
        "?utm_source=newsletter",  # a parameter the page does not know
        "?year=not-a-year",  # a filter value the form refuses
        "?after=bm90LWEtY3Vyc29y",  # a cursor that is not one of this list's
        "?download=exe",  # a download the list does not offer
    ],
)
def test_a_list_url_the_page_cannot_use_is_served_but_never_kept(trip, query):
    path = url("reports:report-list") + query
    for _ in range(2):
        response = visit(path)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "ETag" not in response
        assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "query", ["?q=巴黎&kind=spaceships", "?q=巴黎&kind=reports&after=bogus", "?q=" + "字" * 201]
)
def test_a_search_the_page_cannot_use_is_never_kept(trip, query):
    path = url("search") + query
    visit(path)
    assert "X-Page-Cache" not in visit(path)


def test_an_unknown_programme_day_is_never_kept(trip):
    summit = trip.delegation.events.get()
    f.make_session(parent=summit, title_en="Opening plenary", start_date=datetime.date(2017, 12, 7))
    path = url("events:event-detail", slug=summit.slug)
    assert visit(f"{path}?day=2017-12-07")["X-Page-Cache"] == MISS
    assert visit(f"{path}?day=2017-12-07")["X-Page-Cache"] == HIT
    for _ in range(2):
        assert "X-Page-Cache" not in visit(f"{path}?day=1999-01-01")


def test_staff_who_are_logged_in_bypass_the_cache(trip, superuser):
    path = url("reports:report-detail", slug=trip.slug)
    staff = Client()
    staff.force_login(superuser)

    for _ in range(2):
        response = visit(path, staff)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "ETag" not in response
        assert "private" in response["Cache-Control"]
    # Staff filled nothing: the first visitor renders the page afresh.
    assert visit(path)["X-Page-Cache"] == MISS
    # And a kept page is not served to staff.
    assert "X-Page-Cache" not in visit(path, staff)


def test_admin_pages_are_never_public(trip, superuser):
    staff = Client()
    staff.force_login(superuser)
    response = staff.get(reverse("admin:reports_report_changelist"))
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in Client().get(reverse("admin:login"))


def test_a_visitor_with_messages_waiting_is_not_served_a_kept_page(trip):
    path = url("reports:report-detail", slug=trip.slug)
    visit(path)
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    response = visit(path, visitor)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_downloads_carry_the_version_and_answer_304(trip):
    listing = url("reports:report-list")
    download = visit(f"{listing}?download=csv")
    assert download.status_code == 200
    assert "巴黎開放政府夥伴關係峰會出國報告" in b"".join(download.streaming_content).decode("utf-8-sig")
    assert "public" in download["Cache-Control"]
    assert visit(f"{listing}?download=csv", If_None_Match=download["ETag"]).status_code == 304

    pdf = trip.files.get()
    path = url("reports:report-file", slug=trip.slug, pk=pdf.pk)
    response = visit(path)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["ETag"]
    not_modified = visit(path, If_None_Match=response["ETag"])
    assert (not_modified.status_code, not_modified.content) == (304, b"")


def test_a_withdrawn_reports_file_is_not_answered_304(trip, superuser):
    pdf = trip.files.get()
    path = url("reports:report-file", slug=trip.slug, pk=pdf.pk)
    response = visit(path)
    move_report(trip, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")
    assert visit(path, If_None_Match=response["ETag"]).status_code == 410


def test_a_new_release_does_not_serve_pages_the_old_code_rendered(trip, settings):
    path = url("reports:report-detail", slug=trip.slug)
    visit(path)
    old_etag = visit(path)["ETag"]
    settings.RELEASE = "next-release"
    release.cache_clear()
    try:
        response = visit(path, If_None_Match=old_etag)
        assert (response.status_code, response["X-Page-Cache"]) == (200, MISS)
    finally:
        release.cache_clear()


def test_with_the_page_cache_off_pages_are_rendered_each_time_and_keep_their_headers(trip, settings):
    settings.PAGE_CACHE = False
    path = url("reports:report-detail", slug=trip.slug)
    first, second = visit(path), visit(path)
    assert "X-Page-Cache" not in second
    assert second["ETag"] == first["ETag"]
    assert visit(path, If_None_Match=first["ETag"]).status_code == 304


def test_a_head_request_is_answered_from_the_kept_page(trip):
    path = url("reports:report-detail", slug=trip.slug)
    visit(path)
    response = Client().head(path)
    assert (response.status_code, response["X-Page-Cache"]) == (200, HIT)


def test_a_cache_server_that_does_not_answer_leaves_the_pages_working(trip, settings):
    # A Redis address nothing listens on: the pages are rendered, the failure only logged.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE = True
    response = visit(url("reports:report-detail", slug=trip.slug))
    assert response.status_code == 200
    assert "巴黎開放政府夥伴關係峰會出國報告" in response.content.decode()


# A page of one visitor's own: the test URLconf below serves public pages (PublicPage) that
# hold a CSRF token, add a message, set a cookie or change the session.
@pytest.mark.urls("tests.core.page_cache_urls")
@pytest.mark.parametrize("path", ["/csrf-form/", "/adds-message/", "/sets-cookie/", "/writes-session/"])
def test_a_page_holding_one_visitors_state_is_never_kept_nor_public(trip, path):
    first, second = visit(path), visit(path)
    assert first.status_code == 200
    assert "X-Page-Cache" not in second
    assert "ETag" not in second
    assert "private" in second["Cache-Control"]
    if path == "/csrf-form/":
        token = "csrfmiddlewaretoken"
        assert token in first.content.decode()
        assert first.content != second.content  # each visitor their own token


@pytest.mark.urls("tests.core.page_cache_urls")
def test_the_test_urlconf_serves_a_plain_public_page_from_the_cache(trip):
    """The control for the test above: the same kind of view, holding nothing of a visitor's."""
    visit("/plain/")
    assert visit("/plain/")["X-Page-Cache"] == HIT


def test_an_answer_too_large_to_hold_is_made_afresh_with_its_headers(trip, settings):
    settings.PAGE_CACHE_MAX_BYTES = 1000
    path = url("reports:report-detail", slug=trip.slug)
    first, second = visit(path), visit(path)
    assert len(first.content) > 1000
    assert "X-Page-Cache" not in second
    assert second["ETag"] == first["ETag"]
    assert visit(path, If_None_Match=first["ETag"]).status_code == 304
