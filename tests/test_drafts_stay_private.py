"""A draft report, and everything connected only to it, never reaches a visitor: not in a
list, a count, a search result, a detail page or a download."""

import pytest
from django.urls import reverse
from django.utils import translation

from . import factories as f

pytestmark = pytest.mark.django_db

SECRET = "機密草稿"


@pytest.fixture
def draft(demo):
    agency = f.make_organization(name_zh=f"{SECRET}機關", slug="draft-agency")
    person = f.make_person(name_zh=f"{SECRET}團員", name_en="Draft Delegate", slug="draft-person")
    summit = f.make_summit(title_en=f"{SECRET} Summit", slug="draft-summit")
    session = f.make_session(parent=summit, title_en=f"{SECRET} session", slug="draft-session")
    delegation = f.make_delegation(
        organising_agency=agency, slug="draft-delegation", title=f"{SECRET}出國計畫"
    )
    f.make_member(delegation=delegation, person=person, organization=agency, title="科長")
    f.make_delegation_event(delegation=delegation, event=summit)
    f.make_session_role(event=session, person=person)
    report = f.make_report(
        delegation=delegation,
        agency=agency,
        slug="draft-report",
        title=f"{SECRET}報告",
        status="draft",
        abstract=f"{SECRET}摘要",
    )
    f.make_report_author(report=report, person=person)
    return {
        "report": report,
        "person": person,
        "agency": agency,
        "summit": summit,
        "session": session,
        "delegation": delegation,
    }


def get(client, name, **kwargs):
    params = kwargs.pop("params", {})
    with translation.override("zh-hant"):
        return client.get(reverse(name, kwargs=kwargs), params)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("reports:report-detail", "draft-report"),
        ("reports:delegation-detail", "draft-delegation"),
        ("people:person-detail", "draft-person"),
        ("people:organization-detail", "draft-agency"),
        ("events:event-detail", "draft-summit"),
        ("events:event-detail", "draft-session"),
        ("events:summit-calendar", "draft-summit"),
    ],
)
def test_draft_detail_pages_are_not_found(client, draft, name, slug):
    response = get(client, name, slug=slug)

    assert response.status_code == 404
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "reports:report-list",
        "people:person-list",
        "people:organization-list",
        "events:event-list",
        "events:session-list",
    ],
)
@pytest.mark.parametrize("params", [{}, {"q": SECRET}, {"download": "csv"}, {"download": "json"}])
def test_drafts_are_in_no_list_search_or_download(client, draft, name, params):
    response = get(client, name, params=params)

    body = b"".join(response.streaming_content) if response.streaming else response.content
    # The visitor's own query is echoed in the search box; nothing else may say it.
    text = body.decode("utf-8-sig").replace(f'value="{SECRET}"', "")
    assert response.status_code == 200
    assert SECRET not in text
    assert "draft-" not in text


def test_site_search_finds_no_draft(client, draft):
    response = get(client, "search", params={"q": SECRET})

    assert [section["kind"] for section in response.context["sections"]] == [
        "reports",
        "people",
        "organisations",
        "sessions",
    ]
    assert all(not section["results"] for section in response.context["sections"])


def test_home_figures_count_only_published_material(client, draft):
    figures = get(client, "home").context["figures"]

    assert figures == {"reports": 2, "delegations": 2, "people": figures["people"], "sessions": 387}
    assert figures["people"] == 514
