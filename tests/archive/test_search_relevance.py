"""The public search shows each kind's best matches first: an exact title or name, then titles
or names that match, then the text around them; one kind's page at a time keeps that order
across pages (its cursor carries the tier)."""

import base64
import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.listing import PAGE_SIZE
from reports.models import PublicationStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationStatus.PUBLISHED


def search(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response


# A result's link text (a name in the other language is wrapped in a span with its lang).
RESULT = re.compile(r'<li class="result"><a href="[^"]*">(?:<span lang="[^"]*">)?([^<]*)')


def section(response, kind):
    """The link texts of one kind's results on the search page, in their order."""
    html = response.content.decode()
    return RESULT.findall(html.split(f'id="results-{kind}"', 1)[1].split("</section>", 1)[0])


def results(response):
    """The link texts of a one-kind search page's results, in their order."""
    return RESULT.findall(response.content.decode())


def result_count(response):
    return re.search(r'class="result-count" role="status">([^<]*)<', response.content.decode()).group(1)


def link(response, rel):
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.content.decode())
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def trip():
    """A published report's delegation to a summit, whose programme is then public."""
    agency = f.make_organization(name_zh="測試機關")
    summit = f.make_summit(title_en="Test Summit")
    delegation = f.make_delegation(organising_agency=agency)
    f.make_delegation_event(delegation=delegation, event=summit)
    f.make_report(delegation=delegation, agency=agency, title="行程報告", status=PUBLISHED)
    return {"agency": agency, "summit": summit, "delegation": delegation}


def make_report(trip, title, days_ago=0, **fields):
    return f.make_report(
        delegation=trip["delegation"],
        agency=trip["agency"],
        title=title,
        report_date=datetime.date(2020, 1, 1) - datetime.timedelta(days=days_ago),
        status=fields.pop("status", PUBLISHED),
        **fields,
    )


def test_search_an_exact_title_comes_before_a_title_match_before_a_body_match(client, trip):
    # The list order alone (newest first) would put them the other way round.
    make_report(trip, "開放國會", days_ago=300)
    make_report(trip, "推動開放國會的經驗", days_ago=200)
    make_report(trip, "出席峰會報告", days_ago=100, abstract="介紹開放國會夥伴關係")
    make_report(trip, "Open Parliament", days_ago=400, title_en="開放國會")

    assert section(search(client, q="開放國會"), "reports") == [
        # Exact titles (Chinese or English), newest first; then the title; then the abstract.
        "開放國會",
        "Open Parliament",
        "推動開放國會的經驗",
        "出席峰會報告",
    ]


def test_search_an_exact_title_matches_whatever_its_case_width_and_punctuation(client, trip):
    make_report(trip, "Open Parliament in Practice", days_ago=300)
    make_report(trip, "Open Parliament: a Roadmap", days_ago=10)

    assert section(search(client, q="ＯＰＥＮ parliament — a roadmap"), "reports") == [
        "Open Parliament: a Roadmap",
    ]
    assert section(search(client, q="open parliament"), "reports") == [
        "Open Parliament: a Roadmap",
        "Open Parliament in Practice",
    ]
    assert section(search(client, q="open parliament in practice"), "reports") == [
        "Open Parliament in Practice",
    ]


def test_search_a_draft_report_with_the_exact_title_is_in_no_tier(client, trip):
    make_report(trip, "開放國會", status=PublicationStatus.DRAFT, title_en="Open Parliament")
    make_report(trip, "開放國會行動", days_ago=5)

    assert section(search(client, q="開放國會"), "reports") == ["開放國會行動"]
    assert results(search(client, q="開放國會", kind="reports")) == ["開放國會行動"]
    assert section(search(client, q="Open Parliament"), "reports") == []


