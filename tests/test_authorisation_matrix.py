"""Who may reach what: every public page, download and feed, every admin page of every model,
and the admin's actions, for a visitor, an editor, a reviewer and a superuser. The expected
status of each is written out here, and no page an anonymous visitor receives holds any of
the draft's words."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from events.models import Event, Language, Room, SessionRole, Track
from people.models import Organization, OrganizationName, Person, PersonName
from reports.models import (
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    FollowUpItem,
    ImportRecord,
    Keyword,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportFile,
    ReportSection,
    SourceNote,
)

from . import factories as f
from .admin_forms import report_form

pytestmark = pytest.mark.django_db

ANONYMOUS, EDITOR, REVIEWER, SUPERUSER = "anonymous", "editor", "reviewer", "superuser"
USERS = [ANONYMOUS, EDITOR, REVIEWER, SUPERUSER]
GROUPS = {EDITOR: "編輯 Editor", REVIEWER: "審核 Reviewer"}
# Every text of the draft's world carries this; no public body may hold it.
SECRET = "DRAFTSECRET"
LOGIN = "login"  # the expected outcome for a visitor sent to the admin's login page


@pytest.fixture
def world():
    """A published report and everything it mentions; a report in review; and a draft with
    a delegation, a person, an organisation and a visit that only it mentions."""
    agency = f.make_organization(name_zh="公開機關", slug="agency")
    f.make_organization_name(organization=agency, name="PA")
    summit = f.make_summit(slug="summit", title_en="Public Summit", country="FR")
    room = f.make_room(summit=summit, name="Hall")
    track = f.make_track(summit=summit, name_en="Track")
    session = f.make_session(parent=summit, slug="session", title_en="Public Session", room=room)
    session.tracks.add(track)
    person = f.make_person(slug="person", name_zh="公開人物")
    f.make_person_name(person=person, name="Public Person")
    f.make_session_role(event=session, person=person, role="speaker")
    delegation = f.make_delegation(slug="delegation", title="公開代表團", organising_agency=agency)
    f.make_destination(delegation=delegation, country="FR")
    f.make_delegation_event(delegation=delegation, event=summit)
    f.make_member(delegation=delegation, person=person, organization=agency)
    published = f.make_report(
        slug="published", title="公開報告", delegation=delegation, agency=agency, status="published"
    )
    published.keywords.add(f.make_keyword(name="開放國會"))
    f.make_report_author(report=published, person=person, organization=agency)
    f.make_section(report=published, body="公開內容")
    f.make_recommendation(report=published)
    f.make_follow_up_item(report=published)
    public_file = f.make_report_file(report=published, title="公開檔案")
    f.make_source_note(record=person, report=published)
    f.make_import_record(delegation=delegation)

    in_review = f.make_report(slug="in-review", title=f"{SECRET} 審核中", status=PublicationStatus.IN_REVIEW)
    secret_agency = f.make_organization(slug="secret-agency", name_zh=f"{SECRET}機關")
    secret_person = f.make_person(slug="secret-person", name_zh=f"{SECRET}人物", name_en=SECRET)
    secret_delegation = f.make_delegation(
        slug="secret-delegation", title=f"{SECRET}代表團", organising_agency=secret_agency
    )
    f.make_member(delegation=secret_delegation, person=secret_person, organization=secret_agency)
    visit = f.make_session(parent=None, kind="visit", slug="secret-visit", title_en=f"{SECRET} visit")
    f.make_delegation_event(delegation=secret_delegation, event=visit)
    draft = f.make_report(
        slug="draft",
        title=f"{SECRET}報告",
        delegation=secret_delegation,
        agency=secret_agency,
        status="draft",
    )
    f.make_section(report=draft, body=f"{SECRET}內容")
    secret_file = f.make_report_file(report=draft, title=f"{SECRET}檔案")
    f.make_source_note(record=secret_person, report=draft, note=SECRET)
    return {
        "published": published,
        "in_review": in_review,
        "draft": draft,
        "summit": summit,
        "session": session,
        "person": person,
        "agency": agency,
        "delegation": delegation,
        "public_file": public_file,
        "secret_file": secret_file,
    }


@pytest.fixture
def log_in(client, django_user_model):
    def log_in(kind, name=None):
        if kind == ANONYMOUS:
            return None
        if kind == SUPERUSER:
            user = django_user_model.objects.create_superuser(username=name or "root", password=None)
        else:
            user = django_user_model.objects.create_user(username=name or kind, password=None, is_staff=True)
            if kind in GROUPS:
                user.groups.add(Group.objects.get(name=GROUPS[kind]))
        client.force_login(user)
        return user

    return log_in


def public_pages(world):
    """(URL, expected status) of every public page, download and feed, in both languages.
    Staff read the public site as the public does: drafts are 404 for everyone."""
    public_file, secret_file = world["public_file"], world["secret_file"]
    pages = []
    for language in ("zh-hant", "en"):
        with translation.override(language):
            lists = [
                reverse("reports:report-list"),
                reverse("people:person-list"),
                reverse("people:organization-list"),
                reverse("events:event-list"),
                reverse("events:session-list"),
            ]
            pages += [(url, 200) for url in lists]
            pages += [(f"{url}?download={kind}", 200) for url in lists for kind in ("csv", "json")]
            pages += [
                (f"{reverse('people:person-list')}?download=popolo", 200),
                (f"{reverse('people:organization-list')}?download=popolo", 200),
                (reverse("home"), 200),
                # Words the draft's records share with the published ones (the query itself is
                # shown on the page, so it cannot be the secret).
                *((f"{reverse('search')}?q={word}", 200) for word in ("報告", "人物", "機關", "visit")),
                (f"{reverse('reports:report-list')}?q=報告", 200),
                (f"{reverse('people:person-list')}?q=人物", 200),
                (f"{reverse('people:organization-list')}?q=機關", 200),
                (f"{reverse('events:event-list')}?q=visit", 200),
                (reverse("reports:report-detail", args=["published"]), 200),
                (reverse("reports:delegation-detail", args=["delegation"]), 200),
                (reverse("people:person-detail", args=["person"]), 200),
                (reverse("people:organization-detail", args=["agency"]), 200),
                (reverse("events:event-detail", args=["summit"]), 200),
                (reverse("events:summit-calendar", args=["summit"]), 200),
                (reverse("events:event-detail", args=["session"]), 200),
                (reverse("reports:report-detail", args=["draft"]), 404),
                (reverse("reports:report-detail", args=["in-review"]), 404),
                (reverse("reports:delegation-detail", args=["secret-delegation"]), 404),
                (reverse("people:person-detail", args=["secret-person"]), 404),
                (reverse("people:organization-detail", args=["secret-agency"]), 404),
                (reverse("events:event-detail", args=["secret-visit"]), 404),
                (reverse("events:summit-calendar", args=["secret-visit"]), 404),
                (reverse("reports:report-detail", args=["no-such-report"]), 404),
                (reverse("reports:report-file", args=["published", public_file.pk]), 200),
                (reverse("reports:report-file", args=["draft", secret_file.pk]), 404),
                (reverse("reports:report-file", args=["published", secret_file.pk]), 404),
            ]
    # The stored files themselves are never served from MEDIA_URL.
    media = [(f"/media/{record.file.name}", 404) for record in (public_file, secret_file)]
    return [*pages, *media, ("/healthz/", 200), ("/", 302)]


# The admin. Staff groups may use every model of the archive; logs (import records) are read
# only for everyone; accounts and login records are the superuser's alone.
ARCHIVE = [
    Language,
    Person,
    PersonName,
    Organization,
    OrganizationName,
    Event,
    Room,
    Track,
    SessionRole,
    Delegation,
    Destination,
    DelegationEvent,
    DelegationMember,
    Keyword,
    Report,
    ReportAuthor,
    ReportSection,
    Recommendation,
    FollowUpItem,
    ReportFile,
    SourceNote,
]
VIEWS = ["changelist", "add", "change", "delete", "history"]
# A published report and its parts, and its delegation with the roster, destinations and
# events, are read only to an editor (issue 6: only drafts change without a reviewer); the
# change page still opens, to read.
PUBLISHED_PARTS = [
    Report,
    ReportAuthor,
    ReportSection,
    Recommendation,
    FollowUpItem,
    ReportFile,
    Delegation,
    Destination,
    DelegationEvent,
    DelegationMember,
]


def admin_expectations(kind, world):
    """{(model label, view): expected status} for `kind`, on the published report's records."""
    expected = {}
    staff = kind in (EDITOR, REVIEWER, SUPERUSER)
    for model in admin.site._registry:
        label = model._meta.label
        for view in VIEWS:
            if not staff:
                status = LOGIN
            elif model in ARCHIVE:
                status = 200
                if kind == EDITOR and model in PUBLISHED_PARTS and view == "delete":
                    status = 403
            elif model is ImportRecord:
                status = 403 if view in ("add", "delete") else 200
            elif label.startswith("axes."):
                # Login records are written by django-axes alone; the superuser reads and
                # deletes them (to lift a lockout early).
                status = 403 if kind != SUPERUSER or view == "add" else 200
            else:  # auth: users and groups
                status = 200 if kind == SUPERUSER else 403
            expected[(label, view)] = status
    return expected


