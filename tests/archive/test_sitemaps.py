"""The sitemap (archive.sitemaps): an index of files that list every public page in both
languages with its hreflang alternates, each file within the limit; and robots.txt."""

import datetime
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.page_cache import HIT, MISS
from events.models import Event
from people.models import Organization, Person
from reports.models import Delegation, PublicationStatus, Report
from reports.services import TRANSITIONS, move_report
from tests import factories as f

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
SECTIONS = ["pages", "reports", "delegations", "people", "organisations", "events"]
HIDDEN = "zzhidden"
SERVER = "http://testserver"


@pytest.fixture
def archive():
    """Two published trips with their rosters and sessions, and a draft trip whose every record
    is marked HIDDEN."""
    for n in (1, 2):
        report = f.make_published_trip(f"Agency {n}", f"Summit {n}", "FR")
        f.make_member(delegation=report.delegation, person=f.make_person(slug=f"delegate-{n}"))
        f.make_session(parent=report.delegation.events.get(), slug=f"session-{n}")
    agency = f.make_organization(slug=f"{HIDDEN}-agency")
    delegation = f.make_delegation(slug=f"{HIDDEN}-delegation", organising_agency=agency)
    f.make_member(delegation=delegation, person=f.make_person(slug=f"{HIDDEN}-person"))
    f.make_delegation_event(delegation=delegation, event=f.make_summit(slug=f"{HIDDEN}-summit"))
    f.make_report(slug=f"{HIDDEN}-report", agency=agency, delegation=delegation)


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def index_files(client):
    """The addresses of the sitemap's files, as the index lists them (without the server)."""
    index = xml(client, "/sitemap.xml")
    return [
        loc.text.removeprefix(SERVER) for loc in index.iterfind("sitemap:sitemap/sitemap:loc", NAMESPACES)
    ]


def urls_of(client, path):
    """{address: {hreflang: alternate address}} of each URL of a sitemap file."""
    return {
        url.findtext("sitemap:loc", namespaces=NAMESPACES): {
            link.get("hreflang"): link.get("href") for link in url.iterfind("xhtml:link", NAMESPACES)
        }
        for url in xml(client, path).iterfind("sitemap:url", NAMESPACES)
    }


def every_url(client):
    listed = {}
    for path in index_files(client):
        listed.update(urls_of(client, path))
    return listed


def public_pages():
    """Every public HTML page of the archive, in both languages, by its own querysets."""
    records = [
        *Report.objects.published(),
        *Delegation.objects.public(),
        *Person.objects.public(),
        *Organization.objects.public(),
        *Event.objects.public(),
    ]
    names = ["home", "reports:report-list", "people:person-list", "people:organization-list"]
    names += ["events:event-list", "events:session-list"]
    pages = set()
    for language in ("zh-hant", "en"):
        with translation.override(language):
            pages |= {SERVER + reverse(name) for name in names}
            pages |= {SERVER + record.get_absolute_url() for record in records}
    return pages


def test_sitemap_index_lists_a_file_per_section(client, archive):
    assert index_files(client) == [f"/sitemap-{section}.xml" for section in SECTIONS]


def test_sitemap_lists_every_public_page_in_both_languages_and_nothing_else(client, archive):
    listed = every_url(client)

    assert set(listed) == public_pages()
    assert len(listed) == 2 * (6 + 2 + 2 + 2 + 2 + 4)  # pages, reports, delegations, people, agencies, events
    assert [url for url in listed if HIDDEN in url] == []


def test_every_url_names_its_page_in_each_language(client, archive):
    listed = urls_of(client, "/sitemap-reports.xml")
    [slug] = Report.objects.filter(agency__name_en="Agency 1").values_list("slug", flat=True)
    chinese, english = f"{SERVER}/zh-hant/reports/{slug}/", f"{SERVER}/en/reports/{slug}/"
    # Each address lists itself and the other, and the address without a language, which leads
    # every reader to their own.
    alternates = {"zh-hant": chinese, "en": english, "x-default": f"{SERVER}/reports/{slug}/"}

    assert (listed[chinese], listed[english]) == (alternates, alternates)
    assert all(set(links) == {"zh-hant", "en", "x-default"} for links in every_url(client).values())


