"""The publication workflow in the admin: editors submit drafts, reviewers publish, return,
withdraw (with a reason) and publish again; every step is logged with who, when and why; forged
requests are refused and change nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from reports.models import DelegationMember, PublicationStatus, Report, ReportSection, StatusChange
from tests import factories as f

DRAFT, IN_REVIEW = PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW
PUBLISHED, WITHDRAWN = PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN
EDITOR, REVIEWER = "編輯 Editor", "審核 Reviewer"


def transition_url(report):
    return reverse("admin:reports_report_transition", args=[report.pk])


def change_url(report):
    return reverse("admin:reports_report_change", args=[report.pk])


@pytest.fixture
def staff(client, django_user_model):
    """Log `client` in as a member of a group ("editor", "reviewer"), a superuser, or nobody."""

    def log_in(kind):
        if kind == "anonymous":
            return None
        if kind == "superuser":
            user = django_user_model.objects.create_superuser(username="root", password=None)
        else:
            user = django_user_model.objects.create_user(username=kind, password=None, is_staff=True)
            user.groups.add(Group.objects.get(name=EDITOR if kind == "editor" else REVIEWER))
        client.force_login(user)
        return user

    return log_in


def make_report_in(status):
    return f.make_report(status=status)


@pytest.mark.django_db
def test_staff_groups_exist_after_migrate_with_their_permissions():
    editor = Group.objects.get(name=EDITOR)
    reviewer = Group.objects.get(name=REVIEWER)
    editor_permissions = {f"{p.content_type.app_label}.{p.codename}" for p in editor.permissions.all()}
    reviewer_permissions = {f"{p.content_type.app_label}.{p.codename}" for p in reviewer.permissions.all()}

    assert {
        "reports.add_report",
        "reports.change_report",
        "reports.change_reportsection",
        "reports.change_delegationmember",
        "people.add_person",
        "people.change_organization",
        "events.change_event",
        "events.add_sessionrole",
        "reports.import_roster",
        "events.import_programme",
        "reports.view_statuschange",
    } <= editor_permissions
    assert "reports.publish_report" not in editor_permissions
    # Reviewers also merge people and organisations (archive 0003).
    merging = {"archive.merge_records", "archive.view_merge"}
    assert reviewer_permissions == editor_permissions | {"reports.publish_report"} | merging


# (who, the report's status, the step) → (HTTP status, the report's status after)
STEPS = [
    ("editor", DRAFT, "submit", 302, IN_REVIEW),
    ("editor", IN_REVIEW, "publish", 403, IN_REVIEW),
    ("editor", IN_REVIEW, "return", 403, IN_REVIEW),
    ("editor", PUBLISHED, "withdraw", 403, PUBLISHED),
    ("reviewer", DRAFT, "submit", 302, IN_REVIEW),
    ("reviewer", IN_REVIEW, "publish", 302, PUBLISHED),
    ("reviewer", IN_REVIEW, "return", 302, DRAFT),
    ("editor", WITHDRAWN, "republish", 403, WITHDRAWN),
    ("editor", WITHDRAWN, "return", 403, WITHDRAWN),
    ("reviewer", PUBLISHED, "withdraw", 302, WITHDRAWN),
    ("reviewer", WITHDRAWN, "republish", 302, PUBLISHED),
    ("reviewer", WITHDRAWN, "return", 302, DRAFT),
    ("reviewer", DRAFT, "republish", 302, DRAFT),
    ("reviewer", IN_REVIEW, "withdraw", 302, IN_REVIEW),
    ("superuser", DRAFT, "submit", 302, IN_REVIEW),
    ("superuser", IN_REVIEW, "publish", 302, PUBLISHED),
    ("superuser", IN_REVIEW, "return", 302, DRAFT),
    ("superuser", PUBLISHED, "withdraw", 302, WITHDRAWN),
    ("anonymous", DRAFT, "submit", 302, DRAFT),
    ("anonymous", IN_REVIEW, "publish", 302, IN_REVIEW),
    ("anonymous", PUBLISHED, "withdraw", 302, PUBLISHED),
]

STEP_IDS = [f"{who}-{step}" for who, _, step, _, _ in STEPS]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "start", "step", "code", "end"), STEPS, ids=STEP_IDS)
def test_workflow_step_by_each_kind_of_user(client, staff, who, start, step, code, end):
    user = staff(who)
    report = make_report_in(start)

    response = client.post(transition_url(report), {"transition": step, "note": "看過了"})

    report.refresh_from_db()
    assert (response.status_code, report.status) == (code, end)
    changes = list(report.status_changes.values_list("from_status", "to_status", "user", "note"))
    if end == start:
        assert changes == []
    else:
        assert changes == [(start, end, user.pk, "看過了")]
        assert report.status_changed_by == user
        assert report.status_changed_at == report.status_changes.get().changed_at
    if who == "anonymous":
        assert response.url.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_step_from_the_wrong_status_is_refused_with_a_message(client, staff):
    staff("reviewer")
    report = make_report_in(DRAFT)

    response = client.post(transition_url(report), {"transition": "publish"}, follow=True)

    report.refresh_from_db()
    assert report.status == DRAFT
    assert StatusChange.objects.count() == 0
    assert "cannot be moved that way" in response.text or "無法" in response.text


@pytest.mark.django_db
def test_unknown_step_and_get_are_refused(client, staff):
    staff("reviewer")
    report = make_report_in(IN_REVIEW)

    unknown = client.post(transition_url(report), {"transition": "archive"})
    get = client.get(transition_url(report), {"transition": "publish"})

    report.refresh_from_db()
    assert (unknown.status_code, get.status_code, report.status) == (404, 405, IN_REVIEW)


@pytest.mark.django_db
def test_first_publication_sets_published_at_once(client, staff):
    staff("reviewer")
    report = make_report_in(DRAFT)

    for step in ("submit", "publish"):
        client.post(transition_url(report), {"transition": step})
    report.refresh_from_db()
    first = report.published_at
    for step in ("withdraw", "republish", "withdraw", "return", "submit", "publish"):
        client.post(transition_url(report), {"transition": step, "note": "名單有誤"})
    report.refresh_from_db()

    assert first is not None
    assert report.status == PUBLISHED
    assert report.published_at == first
    assert report.status_changed_at > first
    steps = list(report.status_changes.order_by("changed_at", "pk").values_list("from_status", "to_status"))
    assert steps == [
        (DRAFT, IN_REVIEW),
        (IN_REVIEW, PUBLISHED),
        (PUBLISHED, WITHDRAWN),
        (WITHDRAWN, PUBLISHED),
        (PUBLISHED, WITHDRAWN),
        (WITHDRAWN, DRAFT),
        (DRAFT, IN_REVIEW),
        (IN_REVIEW, PUBLISHED),
    ]


@pytest.mark.django_db
def test_editor_is_offered_submit_only(client, staff):
    staff("editor")
    draft = make_report_in(DRAFT)
    in_review = make_report_in(IN_REVIEW)

    draft_page = client.get(change_url(draft))
    review_page = client.get(change_url(in_review))

    assert draft_page.status_code == review_page.status_code == 200
    assert 'value="submit"' in draft_page.text
    for page in (draft_page, review_page):
        assert 'value="publish"' not in page.text
        assert 'value="withdraw"' not in page.text
        assert '<select name="status"' not in page.text
    # A report in review is shown to an editor read only: no save button.
    assert 'name="_save"' in draft_page.text
    assert 'name="_save"' not in review_page.text


@pytest.mark.django_db
def test_reviewer_is_offered_publish_and_return(client, staff):
    staff("reviewer")
    report = make_report_in(IN_REVIEW)

    page = client.get(change_url(report))

    assert 'value="publish"' in page.text
    assert 'value="return"' in page.text
    assert 'value="submit"' not in page.text


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor", "reviewer", "superuser"])
def test_forged_status_in_change_form_is_refused(client, staff, who):
    staff(who)
    report = make_report_in(DRAFT)

    response = client.post(change_url(report), {"title": "改過的標題", "status": PUBLISHED})

    report.refresh_from_db()
    assert response.status_code == 403
    assert (report.status, report.title, report.published_at) == (DRAFT, report.title, None)
    assert report.title != "改過的標題"
    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("status", [IN_REVIEW, PUBLISHED])
def test_editor_cannot_change_a_report_out_of_draft(client, staff, status):
    staff("editor")
    report = make_report_in(status)
    section = f.make_section(report=report, heading="目的")

    report_post = client.post(change_url(report), {"title": "改過的標題"})
    section_post = client.post(
        reverse("admin:reports_reportsection_change", args=[section.pk]), {"heading": "改過"}
    )
    delete = client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})

    assert (report_post.status_code, section_post.status_code, delete.status_code) == (403, 403, 403)
    assert Report.objects.get(pk=report.pk).title == report.title
    assert ReportSection.objects.get(pk=section.pk).heading == "目的"


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "changed"), [("editor", False), ("reviewer", True)])
def test_a_published_reports_roster_changes_only_with_a_reviewer(client, staff, who, changed):
    staff(who)
    report = make_report_in(PUBLISHED)
    report.delegation = f.make_delegation(title="出席高峰會")
    report.save()
    member = f.make_member(delegation=report.delegation, title="科長")
    roster_row = reverse("admin:reports_delegationmember_change", args=[member.pk])
    notes = "reports-sourcenote-content_type-object_id"
    data = {
        "delegation": report.delegation.pk,
        "order": member.order,
        "person": member.person.pk,
        f"{notes}-TOTAL_FORMS": "0",
        f"{notes}-INITIAL_FORMS": "0",
    }

    delegation_post = client.post(
        reverse("admin:reports_delegation_change", args=[report.delegation.pk]), {"title": "改過"}
    )
    member_post = client.post(roster_row, {**data, "title": "處長", "role": "member", "sector": ""})
    import_page = client.get(reverse("admin:reports_delegationmember_import"))

    assert delegation_post.status_code == (200 if changed else 403)
    assert member_post.status_code == (302 if changed else 403)
    assert DelegationMember.objects.get(pk=member.pk).title == ("處長" if changed else "科長")
    # The roster import offers only the delegations the user may change.
    offered = import_page.context["form"].fields["delegation"].queryset
    assert (report.delegation in offered) is changed


@pytest.mark.django_db
def test_editor_adds_parts_to_drafts_only(client, staff):
    staff("editor")
    published = make_report_in(PUBLISHED)
    draft = make_report_in(DRAFT)
    url = reverse("admin:reports_reportsection_add")
    data = {"order": 1, "number": "壹", "level": 1, "heading": "新增的章節", "body": ""}

    refused = client.post(url, {**data, "report": published.pk})
    accepted = client.post(url, {**data, "report": draft.pk})

    assert (refused.status_code, accepted.status_code) == (200, 302)
    assert list(ReportSection.objects.values_list("report", flat=True)) == [draft.pk]


@pytest.mark.django_db
def test_status_log_is_shown_read_only_on_the_report_page(client, staff):
    reviewer = staff("reviewer")
    report = make_report_in(IN_REVIEW)
    client.post(transition_url(report), {"transition": "publish", "note": "核准公開"})

    page = client.get(change_url(report))

    assert "核准公開" in page.text
    assert reviewer.username in page.text
    assert 'name="status_changes-0-note"' not in page.text


@pytest.mark.django_db
def test_editor_cannot_delete_published_reports_from_the_list(client, staff):
    staff("editor")
    published = make_report_in(PUBLISHED)
    section = f.make_section(report=published)
    draft = make_report_in(DRAFT)
    before = Report.objects.count()

    reports = client.post(
        reverse("admin:reports_report_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk, draft.pk], "post": "yes"},
    )
    sections = client.post(
        reverse("admin:reports_reportsection_changelist"),
        {"action": "delete_selected", "_selected_action": [section.pk], "post": "yes"},
    )

    assert (reports.status_code, sections.status_code) == (403, 403)
    assert Report.objects.count() == before
    assert ReportSection.objects.filter(pk=section.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hant", "未移動：請在備註寫明理由"), ("en", "was not moved: give the reason")],
)
def test_withdrawing_without_a_reason_is_refused_and_changes_nothing(client, staff, language, message):
    staff("reviewer")
    report = make_report_in(PUBLISHED)

    response = client.post(
        transition_url(report),
        {"transition": "withdraw", "note": "  "},
        follow=True,
        headers={"accept-language": language},
    )

    report.refresh_from_db()
    assert report.status == PUBLISHED
    assert StatusChange.objects.count() == 0
    assert message in response.text
    assert client.get(report.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_withdrawal_and_republication_keep_who_when_and_why(client, staff):
    reviewer = staff("reviewer")
    report = make_report_in(PUBLISHED)

    client.post(transition_url(report), {"transition": "withdraw", "note": "團員名單有誤"})
    withdrawn_page = client.get(change_url(report))
    client.post(transition_url(report), {"transition": "republish"})

    report.refresh_from_db()
    assert report.status == PUBLISHED
    history = list(
        report.status_changes.order_by("changed_at", "pk").values_list(
            "from_status", "to_status", "user", "note"
        )
    )
    assert history == [
        (PUBLISHED, WITHDRAWN, reviewer.pk, "團員名單有誤"),
        (WITHDRAWN, PUBLISHED, reviewer.pk, ""),
    ]
    # The withdrawn report's admin page offers publishing again and returning to draft.
    assert 'value="republish"' in withdrawn_page.text
    assert 'value="return"' in withdrawn_page.text
    assert 'value="withdraw"' not in withdrawn_page.text
    assert "團員名單有誤" in withdrawn_page.text
    assert client.get(report.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_editor_cannot_change_a_withdrawn_report(client, staff):
    staff("editor")
    report = make_report_in(WITHDRAWN)

    page = client.get(change_url(report))

    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert 'value="republish"' not in page.text


@pytest.mark.django_db
@pytest.mark.parametrize("status", [PUBLISHED, WITHDRAWN])
def test_a_reviewer_removes_a_report_entirely_and_its_address_is_a_404(client, staff, status):
    staff("reviewer")
    report = make_report_in(status)
    address = report.get_absolute_url()

    response = client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists()
    client.logout()
    assert client.get(address).status_code == 404


@pytest.mark.django_db
def test_an_editor_cannot_remove_a_withdrawn_report(client, staff):
    staff("editor")
    report = make_report_in(WITHDRAWN)

    response = client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()