def admin_url(model, view, world):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
    if view in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[sample(model, world).pk])


def sample(model, world):
    """A record of `model` from the published side of the world (the draft's are only read)."""
    published = world["published"]
    by_report = {
        Report: published,
        ReportAuthor: ReportAuthor.objects.filter(report=published).first(),
        ReportSection: ReportSection.objects.filter(report=published).first(),
        Recommendation: Recommendation.objects.filter(report=published).first(),
        FollowUpItem: FollowUpItem.objects.filter(report=published).first(),
        ReportFile: ReportFile.objects.filter(report=published).first(),
        SourceNote: SourceNote.objects.filter(report=published).first(),
    }
    if model in by_report:
        return by_report[model]
    existing = model.objects.order_by("pk").first()
    if existing is not None:
        return existing
    if model is User:
        return User.objects.create_user(username="someone", password=None)
    if model is Language:
        return f.make_language()
    # django-axes' login records.
    fields = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test"}
    if model._meta.model_name == "accessattempt":
        fields.update(failures_since_start=1, get_data="", post_data="")
    return model.objects.create(**fields)


def outcome(response):
    if response.status_code == 302 and "/login/" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("kind", USERS)
def test_public_pages_downloads_and_feeds(client, world, log_in, kind):
    log_in(kind)
    wrong, leaked = [], []
    for url, expected in public_pages(world):
        response = client.get(url)
        if response.status_code != expected:
            wrong.append((url, expected, response.status_code))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if SECRET in body.decode("utf-8", "replace"):
            leaked.append(url)

    assert wrong == []
    assert leaked == []


