"""Who may reach what: every public page, download and feed, every admin page of every model,
and the admin's actions, for a visitor, an editor, a reviewer and a superuser. The expected
status of each is written out here, and no page an anonymous visitor receives holds any of
the draft's words."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from archive.merging import merge_records
from archive.models import ImportRecord, Merge
from core.admin import LOCKED_PARENT_MESSAGE
from events.models import Event, Language, Room, SessionRole, Track
from people.models import Organization, OrganizationName, Person, PersonName
from reports.models import (
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    FollowUpItem,
    Keyword,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportFile,
    ReportSection,
    SourceNote,
)
from tests import factories as f
from tests.admin_forms import report_form

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
    # The language the admin matrix opens (the first; the migrations add the common ones).
    session.languages.add(Language.objects.order_by("pk").first() or f.make_language())
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
# Every record of the world's published side is published material: read only to an editor
# (issue 13: only a reviewer changes what published material shows); the change page still
# opens, to read, and the delete page is refused.


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
                if kind == EDITOR and view == "delete":
                    status = 403
            elif model is ImportRecord:
                status = 403 if view in ("add", "delete") else 200
            elif model is Merge:
                # The merges' record: read only, and a reviewer's (archive.merge_records).
                status = 403 if kind == EDITOR or view in ("add", "delete") else 200
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
    if model is Merge:
        person = world["person"]
        return Merge.objects.create(
            kind="person", survivor_id=person.pk, survivor_name=str(person), merged_names="x"
        )
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
    # Staff preview a report of any status as its public page will look (issue 18).
    for name in ("draft", "in_review", "published"):
        url = reverse("admin:reports_report_preview", args=[world[name].pk])
        got[("report preview", name)] = outcome(client.get(url))
        expected[("report preview", name)] = LOGIN if kind == ANONYMOUS else 200

    assert {key: value for key, value in got.items() if value != expected[key]} == {}


# The admin's actions, each posted as the form or button would post it.
ACTIONS = {
    # (action, expected outcome for anonymous, editor, reviewer, superuser)
    "submit a draft": (LOGIN, 302, 302, 302),
    "publish a report in review": (LOGIN, 403, 302, 302),
    "return a report in review": (LOGIN, 403, 302, 302),
    "withdraw a published report": (LOGIN, 403, 302, 302),
    "publish a withdrawn report again": (LOGIN, 403, 302, 302),
    "post a status in the change form": (LOGIN, 403, 403, 403),
    "edit a published report": (LOGIN, 403, 302, 302),
    "open the roster import": (LOGIN, 200, 200, 200),
    "open the programme import": (LOGIN, 200, 200, 200),
    "export a roster": (LOGIN, 200, 200, 200),
    "export a programme": (LOGIN, 200, 200, 200),
    "delete a published report with the list action": (LOGIN, 403, 302, 302),
    "open the merge of two people": (LOGIN, 403, 200, 200),
    "merge two public people": (LOGIN, 403, 302, 302),
    "undo a merge": (LOGIN, 403, 302, 302),
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
        return client.post(
            reverse(transition, args=[report.pk]), {"transition": "withdraw", "note": "Errors in the roster."}
        )
    if action == "publish a withdrawn report again":
        report = f.make_report(status=PublicationStatus.WITHDRAWN)
        return client.post(reverse(transition, args=[report.pk]), {"transition": "republish"})
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
    if action == "open the merge of two people":
        first, second = f.make_person(), f.make_person()
        return client.get(reverse("admin:people_person_merge") + f"?ids={first.pk},{second.pk}")
    if action == "merge two public people":
        duplicate = f.make_person()
        f.make_session_role(event=world["session"], person=duplicate)
        url = reverse("admin:people_person_merge") + f"?ids={world['person'].pk},{duplicate.pk}"
        person = world["person"].pk
        return client.post(
            url, {"survivor": person, "name_zh": person, "name_en": person, "biography": person}
        )
    if action == "undo a merge":
        survivor, merged = f.make_person(), f.make_person()
        merge = merge_records(survivor, [merged], {}, None)
        return client.post(reverse("admin:archive_merge_undo", args=[merge.pk]))
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
    assert client.get(reverse("admin:reports_report_preview", args=[world["draft"].pk])).status_code == 403


# -- Published material and drafts, model by model (issue 13) ------------------------------------
# For every registered model (so a model registered later is covered too): an editor reads the
# published side's record but cannot change, delete or add to it by any admin page or action,
# while the draft side's record (a draft, or a draft row naming a public record) stays open.
# A reviewer changes the published side: the refusals are the rule, not a broken form.

REGISTERED = list(admin.site._registry)


class FormReader(HTMLParser):
    """What a browser posts from the admin's change form: its inputs, selects and textareas as
    the page shows them (the workflow and log-out forms left aside)."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.select, self.textarea = {}, False, None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id", "").endswith("_form")
        elif not self.in_form or ("name" not in attrs and tag != "option"):
            return
        elif tag == "input" and attrs.get("type") not in ("file", "submit", "button", "checkbox", "radio"):
            self.add(attrs["name"], attrs.get("value") or "")
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio") and "checked" in attrs:
            self.add(attrs["name"], attrs.get("value") or "on")
        elif tag == "select":
            self.select = attrs["name"]
            self.data.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            # A browser drops the newline that opens a textarea.
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def change_form_data(client, obj):
    """The change form of `obj` as a superuser's browser would post it, unchanged."""
    reader, _ = User.objects.get_or_create(username="form-reader", is_superuser=True, is_staff=True)
    client.force_login(reader)
    response = client.get(admin_change_url(obj))
    assert response.status_code == 200
    form = FormReader()
    form.feed(response.content.decode())
    return {name: values if len(values) != 1 else values[0] for name, values in form.data.items()}


