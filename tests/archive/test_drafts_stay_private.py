"""A draft report, and everything connected only to it, never reaches a visitor: not in a
list, a count, a search result, a detail page or a download."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from archive.sitemaps import SITEMAPS
from events.models import Event
from people.models import Organization, Person
from reports.models import Delegation, Report
from reports.services import TRANSITIONS, move_report
from tests import factories as f

pytestmark = pytest.mark.django_db

SECRET = "機密草稿"


# Issue 13: beside a published report, a record of each kind that only a draft mentions, each
# with a marker of its own, related to the published records the way staff link them. The
# markers are in titles, names and slugs alike, so a link is caught as well as a name. Rooms
# and tracks are the summit's printed programme, public with it: the visit's room is there.
MARKERS = {
    "child event": "zzchildevent",
    "its role's printed name": "zzroleprinted",
    "its role's person": "zzroleperson",
    "parent event": "zzparentevent",
    "summit of a public session": "zzparentsummit",
    "visit during a public summit": "zzownvisit",
    "meeting under that visit": "zzownmeeting",
    "roster member": "zzmember",
    "roster title": "zzrostertitle",
    "contact person": "zzcontact",
    "organising agency": "zzagency",
    "organisation unit": "zzunit",
    "parent organisation": "zzorgparent",
    "report author": "zzauthor",
    "keyword": "zzkeyword",
    "source note": "zzsourcenote",
    "correction note": "zzcorrection",
    "draft report": "zzreport",
}


@pytest.fixture
def related_drafts():
    m = MARKERS
    # The published side: an agency under a department, a summit with a session, a visit with
    # a meeting, and a delegation that attended them, with its roster and report.
    ministry = f.make_organization(slug=m["parent organisation"], name_zh=m["parent organisation"])
    department = f.make_organization(slug="w-department", name_zh="公開部會", parent=ministry)
    agency = f.make_organization(slug="w-agency", name_zh="公開機關", parent=department)
    person = f.make_person(slug="w-person", name_zh="公開人物", name_en="Public Person")
    summit = f.make_summit(slug="w-summit", title_en="Public Summit")
    room = f.make_room(summit=summit, slug="w-hall", name="Public Hall")
    track = f.make_track(summit=summit, slug="w-track", name_en="Public Track")
    session = f.make_session(parent=summit, slug="w-session", title_en="Public Session", room=room)
    session.tracks.add(track)
    f.make_session_role(event=session, person=person)
    visit = f.make_session(parent=None, kind="visit", slug="w-visit", title_en="Public Visit")
    delegation = f.make_delegation(slug="w-delegation", title="公開代表團", organising_agency=agency)
    f.make_member(delegation=delegation, person=person, organization=agency, title="科長")
    for event in (summit, visit):
        f.make_delegation_event(delegation=delegation, event=event)
    published = f.make_report(
        slug="w-report", title="公開報告", delegation=delegation, agency=agency, status="published"
    )
    f.make_report_author(report=published, person=person)

    # The draft side.
    draft_agency = f.make_organization(slug=m["organising agency"], name_zh=m["organising agency"])
    unit = f.make_organization(slug=m["organisation unit"], name_zh=m["organisation unit"], parent=agency)
    contact = f.make_person(slug=m["contact person"], name_en=m["contact person"])
    draft = f.make_delegation(
        slug="zzdelegation", title="zzdelegation", organising_agency=draft_agency, contact_person=contact
    )
    member = f.make_person(slug=m["roster member"], name_en=m["roster member"])
    f.make_member(delegation=draft, person=member, organization=unit, title=m["roster title"])
    # ... a public organisation's roster row on the draft only
    f.make_member(
        delegation=draft, person=f.make_person(slug="zzmember2", name_en="zzmember2"), organization=agency
    )
    child = f.make_session(parent=visit, kind="meeting", slug=m["child event"], title_en=m["child event"])
    role_person = f.make_person(slug=m["its role's person"], name_en=m["its role's person"])
    f.make_session_role(event=child, person=role_person, name_as_printed=m["its role's printed name"])
    f.make_session_role(event=child, organization=unit)
    parent = f.make_session(parent=None, kind="visit", slug=m["parent event"], title_en=m["parent event"])
    meeting = f.make_session(parent=parent, kind="meeting", slug="w-meeting", title_en="Public Meeting")
    other_summit = f.make_summit(
        slug=m["summit of a public session"], title_en=m["summit of a public session"]
    )
    panel = f.make_session(parent=other_summit, slug="w-panel", title_en="Public Panel")
    f.make_session_role(event=panel, person=person)
    own_visit = f.make_session(
        parent=summit,
        kind="visit",
        slug=m["visit during a public summit"],
        title_en=m["visit during a public summit"],
        room=room,
    )
    own_visit.tracks.add(track)
    f.make_session(
        parent=own_visit,
        kind="meeting",
        slug=m["meeting under that visit"],
        title_en=m["meeting under that visit"],
    )
    for event in (child, parent, other_summit, own_visit):
        f.make_delegation_event(delegation=draft, event=event)
    # The published delegation went to the meeting and the panel, not to what they are part of.
    for event in (meeting, panel):
        f.make_delegation_event(delegation=delegation, event=event)
    report = f.make_report(
        slug=m["draft report"], title=m["draft report"], delegation=draft, agency=draft_agency
    )
    report.keywords.add(f.make_keyword(name=m["keyword"]))
    f.make_report_author(
        report=report, person=f.make_person(slug=m["report author"], name_en=m["report author"])
    )
    for record in (person, agency, summit, session, visit, delegation, published):
        f.make_source_note(record=record, report=report, note=m["source note"])
        f.make_source_note(record=record, report=report, kind="correction", source_text=m["correction note"])
    return {"summit": summit, "visit": visit, "meeting": meeting, "panel": panel, "department": department}


def public_pages():
    """Every public page, download and feed of the archive, in both languages."""
    records = [
        *Report.objects.published(),
        *Delegation.objects.public(),
        *Person.objects.public(),
        *Organization.objects.public(),
        *Event.objects.public(),
    ]
    urls = []
    for language in ("zh-hant", "en"):
        with translation.override(language):
            lists = [
                reverse(name)
                for name in (
                    "reports:report-list",
                    "people:person-list",
                    "people:organization-list",
                    "events:event-list",
                    "events:session-list",
                )
            ]
            urls += lists
            urls += [f"{url}?download={kind}" for url in lists for kind in ("csv", "json")]
            urls += [f"{url}?download=popolo" for url in lists[1:3]]
            urls += [record.get_absolute_url() for record in records]
            urls += [
                reverse("events:summit-calendar", args=[e.slug]) for e in Event.objects.public().summits()
            ]
            urls += [
                f"{reverse('events:session-list')}?summit={e.slug}" for e in Event.objects.public().summits()
            ]
            urls += [reverse("home"), *(f"{reverse('search')}?q={word}" for word in ("公開", "Public", "zz"))]
            urls += [reverse("reports:report-feed")]
            # An agency's feed and a summit's, of every public one.
            agencies = Organization.objects.public().values_list("slug", flat=True)
            urls += [reverse("people:organization-feed", args=[slug]) for slug in agencies]
            urls += [reverse("events:summit-feed", args=[e.slug]) for e in Event.objects.public().summits()]
    # The sitemap and robots.txt are in no language: the index and each section's file.
    urls += [reverse("robots"), reverse("sitemap")]
    urls += [reverse("sitemap-section", args=[section]) for section in SITEMAPS]
    return urls


def test_related_drafts_appear_on_no_public_page_or_download(client, related_drafts):
    wrong, leaked = what_leaks(client)

    assert wrong == []
    assert leaked == []


def what_leaks(client):
    """(url, status) of every public page not answered 200, and (url, kind) of every marker
    a public page shows."""
    wrong, leaked = [], []
    for url in public_pages():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # The search for "zz" shows the visitor's own query; nothing else may hold a marker.
        text = body.decode("utf-8-sig").replace("q=zz", "").replace('value="zz"', "")
        if response.status_code != 200:
            wrong.append((url, response.status_code))
        leaked += [(url, kind) for kind, marker in MARKERS.items() if marker in text]
    return wrong, leaked


@pytest.mark.django_db(transaction=True)
@pytest.mark.cache
def test_a_withdrawn_draft_leaves_every_kept_page_at_once(client, related_drafts, superuser):
    """The same pages with the page cache at work, as on the site (the writes commit): every
    page is kept while the report is a draft, then while it is published (its records show),
    and once it is withdrawn no page, kept or not, shows anything of it."""
    assert what_leaks(client) == ([], [])
    assert client.get(public_pages()[0])["X-Page-Cache"] == "hit"
    assert what_leaks(client) == ([], [])  # now from the cache
    report = Report.objects.get(slug=MARKERS["draft report"])
    move_report(report, TRANSITIONS["submit"], superuser)
    move_report(report, TRANSITIONS["publish"], superuser)
    _wrong, shown = what_leaks(client)
    assert {kind for _url, kind in shown} >= {"draft report", "roster member", "keyword", "report author"}

    move_report(report, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")

    assert what_leaks(client) == ([], [])


def test_a_withdrawn_report_leaves_every_page_as_a_draft_would(client, related_drafts, superuser):
    """Published, then withdrawn with a reason: what was public only through it leaves every
    list, search, count, download, feed and sitemap, as a draft's does. Its own address says
    it was withdrawn (410) and names it and its agency, linking neither to what it recorded."""
    report = Report.objects.get(slug=MARKERS["draft report"])
    move_report(report, TRANSITIONS["submit"], superuser)
    move_report(report, TRANSITIONS["publish"], superuser)
    _wrong, shown = what_leaks(client)
    assert {kind for _url, kind in shown} >= {"draft report", "roster member", "keyword", "report author"}

    move_report(report, TRANSITIONS["withdraw"], superuser, note="名單有誤")

    assert what_leaks(client) == ([], [])
    for language in ("zh-hant", "en"):
        with translation.override(language):
            gone = client.get(report.get_absolute_url())
        text = gone.content.decode()
        assert gone.status_code == 410
        assert "名單有誤" in text
        named = {kind for kind, marker in MARKERS.items() if marker in text}
        # The agency by its name in the page's language (the marker is its Chinese name).
        expected = {"draft report", "organising agency"} if language == "zh-hant" else {"draft report"}
        assert named == expected
        assert f"/{MARKERS['organising agency']}/" not in text


def test_related_drafts_leave_the_published_records_in_place(client, related_drafts):
    """The published side of the same world still shows: the test above cannot pass on pages
    that say nothing."""
    with translation.override("en"):
        visit = client.get(related_drafts["visit"].get_absolute_url()).content.decode()
        summit = client.get(related_drafts["summit"].get_absolute_url()).content.decode()
        panel = client.get(related_drafts["panel"].get_absolute_url()).content.decode()
        department = client.get(related_drafts["department"].get_absolute_url()).content.decode()

    assert "公開代表團" in visit
    assert ("Public Session" in summit, "Public Hall" in summit, "Public Track" in summit) == (
        True,
        True,
        True,
    )
    assert "Public Person" in panel
    assert "/organisations/w-agency/" in department  # its unit
    assert set(Event.objects.public().values_list("slug", flat=True)) == {
        "w-summit",
        "w-session",
        "w-visit",
        "w-meeting",
        "w-panel",
    }


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


def popolo_file(client, name, **params):
    with translation.override("zh-hant"):
        response = client.get(reverse(name), {**params, "download": "popolo"})
    assert response.status_code == 200
    return json.loads(response.content)


def dangling_references(document):
    """The ids a Popolo file points at (parents, memberships' people and organisations) that
    it does not hold."""
    organizations = {org["id"] for org in document["organizations"]}
    persons = {person["id"] for person in document["persons"]}
    pointed = [("parent_id", org.get("parent_id")) for org in document["organizations"]]
    pointed += [("person_id", m["person_id"]) for m in document["memberships"]]
    pointed += [("organization_id", m["organization_id"]) for m in document["memberships"]]
    held = {"parent_id": organizations, "person_id": persons, "organization_id": organizations}
    return [(key, value) for key, value in pointed if value is not None and value not in held[key]]


def test_popolo_files_name_only_organisations_they_hold(client, related_drafts):
    everything = popolo_file(client, "people:organization-list")
    filtered = popolo_file(client, "people:organization-list", q="公開機關")
    people = popolo_file(client, "people:person-list", q="公開人物")

    parents = {org["id"]: org.get("parent_id") for org in everything["organizations"]}
    # The department is public as the agency's parent; the ministry above it is not.
    assert (parents["w-agency"], parents["w-department"]) == ("w-department", None)
    assert [org["id"] for org in filtered["organizations"]] == ["w-agency"]
    assert "parent_id" not in filtered["organizations"][0]
    assert [org["id"] for org in people["organizations"]] == ["w-agency"]
    assert [dangling_references(document) for document in (everything, filtered, people)] == [[], [], []]