@pytest.mark.parametrize("kind", USERS)
def test_admin_pages_of_every_model(client, world, log_in, kind):
    log_in(kind)
    expected = admin_expectations(kind, world)
    got = {}
    for model in admin.site._registry:
        for view in VIEWS:
            got[(model._meta.label, view)] = outcome(client.get(admin_url(model, view, world)))
    got[("admin", "index")] = outcome(client.get(reverse("admin:index")))
    expected[("admin", "index")] = LOGIN if kind == ANONYMOUS else 200
    # Staff open a stored file through the admin, a draft's too.
    for name in ("public_file", "secret_file"):
        url = reverse("admin:reports_reportfile_download", args=[world[name].pk])
        got[("file download", name)] = outcome(client.get(url))
        expected[("file download", name)] = LOGIN if kind == ANONYMOUS else 200

    assert {key: value for key, value in got.items() if value != expected[key]} == {}


# The admin's actions, each posted as the form or button would post it.
ACTIONS = {
    # (action, expected outcome for anonymous, editor, reviewer, superuser)
    "submit a draft": (LOGIN, 302, 302, 302),
    "publish a report in review": (LOGIN, 403, 302, 302),
    "return a report in review": (LOGIN, 403, 302, 302),
    "withdraw a published report": (LOGIN, 403, 302, 302),
    "post a status in the change form": (LOGIN, 403, 403, 403),
    "edit a published report": (LOGIN, 403, 302, 302),
    "open the roster import": (LOGIN, 200, 200, 200),
    "open the programme import": (LOGIN, 200, 200, 200),
    "export a roster": (LOGIN, 200, 200, 200),
    "export a programme": (LOGIN, 200, 200, 200),
    "delete a published report with the list action": (LOGIN, 403, 302, 302),
}


def take(action, client, world):
    transition = "admin:reports_report_transition"
    if action == "submit a draft":
        report = f.make_report(status="draft")
        return client.post(reverse(transition, args=[report.pk]), {"transition": "submit"})
    if action == "publish a report in review":
        report = f.make_report(status=PublicationStatus.IN_REVIEW)
        return client.post(reverse(transition, args=[report.pk]), {"transition": "publish"})
    if action == "return a report in review":
        report = f.make_report(status=PublicationStatus.IN_REVIEW)
        return client.post(reverse(transition, args=[report.pk]), {"transition": "return"})
    if action == "withdraw a published report":
        report = f.make_report(status="published")
        return client.post(reverse(transition, args=[report.pk]), {"transition": "withdraw"})
    if action == "post a status in the change form":
        report = f.make_report(status="draft")
        # The form has no status field: only the workflow's steps move a report.
        data = report_form(report, status=PublicationStatus.PUBLISHED)
        return client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
    if action == "edit a published report":
        report = f.make_report(status="published")
        data = report_form(report, title="修正後的標題")
        return client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
    if action == "open the roster import":
        return client.get(reverse("admin:reports_delegationmember_import"))
    if action == "open the programme import":
        return client.get(reverse("admin:events_event_import"))
    if action == "export a roster":
        url = reverse("admin:reports_delegation_roster_export", args=[world["delegation"].pk, "csv"])
        return client.get(url)
    if action == "export a programme":
        url = reverse("admin:events_event_programme_export", args=[world["summit"].pk, "csv"])
        return client.get(url)
    if action == "delete a published report with the list action":
        report = f.make_report(status="published")
        # As the confirmation page posts it ("Yes, I'm sure").
        data = {"action": "delete_selected", "_selected_action": [report.pk], "post": "yes"}
        return client.post(reverse("admin:reports_report_changelist"), data)
    raise AssertionError(action)


@pytest.mark.parametrize("kind", USERS)
def test_admin_actions(client, world, log_in, kind):
    log_in(kind)
    column = USERS.index(kind)
    got = {action: outcome(take(action, client, world)) for action in ACTIONS}
    expected = {action: outcomes[column] for action, outcomes in ACTIONS.items()}

    assert {action: status for action, status in got.items() if status != expected[action]} == {}


def test_staff_without_a_group_reach_the_admin_but_no_record(client, world, log_in):
    log_in("staff-without-group")

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:reports_report_changelist")).status_code == 403
    assert client.get(reverse("admin:reports_delegationmember_import")).status_code == 403
    assert client.get(admin_url(Report, "change", world)).status_code == 403