def new_row(model, data, **changes):
    """`data` as posted for a new row: a report file uploads its PDF again."""
    if model is ReportFile:
        changes["file"] = SimpleUploadedFile("報告.pdf", f.pdf_bytes("Open Government Partnership"))
    return {**data, **changes}


def admin_change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def admin_view_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def draft_sample(model, world):
    """A record of `model` that no published material shows, and that nothing protects from
    deletion: drafts, and draft rows that name a public record."""
    draft, person = world["draft"], world["person"]
    delegation = world["draft"].delegation
    draft_summit = f.make_summit(slug="draft-summit")
    samples = {
        Language: f.make_language,
        Person: lambda: f.make_person(name_zh="草稿人物"),
        PersonName: lambda: f.make_person_name(person=delegation.members.get().person, name="Draft Name"),
        Organization: lambda: f.make_organization(name_zh="草稿機關"),
        OrganizationName: lambda: f.make_organization_name(organization=draft.agency, name="DA"),
        Event: lambda: f.make_session(parent=draft_summit, slug="draft-session"),
        Room: lambda: f.make_room(summit=draft_summit, slug="draft-room"),
        Track: lambda: f.make_track(summit=draft_summit, slug="draft-track"),
        # A draft session's role naming a public person.
        SessionRole: lambda: f.make_session_role(event=f.make_session(parent=draft_summit), person=person),
        Delegation: lambda: f.make_delegation(slug="draft-delegation"),
        Destination: lambda: f.make_destination(delegation=delegation, country="EE"),
        # A draft delegation's roster row and event attended naming public records.
        DelegationEvent: lambda: f.make_delegation_event(delegation=delegation, event=world["summit"]),
        DelegationMember: lambda: f.make_member(delegation=delegation, person=person),
        Keyword: lambda: f.make_keyword(name="草稿關鍵詞"),
        Report: lambda: f.make_report(slug="another-draft", status="draft"),
        ReportAuthor: lambda: f.make_report_author(report=draft, person=person),
        ReportSection: lambda: f.make_section(report=draft),
        Recommendation: lambda: f.make_recommendation(report=draft),
        FollowUpItem: lambda: f.make_follow_up_item(report=draft),
        ReportFile: lambda: world["secret_file"],
        # A public person's note citing the draft report: public only once the report is.
        SourceNote: lambda: f.make_source_note(record=person, report=draft, note="草稿註記"),
    }
    if model in samples:
        return samples[model]()
    return sample(model, world)


def is_refused(response):
    """An add or change refused because published material shows the record: 403, or the
    form again with the reason."""
    return response.status_code == 403 or (
        response.status_code == 200 and str(LOCKED_PARENT_MESSAGE) in response.content.decode()
    )


