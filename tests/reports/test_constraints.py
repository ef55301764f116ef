"""Every rule of the domain that the database enforces rejects a row that breaks it."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event
from people.models import Organization, Person
from reports.models import PublicationStatus, Report
from tests import factories as f

PARIS = datetime.timezone(datetime.timedelta(hours=1))


def _self_parent_organization():
    organization = f.make_organization()
    Organization.objects.filter(pk=organization.pk).update(parent=organization)


def _self_parent_event():
    summit = f.make_summit()
    Event.objects.filter(pk=summit.pk).update(parent=summit)


def _duplicate_room_slug():
    room = f.make_room(slug="hemicycle")
    f.make_room(summit=room.summit, slug="hemicycle")


def _duplicate_track_slug():
    track = f.make_track(slug="open-parliament")
    f.make_track(summit=track.summit, slug="open-parliament")


def _duplicate_role_order():
    role = f.make_session_role(order=1)
    f.make_session_role(event=role.event, order=1)


def _duplicate_destination_order():
    destination = f.make_destination(order=1)
    f.make_destination(delegation=destination.delegation, order=1)


def _duplicate_delegation_event():
    link = f.make_delegation_event()
    f.make_delegation_event(delegation=link.delegation, event=link.event)


def _duplicate_roster_order():
    member = f.make_member(order=3)
    f.make_member(delegation=member.delegation, order=3)


def _duplicate_roster_person():
    member = f.make_member(order=1)
    f.make_member(delegation=member.delegation, person=member.person, order=2)


def _duplicate_system_id():
    f.make_report(system_id="C10600123")
    f.make_report(system_id="C10600123")


def _duplicate_author_order():
    author = f.make_report_author(order=1)
    f.make_report_author(report=author.report, order=1)


def _duplicate_author_person():
    author = f.make_report_author(order=1)
    f.make_report_author(report=author.report, person=author.person, order=2)


def _duplicate_section_order():
    section = f.make_section(order=1)
    f.make_section(report=section.report, order=1)


def _duplicate_recommendation_order():
    recommendation = f.make_recommendation(order=1)
    f.make_recommendation(report=recommendation.report, order=1)


def _duplicate_follow_up_order():
    item = f.make_follow_up_item(order=1)
    f.make_follow_up_item(report=item.report, order=1)


def _duplicate_person_name():
    other = f.make_person_name(name="Judy, Fu-meei Ju")
    f.make_person_name(person=other.person, name="Judy, Fu-meei Ju")


def _duplicate_organization_name():
    other = f.make_organization_name(name="OCF")
    f.make_organization_name(organization=other.organization, name="OCF")


def _session_ends_before_it_starts():
    start = datetime.datetime(2016, 12, 8, 9, 0, tzinfo=PARIS)
    f.make_session(starts_at=start, ends_at=start - datetime.timedelta(minutes=50))


def _session_ends_when_it_starts():
    start = datetime.datetime(2016, 12, 8, 9, 0, tzinfo=PARIS)
    f.make_session(starts_at=start, ends_at=start)


CASES = {
    "person without any name": (lambda: Person.objects.create(slug="nameless"), "person_has_a_name"),
    "person slug taken": (lambda: [f.make_person(slug="kao"), f.make_person(slug="kao")], None),
    "person name twice": (_duplicate_person_name, None),
    "organisation without any name": (
        lambda: Organization.objects.create(slug="nameless"),
        "organization_has_a_name",
    ),
    "organisation slug taken": (
        lambda: [f.make_organization(slug="ndc"), f.make_organization(slug="ndc")],
        None,
    ),
    "organisation its own parent": (_self_parent_organization, "organization_not_its_own_parent"),
    "organisation name twice": (_duplicate_organization_name, None),
    "language code taken": (lambda: [f.make_language(code="xx"), f.make_language(code="xx")], None),
    "session ends before it starts": (_session_ends_before_it_starts, "event_ends_after_it_starts"),
    "session ends as it starts": (_session_ends_when_it_starts, "event_ends_after_it_starts"),
    "session of no duration": (
        lambda: f.make_session(duration=datetime.timedelta(0)),
        "event_duration_positive",
    ),
    "event end date before start date": (
        lambda: f.make_summit(start_date=datetime.date(2016, 12, 9), end_date=datetime.date(2016, 12, 7)),
        "event_end_date_not_before_start_date",
    ),
    "event without a title": (lambda: f.make_summit(title_en="", title_zh=""), "event_has_a_title"),
    "event part of itself": (_self_parent_event, "event_not_its_own_parent"),
    "event slug taken": (lambda: [f.make_summit(slug="ogp-2016"), f.make_summit(slug="ogp-2016")], None),
    "room slug taken in a summit": (_duplicate_room_slug, None),
    "track slug taken in a summit": (_duplicate_track_slug, None),
    "room without a name or venue": (lambda: f.make_room(venue="", name=""), "room_has_a_name"),
    "track without a name": (lambda: f.make_track(name_en="", name_zh=""), "track_has_a_name"),
    "session role order taken": (_duplicate_role_order, None),
    "session role naming no one": (
        lambda: f.make_session_role(person=None, organization=None, name_as_printed=""),
        "session_role_names_someone",
    ),
    "delegation returns before departing": (
        lambda: f.make_delegation(
            departure_date=datetime.date(2016, 12, 11), return_date=datetime.date(2016, 12, 5)
        ),
        "delegation_returns_after_departure",
    ),
    "delegation slug taken": (
        lambda: [f.make_delegation(slug="ogp-2016"), f.make_delegation(slug="ogp-2016")],
        None,
    ),
    "destination order taken": (_duplicate_destination_order, None),
    "event linked twice to a delegation": (_duplicate_delegation_event, None),
    "roster order number taken": (_duplicate_roster_order, None),
    "person twice on a roster": (_duplicate_roster_person, None),
    "report slug taken": (lambda: [f.make_report(slug="ogp-2016"), f.make_report(slug="ogp-2016")], None),
    "report system id taken": (_duplicate_system_id, None),
    "published report without publication time": (
        lambda: Report.objects.filter(pk=f.make_report().pk).update(status=PublicationStatus.PUBLISHED),
        "report_published_has_date",
    ),
    "author order taken": (_duplicate_author_order, None),
    "author listed twice": (_duplicate_author_person, None),
    "section order taken": (_duplicate_section_order, None),
    "section level out of range": (lambda: f.make_section(level=9), "report_section_level_range"),
    "recommendation order taken": (_duplicate_recommendation_order, None),
    "follow-up item order taken": (_duplicate_follow_up_order, None),
    "keyword twice": (lambda: [f.make_keyword(name="開放政府"), f.make_keyword(name="開放政府")], None),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("build", "constraint"), CASES.values(), ids=CASES.keys())
def test_constraint_rejects_violating_row(build, constraint):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        build()
    if constraint:
        assert constraint in str(error.value)


@pytest.mark.django_db
def test_constraints_allow_unknown_times_and_empty_system_ids():
    summit = f.make_summit()
    session = f.make_session(parent=summit, starts_at=None, ends_at=None, start_date=None)
    start = timezone.now()
    f.make_session(parent=summit, starts_at=start, ends_at=None)
    f.make_session(parent=summit, starts_at=start, duration=datetime.timedelta(minutes=15))
    f.make_report(system_id="")
    f.make_report(system_id="")
    same_day = f.make_delegation(
        departure_date=datetime.date(2023, 9, 4), return_date=datetime.date(2023, 9, 4)
    )

    assert session.starts_at is None
    assert Report.objects.filter(system_id="").count() == 2
    assert same_day.return_date == same_day.departure_date