def test_the_address_without_a_language_leads_to_the_readers(client, archive):
    [slug] = Report.objects.filter(agency__name_en="Agency 2").values_list("slug", flat=True)

    english = client.get(f"/reports/{slug}/", headers={"accept-language": "en"})
    chinese = client.get(f"/reports/{slug}/", headers={"accept-language": "zh-TW"})

    assert (english.status_code, english["Location"]) == (302, f"/en/reports/{slug}/")
    assert (chinese.status_code, chinese["Location"]) == (302, f"/zh-hant/reports/{slug}/")


def test_a_report_is_last_modified_when_it_was_edited_or_published(client, archive, superuser):
    report = f.make_report(slug="edited-then-published", status=PublicationStatus.IN_REVIEW)
    move_report(report, TRANSITIONS["publish"], superuser)
    Report.objects.filter(pk=report.pk).update(
        status_changed_at=datetime.datetime(2031, 5, 6, tzinfo=datetime.UTC)
    )
    sitemap = xml(client, "/sitemap-reports.xml")

    lastmod = {
        url.findtext("sitemap:loc", namespaces=NAMESPACES): url.findtext(
            "sitemap:lastmod", namespaces=NAMESPACES
        )
        for url in sitemap.iterfind("sitemap:url", NAMESPACES)
    }
    index = xml(client, "/sitemap.xml")
    sections = {
        entry.findtext("sitemap:loc", namespaces=NAMESPACES): entry.findtext(
            "sitemap:lastmod", namespaces=NAMESPACES
        )
        for entry in index.iterfind("sitemap:sitemap", NAMESPACES)
    }

    # Dates in the archive's time zone (Asia/Taipei): 2031-05-06 00:00 UTC is 08:00 there.
    assert lastmod[f"{SERVER}/en/reports/edited-then-published/"] == "2031-05-06"
    assert sections[f"{SERVER}/sitemap-reports.xml"] == "2031-05-06T08:00:00+08:00"
    # The other sections' pages change with every report that names their records: no date.
    assert sections[f"{SERVER}/sitemap-people.xml"] is None
    assert all(url.find("sitemap:lastmod", NAMESPACES) is None for url in xml(client, "/sitemap-people.xml"))


def test_a_section_is_split_into_files_within_the_limit(client, archive, settings):
    settings.SITEMAP_URLS_PER_FILE = 3
    for n in range(2):
        f.make_report(slug=f"more-{n}", status=PublicationStatus.PUBLISHED)
    reports = [path for path in index_files(client) if path.startswith("/sitemap-reports.xml")]

    files = [urls_of(client, path) for path in reports]

    assert reports == ["/sitemap-reports.xml", "/sitemap-reports.xml?p=2", "/sitemap-reports.xml?p=3"]
    assert [len(urls) for urls in files] == [3, 3, 2]
    assert {url for urls in files for url in urls} == {
        page for page in public_pages() if "/reports/" in page and not page.endswith("/reports/")
    }
    assert client.get("/sitemap-reports.xml?p=4").status_code == 404


@pytest.mark.parametrize(
    "path", ["/sitemap-drafts.xml", "/sitemap-reports.xml?p=0", "/sitemap-reports.xml?p=x"]
)
def test_an_unknown_section_or_file_is_not_found(client, archive, path):
    assert client.get(path).status_code == 404


def test_a_sitemap_file_and_the_index_take_a_fixed_number_of_queries(
    client, archive, django_assert_max_num_queries
):
    for n in range(30):
        f.make_published_trip(f"More Agency {n}", f"More Summit {n}", "EE")

    # The index counts each section and dates the reports'; a file counts and reads its rows.
    with django_assert_max_num_queries(8):
        index_files(client)
    for section in SECTIONS:
        with django_assert_max_num_queries(3):
            assert urls_of(client, f"/sitemap-{section}.xml")


def test_robots_txt_points_at_the_sitemap(client, archive):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow:",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.cache
def test_the_sitemap_is_kept_by_the_page_cache_and_a_withdrawal_shows_at_once(archive, superuser):
    report = Report.objects.published().first()
    paths = ["/sitemap.xml", "/sitemap-reports.xml", "/robots.txt"]
    first = [Client().get(path) for path in paths]
    second = [Client().get(path) for path in paths]

    move_report(report, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")
    after = Client().get("/sitemap-reports.xml")

    assert [response["X-Page-Cache"] for response in first + second] == [MISS] * 3 + [HIT] * 3
    assert after["X-Page-Cache"] == MISS
    assert report.slug in first[1].content.decode()
    assert report.slug not in after.content.decode()