def test_search_the_exact_person_name_comes_first(client, trip):
    # 丁王明 sorts before 王明 and matches its bigram: only the tier puts 王明 first.
    for name_zh, name_en in [
        ("丁王明", "Ting Wang-ming"),
        ("王明", "Wang Ming"),
        ("王明仁", "Wang Ming-jen"),
    ]:
        f.make_member(delegation=trip["delegation"], person=f.make_person(name_zh=name_zh, name_en=name_en))

    assert section(search(client, q="王明"), "people") == ["王明", "丁王明", "王明仁"]
    assert section(search(client, q="wang ming"), "people") == ["王明", "丁王明", "王明仁"]


def test_search_a_person_is_exact_by_another_of_their_names(client, trip):
    for name_zh in ["王明", "丁王明"]:
        f.make_member(delegation=trip["delegation"], person=f.make_person(name_zh=name_zh, name_en=""))
    other = f.make_person(name_zh="陳王明", name_en="")
    f.make_person_name(person=other, name="王 明")
    f.make_member(delegation=trip["delegation"], person=other)

    assert section(search(client, q="王明"), "people") == ["王明", "陳王明", "丁王明"]


def test_search_the_exact_organisation_name_comes_first(client, trip):
    for name_zh in ["國發會", "國發會社會發展處"]:
        f.make_member(delegation=trip["delegation"], organization=f.make_organization(name_zh=name_zh))
    acronym = f.make_organization(name_zh="國家發展委員會")
    f.make_organization_name(organization=acronym, name="國發會")
    f.make_member(delegation=trip["delegation"], organization=acronym)

    # Both exact (by name or by short name), in the list order; then the name that matches.
    assert section(search(client, q="國發會"), "organisations") == [
        "國家發展委員會",
        "國發會",
        "國發會社會發展處",
    ]


def test_search_an_exact_session_title_comes_before_a_title_match_before_a_description(client, trip):
    summit = trip["summit"]
    for day, title, description in [
        (7, "Open Data Roundtable", ""),
        (8, "Legislative Openness", "A roundtable on open data in parliaments"),
        (9, "Open Data", ""),
    ]:
        f.make_session(
            parent=summit, title_en=title, description=description, start_date=datetime.date(2016, 12, day)
        )

    assert section(search(client, q="open data"), "sessions") == [
        "Open Data",
        "Open Data Roundtable",
        "Legislative Openness",
    ]


def test_search_page_links_to_every_result_of_a_kind(client, trip):
    for n in range(12):
        make_report(trip, f"開放國會 {n:02}", days_ago=n)

    response = search(client, q="開放國會")

    assert section(response, "reports") == [f"開放國會 {n:02}" for n in range(10)]
    html = response.content.decode()
    assert 'href="?q=%E9%96%8B%E6%94%BE%E5%9C%8B%E6%9C%83&amp;kind=reports"' in html
    assert results(search(client, q="開放國會", kind="reports")) == [f"開放國會 {n:02}" for n in range(12)]


def test_search_kind_pages_keep_the_tiers_across_pages(client, trip):
    # Tier 1: two exact titles; tier 2: a page's worth of titles; tier 3: three abstracts.
    # The list order alone (newest first) would mix them.
    exact = [
        make_report(trip, "開放國會", days_ago=500 + n, title_en=f"Open Parliament {n}") for n in range(2)
    ]
    titles = [make_report(trip, f"開放國會報告 {n:02}", days_ago=100 + n) for n in range(PAGE_SIZE)]
    bodies = [make_report(trip, f"峰會報告 {n}", days_ago=n, abstract="開放國會") for n in range(3)]
    make_report(trip, "無關報告")
    every = [report.title for report in exact + titles + bodies]

    first = search(client, q="開放國會", kind="reports")
    second = client.get(reverse("search") + link(first, "next"))
    third = client.get(reverse("search") + link(second, "next")) if link(second, "next") else None
    back = client.get(reverse("search") + link(second, "prev"))

    assert results(first) == every[:PAGE_SIZE]
    assert results(second) == every[PAGE_SIZE:]
    assert third is None
    assert results(back) == every[:PAGE_SIZE]
    assert result_count(first) == "30 筆結果"


