"""The Atom feeds of newly published reports (archive.feeds), read back with feedparser as a
feed reader reads them: the whole archive's, an agency's and a summit's, in each language."""

import datetime
import re

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from archive.feeds import FEED_LENGTH
from core.page_cache import HIT, MISS
from reports.models import PublicationStatus
from reports.services import TRANSITIONS, move_report
from tests import factories as f

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
HIDDEN = "zzhidden"


def url(name, language="zh-hant", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def read(client, path):
    """The feed at `path` as a reader's feed app gets it."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    # Well-formed Atom 1.0, which feedparser read without having to guess.
    assert (parsed.bozo, parsed.version) == (False, "atom10")
    return parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


@pytest.fixture
def archive(superuser):
    """Two agencies' published reports on two summits (Tallinn's the later), and beside them a
    draft, a report in review and a withdrawn report, each marked HIDDEN."""
    council = f.make_organization(
        slug="ndc", name_zh="國家發展委員會", name_en="National Development Council"
    )
    ministry = f.make_organization(slug="mofa", name_zh="外交部", name_en="")
    organiser = f.make_organization(slug="organiser", name_zh="主辦機關", name_en="Organiser")
    paris = f.make_summit(slug="paris", title_en="OGP Global Summit 2016", title_zh="2016 年 OGP 全球高峰會")
    tallinn = f.make_summit(slug="tallinn", title_en="OGP Global Summit 2023")
    paris_trip = f.make_delegation(organising_agency=organiser)
    tallinn_trip = f.make_delegation(organising_agency=ministry)
    f.make_delegation_event(delegation=paris_trip, event=paris)
    f.make_delegation_event(delegation=tallinn_trip, event=tallinn)
    reports = {
        "paris": f.make_report(
            slug="paris-report",
            title="出席 2016 年 OGP 全球高峰會報告",
            title_en="Report on the 2016 OGP Global Summit",
            abstract="第一段。\n\n第二段 <b>不是標記</b> & 符號。",
            agency=council,
            delegation=paris_trip,
            status=PublicationStatus.PUBLISHED,
            published_at=datetime.datetime(2024, 1, 10, 9, 30, tzinfo=UTC),
        ),
        "tallinn": f.make_report(
            slug="tallinn-report",
            title="出席 2023 年 OGP 全球高峰會報告",
            agency=ministry,
            delegation=tallinn_trip,
            status=PublicationStatus.PUBLISHED,
            published_at=datetime.datetime(2024, 2, 1, 2, 0, tzinfo=UTC),
        ),
    }
    for status in ("draft", "in_review"):
        f.make_report(
            slug=f"{HIDDEN}-{status}",
            title=f"{HIDDEN} {status}",
            agency=council,
            delegation=paris_trip,
            status=status,
        )
    withdrawn = f.make_report(
        slug=f"{HIDDEN}-withdrawn",
        title=f"{HIDDEN} withdrawn",
        agency=council,
        delegation=paris_trip,
        status=PublicationStatus.PUBLISHED,
    )
    move_report(withdrawn, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")
    return {"reports": reports, "council": council, "organiser": organiser, "paris": paris}


def test_site_feed_lists_published_reports_newest_first_in_chinese(client, archive):
    parsed = read(client, url("reports:report-feed"))

    assert parsed.feed.title == "新發布的報告"
    assert parsed.feed.language == "zh-hant"
    assert titles(parsed) == ["出席 2023 年 OGP 全球高峰會報告", "出席 2016 年 OGP 全球高峰會報告"]
    assert [entry.link for entry in parsed.entries] == [
        "http://testserver/zh-hant/reports/tallinn-report/",
        "http://testserver/zh-hant/reports/paris-report/",
    ]


def test_english_feed_shows_english_titles_and_the_chinese_where_there_is_none(client, archive):
    parsed = read(client, url("reports:report-feed", "en"))

    assert parsed.feed.title == "Newly published reports"
    assert parsed.feed.language == "en"
    assert titles(parsed) == ["出席 2023 年 OGP 全球高峰會報告", "Report on the 2016 OGP Global Summit"]
    assert parsed.entries[1].link == "http://testserver/en/reports/paris-report/"


def test_feed_has_absolute_ids_and_links_of_its_own_per_language(client, archive):
    chinese = read(client, url("reports:report-feed"))
    english = read(client, url("reports:report-feed", "en"))

    assert chinese.feed.id == "http://testserver/zh-hant/reports/feed.atom"
    assert english.feed.id == "http://testserver/en/reports/feed.atom"
    assert {link.rel: link.href for link in chinese.feed.links} == {
        "alternate": "http://testserver/zh-hant/reports/",
        "self": "http://testserver/zh-hant/reports/feed.atom",
    }
    assert [entry.id for entry in english.entries] == [entry.link for entry in english.entries]
    assert not {entry.id for entry in chinese.entries} & {entry.id for entry in english.entries}


def test_feed_entry_has_its_publication_date_agency_and_abstract(client, archive):
    chinese = read(client, url("reports:report-feed")).entries[1]
    english = read(client, url("reports:report-feed", "en")).entries[1]

    published = datetime.datetime(*chinese.published_parsed[:6], tzinfo=UTC)
    updated = datetime.datetime(*chinese.updated_parsed[:6], tzinfo=UTC)
    assert published == updated == datetime.datetime(2024, 1, 10, 9, 30, tzinfo=UTC)
    assert (chinese.author, english.author) == ("國家發展委員會", "National Development Council")
    assert chinese.author_detail.href == "http://testserver/zh-hant/organisations/ndc/"
    # The abstract is text: a reader shows its angle brackets and ampersand, in two paragraphs.
    assert chinese.summary == "<p>第一段。</p>\n\n<p>第二段 &lt;b&gt;不是標記&lt;/b&gt; &amp; 符號。</p>"


def test_an_agency_without_an_english_name_is_named_in_chinese_in_the_english_feed(client, archive):
    english = read(client, url("reports:report-feed", "en")).entries[0]

    assert english.author == "外交部"
    assert "summary" not in english  # no abstract, no summary


def test_drafts_reports_in_review_and_withdrawn_reports_are_in_no_feed(client, archive):
    paths = [
        url(name, language, **kwargs)
        for language in ("zh-hant", "en")
        for name, kwargs in [
            ("reports:report-feed", {}),
            ("people:organization-feed", {"slug": "ndc"}),
            ("events:summit-feed", {"slug": "paris"}),
        ]
    ]

    bodies = [client.get(path).content.decode() for path in paths]

    assert [HIDDEN in body for body in bodies] == [False] * len(paths)
    assert [len(read(client, path).entries) for path in paths] == [2, 1, 1] * 2


def test_agency_feed_lists_only_the_agencys_reports(client, archive):
    parsed = read(client, url("people:organization-feed", slug="ndc"))
    english = read(client, url("people:organization-feed", "en", slug="ndc"))

    assert parsed.feed.title == "國家發展委員會新發布的報告"
    assert english.feed.title == "Newly published reports of National Development Council"
    assert parsed.feed.link == "http://testserver/zh-hant/organisations/ndc/"
    assert titles(parsed) == ["出席 2016 年 OGP 全球高峰會報告"]


def test_an_organisation_that_is_the_agency_of_no_report_has_an_empty_feed(client, archive):
    # The organiser of the Paris trip is public, but no report is its own.
    assert read(client, url("people:organization-feed", slug="organiser")).entries == []


def test_summit_feed_lists_the_reports_of_the_delegations_that_attended_it(client, archive):
    paris = read(client, url("events:summit-feed", slug="paris"))
    tallinn = read(client, url("events:summit-feed", "en", slug="tallinn"))

    assert paris.feed.title == "2016 年 OGP 全球高峰會相關的新發布報告"
    assert paris.feed.link == "http://testserver/zh-hant/events/paris/"
    assert titles(paris) == ["出席 2016 年 OGP 全球高峰會報告"]
    assert tallinn.feed.title == "Newly published reports on OGP Global Summit 2023"
    assert titles(tallinn) == ["出席 2023 年 OGP 全球高峰會報告"]


def test_feeds_of_unknown_private_or_non_summit_records_are_not_found(client, archive):
    private_agency = f.make_organization(slug="private-agency", name_zh=HIDDEN, name_en=HIDDEN)
    f.make_report(agency=private_agency, title=HIDDEN)
    private_summit = f.make_summit(slug="private-summit", title_en=HIDDEN)
    f.make_delegation_event(delegation=f.make_delegation(), event=private_summit)
    session = f.make_session(parent=archive["paris"], slug="paris-session")

    responses = [
        client.get(url("people:organization-feed", slug=slug)) for slug in ("nobody", "private-agency")
    ] + [
        client.get(url("events:summit-feed", slug=slug))
        for slug in ("nowhere", "private-summit", session.slug)
    ]

    assert [response.status_code for response in responses] == [404] * 5
    assert [HIDDEN in response.content.decode() for response in responses] == [False] * 5


def test_a_merged_agencys_feed_leads_to_its_survivors(client, archive):
    duplicate = f.make_organization(slug="ndc-duplicate", name_zh="國發會")
    f.make_report(agency=duplicate, status=PublicationStatus.PUBLISHED)
    f.make_merge(survivor=archive["council"], merged=[duplicate])

    response = client.get(url("people:organization-feed", "en", slug="ndc-duplicate"))

    assert (response.status_code, response["Location"]) == (301, "/en/organisations/ndc/feed.atom")
    assert len(read(client, response["Location"]).entries) == 2


def test_feed_holds_the_latest_reports_in_a_fixed_number_of_queries(
    client, archive, django_assert_max_num_queries
):
    start = datetime.datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(FEED_LENGTH + 1):
        f.make_report(
            slug=f"later-{n}",
            agency=archive["council"],
            status=PublicationStatus.PUBLISHED,
            published_at=start + datetime.timedelta(days=n),
        )

    with django_assert_max_num_queries(3):
        site = read(client, url("reports:report-feed"))
    with django_assert_max_num_queries(4):
        agency = read(client, url("people:organization-feed", slug="ndc"))

    newest_first = [f"http://testserver/zh-hant/reports/later-{n}/" for n in range(FEED_LENGTH, 0, -1)]
    assert [entry.link for entry in site.entries] == newest_first
    assert [entry.link for entry in agency.entries] == newest_first


def alternate_feeds(html):
    """(title, href) of each feed a page announces in its head."""
    return re.findall(
        r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', html
    )


def test_pages_announce_and_link_their_feeds(client, archive):
    home = client.get(url("home")).content.decode()
    reports = client.get(url("reports:report-list", "en")).content.decode()
    council = client.get(url("people:organization-detail", slug="ndc")).content.decode()
    organiser = client.get(url("people:organization-detail", slug="organiser")).content.decode()
    paris = client.get(url("events:event-detail", "en", slug="paris")).content.decode()

    assert alternate_feeds(home) == [("新發布的報告", "/zh-hant/reports/feed.atom")]
    assert alternate_feeds(reports) == [("Newly published reports", "/en/reports/feed.atom")]
    assert alternate_feeds(council) == [
        ("國家發展委員會新發布的報告", "/zh-hant/organisations/ndc/feed.atom")
    ]
    assert alternate_feeds(organiser) == []
    assert alternate_feeds(paris) == [
        ("Newly published reports on OGP Global Summit 2016", "/en/events/paris/feed.atom")
    ]
    # And for people, a link they can follow.
    assert (
        '訂閱新發布的報告： <a href="/zh-hant/reports/feed.atom" type="application/atom+xml">Atom</a>' in home
    )
    assert "Follow newly published reports:" in reports
    assert '訂閱此機關新發布的報告： <a href="/zh-hant/organisations/ndc/feed.atom"' in council
    assert "Follow newly published reports on this summit:" in paris


@pytest.mark.django_db(transaction=True)
@pytest.mark.cache
def test_feeds_are_kept_by_the_page_cache_and_a_publication_shows_at_once(archive, superuser):
    path = url("people:organization-feed", slug="ndc")
    first, second = Client().get(path), Client().get(path)
    report = f.make_report(title="新的報告", agency=archive["council"], status=PublicationStatus.IN_REVIEW)

    move_report(report, TRANSITIONS["publish"], superuser)
    after = Client().get(path)

    assert (first["X-Page-Cache"], second["X-Page-Cache"], after["X-Page-Cache"]) == (MISS, HIT, MISS)
    assert second.content == first.content
    assert titles(feedparser.parse(after.content))[0] == "新的報告"
