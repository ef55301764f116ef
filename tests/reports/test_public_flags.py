"""The stored public flags always give the rule's answer (reports.publication), whatever staff
change, however they change it."""

import io

import pytest
from django.core.management import call_command

from events.models import Event
from people.models import Organization, Person
from reports import publication
from reports.models import Delegation, PublicationStatus
from reports.receivers import deferred_public_flags
from reports.services import record_status_change
from tests import factories as f

pytestmark = pytest.mark.django_db

MODELS = {"Delegation": Delegation, "Event": Event, "Person": Person, "Organization": Organization}
FLAGS = [(MODELS[name], field, rule) for name, field, rule in publication.FLAG_RULES]


def assert_flags_follow_rule():
    for model, field, rule in FLAGS:
        flagged = set(model.objects.filter(**{field: True}).values_list("pk", flat=True))
        by_rule = set(model.objects.filter(rule()).values_list("pk", flat=True))
        assert flagged == by_rule, f"{model.__name__}.{field}"


def make_trip(state):
    agency = f.make_organization(name_zh=f"{state}機關")
    unit = f.make_organization(name_zh=f"{state}處", parent=agency)
    delegation = f.make_delegation(organising_agency=agency)
    report = f.make_report(delegation=delegation, agency=agency, status=state)
    member = f.make_member(
        delegation=delegation, organization=unit, person=f.make_person(name_zh=f"{state}團員")
    )
    summit = f.make_summit(title_en=f"{state} summit")
    session = f.make_session(parent=summit, title_en=f"{state} session")
    link = f.make_delegation_event(delegation=delegation, event=summit)
    speaker = f.make_session_role(event=session, person=f.make_person(name_zh=f"{state}講者"))
    delegate_role = f.make_session_role(event=session, person=member.person)
    author = f.make_report_author(report=report, person=f.make_person(name_zh=f"{state}作者"))
    return locals()


@pytest.fixture
def trips():
    return make_trip("published"), make_trip("draft")


def test_flags_follow_the_rule_as_records_are_entered(trips):
    published, draft = trips

    assert_flags_follow_rule()
    assert Person.objects.public().count() == 3
    assert published["session"] in Event.objects.filter(delegate_took_part=True)
    delegate = Person.objects.get(pk=published["member"].person.pk)
    assert (delegate.is_delegate, delegate.is_speaker, delegate.is_moderator) == (True, True, False)
    assert not Person.objects.get(pk=draft["member"].person.pk).is_delegate


def test_publishing_and_withdrawing_a_report(trips):
    _, draft = trips
    report = draft["report"]

    report.status = PublicationStatus.PUBLISHED
    record_status_change(report, PublicationStatus.DRAFT, user=None)
    report.save()
    assert_flags_follow_rule()
    assert Person.objects.public().count() == 6
    assert Organization.objects.public().count() == 4

    # Withdrawn, it counts as a draft does.
    report.status = PublicationStatus.WITHDRAWN
    record_status_change(report, PublicationStatus.PUBLISHED, user=None)
    report.save()
    assert_flags_follow_rule()
    assert Person.objects.public().count() == 3


def test_moving_a_roster_row_to_another_person_and_unit(trips):
    published, draft = trips
    member = published["member"]
    before = member.person

    published["delegate_role"].delete()
    member.person = f.make_person(name_zh="新團員")
    member.organization = draft["agency"]
    member.save()

    assert_flags_follow_rule()
    assert not Person.objects.get(pk=before.pk).is_public
    assert Person.objects.get(pk=member.person.pk).is_public
    assert Organization.objects.get(pk=draft["agency"].pk).is_public
    assert not Organization.objects.get(pk=published["unit"].pk).is_public


def test_a_unit_moved_to_another_parent_takes_the_parent_flag_along(trips):
    published, draft = trips
    unit = published["unit"]
    unit.parent = draft["agency"]
    unit.save()

    assert_flags_follow_rule()
    assert Organization.objects.get(pk=draft["agency"].pk).is_public


def test_deleting_roles_links_and_reports(trips):
    published, _ = trips

    published["speaker"].delete()
    assert_flags_follow_rule()

    published["link"].delete()
    assert_flags_follow_rule()
    assert not Event.objects.public().exists()

    published["report"].delete()  # takes its authors along
    assert_flags_follow_rule()
    assert not Person.objects.public().exists()
    assert not Organization.objects.public().exists()


def test_a_session_moved_to_another_summit(trips):
    published, draft = trips
    session = draft["session"]
    session.parent = published["summit"]
    session.save()

    assert_flags_follow_rule()
    assert Event.objects.get(pk=session.pk).is_public


def test_deferred_writes_are_refreshed_once_at_the_end():
    with deferred_public_flags():
        trip = make_trip("published")
        assert not Person.objects.public().exists()  # not yet: the block has not ended

    assert_flags_follow_rule()
    assert trip["author"].person in Person.objects.public()


def test_the_command_repairs_flags_written_around_django(trips):
    published, _ = trips
    wrong = Person.objects.filter(is_public=False).update(is_public=True)  # update() sends no signals
    wrong += Event.objects.filter(pk=published["summit"].pk).update(is_public=False)

    out = io.StringIO()
    call_command("refresh_public_flags", stdout=out)

    assert_flags_follow_rule()
    assert out.getvalue().startswith(f"{wrong} rows changed")


def test_a_visit_during_a_public_summit_is_as_private_as_the_delegations_that_went(trips):
    published, draft = trips
    visit = f.make_session(parent=published["summit"], kind="visit", title_en="Visit")
    meeting = f.make_session(parent=visit, kind="meeting", title_en="Meeting")

    def public():
        return set(Event.objects.filter(pk__in=[visit.pk, meeting.pk]).public())

    # Printed in the programme, attended by no delegation of its own: the summit's.
    assert public() == {visit, meeting}

    link = f.make_delegation_event(delegation=draft["delegation"], event=visit)
    assert_flags_follow_rule()
    assert public() == set()

    draft["report"].status = PublicationStatus.PUBLISHED
    record_status_change(draft["report"], PublicationStatus.DRAFT, user=None)
    draft["report"].save()
    assert_flags_follow_rule()
    # The meeting is the visiting delegation's own too: public only when one attended it.
    assert public() == {visit}

    link.delete()
    assert_flags_follow_rule()
    assert public() == {visit, meeting}


def test_a_public_delegations_contact_is_public(trips):
    published, draft = trips
    contact = f.make_person(name_zh="聯絡人")
    delegation = published["delegation"]

    delegation.contact_person = contact
    delegation.save()
    assert_flags_follow_rule()
    assert contact in Person.objects.public()

    delegation.contact_person = None
    delegation.save()
    draft["delegation"].contact_person = contact
    draft["delegation"].save()
    assert_flags_follow_rule()
    assert contact not in Person.objects.public()