def snapshot(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_editor_reads_published_material_but_cannot_change_or_delete_it(client, world, log_in, model):
    record = sample(model, world)
    data = change_form_data(client, record)
    before = snapshot(model.objects.get(pk=record.pk))
    editor = log_in(EDITOR)

    page = client.get(admin_change_url(record))
    change = client.post(admin_change_url(record), data)
    delete = client.post(admin_view_url(model, "delete", record.pk), {"post": "yes"})
    action = client.post(
        admin_view_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )

    assert (change.status_code, delete.status_code) == (403, 403)
    # The list's action refuses with 403, or with its confirmation page when other records
    # protect this one (or the list offers no such action): never the list again, deleted.
    assert action.status_code in (200, 403)
    assert snapshot(model.objects.get(pk=record.pk)) == before
    if model in ARCHIVE:
        # Read only, saying why, with every inline read only too; a save or delete posted
        # anyway says why as well.
        reason = escape(admin.site._registry[model].locked_message(record))
        assert reason in change.content.decode()
        assert reason in delete.content.decode()
        assert page.status_code == 200
        assert page.context["has_change_permission"] is False
        assert [str(message) for message in page.context["messages"]] == [
            str(admin.site._registry[model].locked_message(record))
        ]
        inlines = page.context["inline_admin_formsets"]
        assert [
            (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission)
            for inline in inlines
        ] == [(False, False, False)] * len(inlines)
        assert editor.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


@pytest.mark.parametrize("model", [model for model in REGISTERED if model in ARCHIVE], ids=str)
def test_reviewer_changes_published_material(client, world, log_in, model):
    record = sample(model, world)
    data = change_form_data(client, record)
    log_in(REVIEWER)

    response = client.post(admin_change_url(record), data)

    assert response.status_code == 302


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_editor_changes_and_deletes_draft_material(client, world, log_in, model):
    record = draft_sample(model, world)
    data = change_form_data(client, record)
    log_in(EDITOR)

    page = client.get(admin_change_url(record))
    change = client.post(admin_change_url(record), data)
    delete = client.post(admin_view_url(model, "delete", record.pk), {"post": "yes"})

    if model in ARCHIVE:
        assert (page.status_code, change.status_code, delete.status_code) == (200, 302, 302)
        assert list(page.context["messages"]) == []
        assert not model.objects.filter(pk=record.pk).exists()
    else:
        # Logs, accounts and login records: never the editor's to change.
        assert (change.status_code, delete.status_code) == (403, 403)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_editor_adds_to_drafts_but_not_to_published_material(client, world, log_in, model):
    """A new row is posted as the draft side's record was, that record gone first; then again
    as part of a published record (`part_of`; a note on a public person citing the published
    report)."""
    model_admin = admin.site._registry[model]
    parents = [*getattr(model_admin, "part_of", ()), *(["report"] if model is SourceNote else [])]
    # Only parts of records have a record to be refused for; a new record stands alone.
    assert bool(parents) == (model in PARTS)
    if model not in ARCHIVE:
        log_in(EDITOR)
        assert client.post(admin_view_url(model, "add"), {}).status_code == 403
        return
    record = draft_sample(model, world)
    data = change_form_data(client, record)
    record.delete()
    count = model.objects.count()
    log_in(EDITOR)

    refused = []
    for field in parents:
        published = sample(model._meta.get_field(field).related_model, world)
        response = client.post(admin_view_url(model, "add"), new_row(model, data, **{field: published.pk}))
        refused.append(is_refused(response))
    refused_count = model.objects.count()
    added_to_draft = client.post(admin_view_url(model, "add"), new_row(model, data))

    assert refused == [True] * len(parents)
    assert refused_count == count
    assert (added_to_draft.status_code, model.objects.count()) == (302, count + 1)


# The models whose rows published material shows with another record (their admin's part_of).
PARTS = {
    PersonName,
    OrganizationName,
    Event,
    Room,
    Track,
    SessionRole,
    Destination,
    DelegationEvent,
    DelegationMember,
    ReportAuthor,
    ReportSection,
    Recommendation,
    FollowUpItem,
    ReportFile,
    SourceNote,
}


def with_new_inline_row(data, prefix, **fields):
    """`data` with one more row in the inline `prefix`, as "Add another" would post it."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    row = {f"{prefix}-{index}-{name}": value for name, value in fields.items()}
    return {**data, **row, f"{prefix}-TOTAL_FORMS": str(index + 1)}


NOTES = "reports-sourcenote-content_type-object_id"


@pytest.mark.parametrize(
    ("record", "prefix", "row", "expected"),
    [
        ("published", NOTES, {"kind": "correction", "note": "更正"}, 403),
        ("draft", NOTES, {"kind": "correction", "note": "更正"}, 302),
        ("person", "other_names", {"name": "Another Spelling", "language": "en", "kind": "alternate"}, 403),
        (
            "secret_person",
            "other_names",
            {"name": "Another Spelling", "language": "en", "kind": "alternate"},
            302,
        ),
    ],
)
def test_editor_adds_an_inline_row_to_a_draft_only(client, world, log_in, record, prefix, row, expected):
    world["secret_person"] = Person.objects.get(slug="secret-person")
    obj = world[record]
    data = with_new_inline_row(change_form_data(client, obj), prefix, **row)
    notes, names = SourceNote.objects.count(), PersonName.objects.count()
    log_in(EDITOR)

    response = client.post(admin_change_url(obj), data)

    assert response.status_code == expected
    added = 1 if expected == 302 else 0
    assert (SourceNote.objects.count(), PersonName.objects.count()) == (
        notes + added * (prefix == NOTES),
        names + added * (prefix == "other_names"),
    )


PROGRAMME = "key,date,start,end,title_en\nopening,2016-12-07,09:00,10:00,Opening\n"


def test_editor_imports_a_programme_into_a_summit_not_yet_public_only(client, world, log_in):
    draft_summit = f.make_summit(slug="draft-summit")
    log_in(EDITOR)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    public_page = client.get(admin_change_url(world["summit"]))
    draft_page = client.get(admin_change_url(draft_summit))
    response = client.post(
        reverse("admin:events_event_import"),
        {
            "summit": world["summit"].pk,
            "import_file": SimpleUploadedFile("agenda.csv", PROGRAMME.encode()),
            "format": "0",
        },
    )

    import_url = reverse("admin:events_event_import")
    assert f"{import_url}?summit={world['summit'].pk}" not in public_page.text
    assert f"{import_url}?summit={draft_summit.pk}" in draft_page.text
    assert "confirm_form" not in response.context
    assert str(LOCKED_PARENT_MESSAGE) in response.text
    assert world["summit"].programme.count() == 1


def test_a_refused_change_is_explained_in_the_staff_members_language(client, world, log_in):
    log_in(EDITOR)

    page = client.get(admin_change_url(world["person"]), HTTP_ACCEPT_LANGUAGE="zh-hant")

    assert "只有審查人員可以修改" in page.text


@pytest.mark.parametrize(("kind", "names_added"), [(EDITOR, 0), (REVIEWER, 1)])
def test_a_roster_import_adds_no_name_to_a_public_person_without_a_reviewer(
    client, world, log_in, kind, names_added
):
    # The row is found by the public person's English name and prints a Chinese name they
    # do not have yet: a reviewer's import adds it to the person's names, an editor's only
    # links the row.
    delegation = world["draft"].delegation
    names = PersonName.objects.filter(person=world["person"]).count()
    log_in(kind)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    roster = "序號,單位,姓名,職稱,英文姓名\n5,公開機關,公開人物甲,科長,Public Person\n"

    response = client.post(
        reverse("admin:reports_delegationmember_import"),
        {
            "delegation": delegation.pk,
            "import_file": SimpleUploadedFile("roster.csv", roster.encode()),
            "format": "0",
        },
    )
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    done = client.post(
        reverse("admin:reports_delegationmember_process_import"),
        {name: value for name, value in data.items() if value is not None},
    )

    assert done.status_code == 302
    assert delegation.members.get(order=5).person == world["person"]
    assert PersonName.objects.filter(person=world["person"]).count() == names + names_added
    if kind == EDITOR:
        assert "not added to the names of a public person" in response.text


@pytest.mark.parametrize(("record", "expected"), [("person", 403), ("secret_person", 302)])
def test_editor_reverts_a_draft_person_only(client, world, log_in, record, expected):
    person = Person.objects.get(slug=world[record].slug if record == "person" else "secret-person")
    first = person.history.earliest()
    data = change_form_data(client, person)
    person.biography = "後來的說明"
    person.save()
    log_in(EDITOR)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    url = reverse("admin:people_person_simple_history", args=[person.pk, first.history_id])
    response = client.post(url, {**data, "biography": first.biography})

    person.refresh_from_db()
    assert response.status_code == expected
    assert person.biography == ("後來的說明" if expected == 403 else first.biography)
    if expected == 403:
        assert "only a reviewer can change it" in response.text.lower()
