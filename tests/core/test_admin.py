"""The staff admin: every model's pages render, strangers are sent to log in, and a staff
member enters a delegation with its roster and events in one form."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.html import escape

from events.models import Event
from reports.models import Delegation, PublicationStatus, Report
from tests import factories as f
from tests.admin_forms import report_form

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
# Written by the importers, the merge and django-axes at each login: no add page.
READ_ONLY = {
    "archive.ImportRecord",
    "archive.Merge",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}
# What django-axes records of a login from the office address.
LOGIN_RECORD = {
    "username": "alice",
    "ip_address": "198.51.100.7",
    "user_agent": "Firefox",
    "path_info": "/admin/login/",
}
MAKERS = {
    "archive.ImportRecord": f.make_import_record,
    "archive.Merge": f.make_merge,
    "auth.Group": lambda: __import__("django.contrib.auth.models").contrib.auth.models.Group.objects.create(
        name="編輯"
    ),
    "auth.User": None,
    "axes.AccessAttempt": lambda: AccessAttempt.objects.create(**LOGIN_RECORD, failures_since_start=3),
    "axes.AccessFailureLog": lambda: AccessFailureLog.objects.create(**LOGIN_RECORD, locked_out=True),
    "axes.AccessLog": lambda: AccessLog.objects.create(**LOGIN_RECORD),
    "events.Event": f.make_session,
    "events.Language": f.make_language,
    "events.Room": f.make_room,
    "events.SessionRole": f.make_session_role,
    "events.Track": f.make_track,
    "people.Organization": f.make_organization,
    "people.OrganizationName": f.make_organization_name,
    "people.Person": f.make_person,
    "people.PersonName": f.make_person_name,
    "reports.Delegation": f.make_delegation,
    "reports.DelegationEvent": f.make_delegation_event,
    "reports.DelegationMember": f.make_member,
    "reports.Destination": f.make_destination,
    "reports.FollowUpItem": f.make_follow_up_item,
    "reports.Keyword": f.make_keyword,
    "reports.Recommendation": f.make_recommendation,
    "reports.Report": f.make_report,
    "reports.ReportAuthor": f.make_report_author,
    "reports.ReportFile": f.make_report_file,
    "reports.ReportSection": f.make_section,
    "reports.SourceNote": f.make_source_note,
}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_registered_model_has_a_maker():
    assert sorted(MAKERS) == sorted(model._meta.label for model, _ in ADMINS)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_admin_pages_render_for_superuser(admin_client, superuser, model, model_admin):
    maker = MAKERS[model._meta.label]
    record = maker() if maker else superuser

    changelist = admin_client.get(admin_url(model, "changelist"))
    add = admin_client.get(admin_url(model, "add"))
    change = admin_client.get(admin_url(model, "change", record.pk))
    search = admin_client.get(admin_url(model, "changelist"), {"q": "開放 Kao"})
    history = admin_client.get(admin_url(model, "history", record.pk))

    add_status = 403 if model._meta.label in READ_ONLY else 200
    assert (
        changelist.status_code,
        add.status_code,
        change.status_code,
        search.status_code,
        history.status_code,
    ) == (200, add_status, 200, 200, 200)
    assert str(model._meta.verbose_name_plural) in changelist.text
    assert escape(str(record)[:40]) in change.text


@pytest.mark.django_db
def test_admin_sends_anonymous_visitor_to_login(client):
    response = client.get(reverse("admin:reports_report_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_admin_index_carries_archive_title(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "出國報告" in response.text or "OGP Trip Report Archive" in response.text


def _formset(prefix, rows, total_initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(total_initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


@pytest.fixture
def roster_clerk(client, django_user_model):
    """A staff member (not a superuser) allowed to keep delegations and their rosters."""
    user = django_user_model.objects.create_user(username="clerk", password=None, is_staff=True)
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "view")
        for model in ("delegation", "delegationmember", "delegationevent", "destination", "sourcenote")
    ] + ["view_person", "view_organization", "view_event"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_staff_creates_delegation_with_roster_and_events(roster_clerk):
    agency = f.make_organization(name_zh="國家發展委員會", name_en="National Development Council")
    people = [f.make_person(name_zh=name) for name in ("潘國才", "林菊穗", "唐鳳")]
    summit = f.make_summit(title_en="OGP Global Summit 2016")
    visit = f.make_summit(kind="visit", title_en="Visit to the French Digital Agency")
    data = {
        "title": "出席開放政府夥伴關係聯盟(OGP)2016 年高峰會",
        "title_en": "OGP Global Summit 2016",
        "slug": "ogp-2016-paris",
        "organising_agency": agency.pk,
        "contact_person": people[1].pk,
        "contact_phone": "",
        "departure_date": "2016-12-05",
        "return_date": "2016-12-11",
        "description": "",
        **_formset(
            "destinations", [{"order": 1, "country": "FR", "city": "Paris", "as_printed": "法國巴黎"}]
        ),
        **_formset(
            "members",
            [
                {
                    "order": 1,
                    "person": people[2].pk,
                    "organization": "",
                    "organization_as_printed": "行政院",
                    "title": "政務委員",
                    "name_as_printed": "唐鳳",
                },
                {
                    "order": 3,
                    "person": people[0].pk,
                    "organization": agency.pk,
                    "title": "處長",
                    "name_as_printed": "潘國才",
                },
                {
                    "order": 4,
                    "person": people[1].pk,
                    "organization": agency.pk,
                    "title": "分析師",
                    "name_as_printed": "林菊穗",
                },
            ],
        ),
        **_formset("event_links", [{"event": summit.pk, "note": ""}, {"event": visit.pk, "note": "12月7日"}]),
        **_formset("reports-sourcenote-content_type-object_id", []),
    }

    response = roster_clerk.post(admin_url(Delegation, "add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    delegation = Delegation.objects.get(slug="ogp-2016-paris")
    roster = [(m.order, m.person.name_zh, m.title) for m in delegation.members.select_related("person")]
    assert roster == [(1, "唐鳳", "政務委員"), (3, "潘國才", "處長"), (4, "林菊穗", "分析師")]
    assert sorted(delegation.events.values_list("title_en", flat=True)) == [
        "OGP Global Summit 2016",
        "Visit to the French Digital Agency",
    ]
    assert [str(d) for d in delegation.destinations.all()] == ["法國巴黎"]


@pytest.mark.django_db
def test_staff_cannot_put_one_person_twice_on_a_roster(roster_clerk):
    agency = f.make_organization()
    person = f.make_person()
    data = {
        "title": "出席會議",
        "slug": "trip",
        "organising_agency": agency.pk,
        "departure_date": "2016-12-05",
        "return_date": "2016-12-11",
        **_formset("destinations", []),
        **_formset("members", [{"order": 1, "person": person.pk}, {"order": 2, "person": person.pk}]),
        **_formset("event_links", []),
        **_formset("reports-sourcenote-content_type-object_id", []),
    }

    response = roster_clerk.post(admin_url(Delegation, "add"), data)

    assert response.status_code == 200
    assert not Delegation.objects.filter(slug="trip").exists()
    assert "請修正下方重覆的數值" in response.text


@pytest.mark.django_db
def test_session_times_are_entered_in_the_summits_local_time(admin_client):
    summit = f.make_summit(time_zone="Europe/Paris")
    data = {
        "kind": "session",
        "parent": summit.pk,
        "title_en": "Fork and Merge",
        "title_zh": "",
        "slug": "fork",
        "format": "panel",
        "time_zone": "",
        "start_date": "2016-12-08",
        "starts_at_0": "2016-12-08",
        "starts_at_1": "09:00",
        "ends_at_0": "2016-12-08",
        "ends_at_1": "09:50",
        "position": 0,
        "venue": "",
        "address": "",
        "city": "",
        "country": "",
        "description": "",
        "website": "",
        **_formset("roles", []),
        **_formset("reports-sourcenote-content_type-object_id", []),
    }

    response = admin_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 302
    session = Event.objects.get(slug="fork")
    assert session.time_zone == "Europe/Paris"
    assert session.summit == summit
    assert session.starts_at == datetime.datetime(2016, 12, 8, 8, 0, tzinfo=datetime.UTC)
    assert session.local_end.strftime("%H:%M") == "09:50"
    change = admin_client.get(admin_url(Event, "change", session.pk))
    assert 'value="09:00:00"' in change.text or 'value="09:00"' in change.text


@pytest.mark.django_db
def test_publishing_in_admin_records_who_and_when(admin_client, superuser):
    # The form saves the report's fields; the status moves by the workflow's steps only.
    report = f.make_report()
    data = report_form(report, category_detail="出席會議", pages="43", pages_note="含附錄")

    response = admin_client.post(admin_url(Report, "change", report.pk), data)
    for step in ("submit", "publish"):
        admin_client.post(admin_url(Report, "transition", report.pk), {"transition": step})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.pages == 43
    assert report.status == PublicationStatus.PUBLISHED
    assert report.status_changed_by == superuser
    assert report.published_at is not None