def test_search_kind_page_backwards_across_tiers(client, trip):
    for n in range(PAGE_SIZE + 1):
        make_report(trip, f"開放國會報告 {n:02}", days_ago=n)
    make_report(trip, "峰會報告", abstract="開放國會", days_ago=1000)
    make_report(trip, "開放國會", days_ago=2000)

    first = search(client, q="開放國會", kind="reports")
    second = client.get(reverse("search") + link(first, "next"))
    back = client.get(reverse("search") + link(second, "prev"))

    assert results(first)[:2] == ["開放國會", "開放國會報告 00"]
    assert results(second) == ["開放國會報告 24", "開放國會報告 25", "峰會報告"]
    assert results(back) == results(first)


def cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def next_cursor(response):
    value = re.search(r"after=([^&\"]+)", link(response, "next")).group(1)
    return json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))


@pytest.mark.parametrize(
    "replace",
    [
        lambda values: [7, *values[1:]],
        lambda values: [-1, *values[1:]],
        lambda values: ["1", *values[1:]],
        lambda values: [True, *values[1:]],
        lambda values: [1.0, *values[1:]],
        lambda values: [2**70, *values[1:]],
        lambda values: values[:-1],
        lambda values: [*values, 1],
        lambda values: [values[0], "9999-99-99", *values[2:]],
        lambda values: [values[0], values[1], "\x00", *values[3:]],
        lambda values: [values[0], *values[1:-1], 2**80],
        lambda values: [],
        lambda values: {"tier": 1},
        lambda values: [[values]],
    ],
)
@pytest.mark.parametrize("direction", ["after", "before"])
def test_search_kind_page_a_cursor_not_the_sites_own_gives_the_first_page(client, trip, replace, direction):
    for n in range(PAGE_SIZE + 2):
        make_report(trip, f"開放國會報告 {n:02}", days_ago=n)
    first = search(client, q="開放國會", kind="reports")
    own = next_cursor(first)

    response = search(client, q="開放國會", kind="reports", **{direction: cursor(replace(own))})

    assert results(response) == results(first)


@pytest.mark.parametrize("value", ["%%%", "////", "e30", "W10", "bnVsbA", "\x00", "國會"])
def test_search_kind_page_a_cursor_that_is_no_cursor_gives_the_first_page(client, trip, value):
    make_report(trip, "開放國會")

    assert results(search(client, q="開放國會", kind="reports", after=value)) == ["開放國會"]


def test_search_an_unknown_kind_gives_every_kind(client, trip):
    make_report(trip, "開放國會")

    response = search(client, q="開放國會", kind="everything")

    assert section(response, "reports") == ["開放國會"]
    assert 'id="results-people"' in response.content.decode()


def queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        search(client, **params)
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [{"q": "開放國會"}, {"q": "開放國會", "kind": "reports"}, {"q": "開放國會", "kind": "sessions"}],
    ids=["search", "reports", "sessions"],
)
def test_search_query_count_does_not_grow_with_matches(client, trip, params):
    # A match in every tier of every kind, then many in the last tiers, so that every tier is
    # read both times (a full first tier would spare the others' queries).
    make_report(trip, "開放國會", title_en="Open Parliament")
    make_report(trip, "開放國會報告")
    for title in ["開放國會", "開放國會論壇"]:
        f.make_session(parent=trip["summit"], title_zh=title)
    for name in ["開放國會", "開放國會聯盟"]:
        f.make_member(delegation=trip["delegation"], organization=f.make_organization(name_zh=name))
        f.make_member(delegation=trip["delegation"], person=f.make_person(name_zh=name))

    def add(n):
        make_report(trip, f"峰會報告 {n}", abstract="開放國會")
        f.make_session(parent=trip["summit"], title_zh=f"論壇 {n}", description="開放國會")
        f.make_member(
            delegation=trip["delegation"], organization=f.make_organization(name_zh=f"開放國會聯盟 {n}")
        )
        f.make_member(delegation=trip["delegation"], person=f.make_person(name_zh=f"開放國會聯盟 {n}"))

    add(0)
    with_one = queries(client, params)
    for n in range(1, PAGE_SIZE + 5):
        add(n)
    with_many = queries(client, params)

    assert with_many == with_one
