"""What counts as public: published reports and what they connect to; nothing connected only
to a draft."""

import pytest

from events.models import Event, SessionRole
from people.models import Organization, Person
from reports.models import Delegation, PublicationStatus, Report
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """One published trip and one draft trip, each with its own people, organisations, summit."""
    world = {}
    for state in ("published", "draft"):
        agency = f.make_organization(name_zh=f"{state}機關")
        unit = f.make_organization(name_zh=f"{state}處", parent=agency)
        delegation = f.make_delegation(organising_agency=agency)
        report = f.make_report(delegation=delegation, agency=agency, status=state)
        member = f.make_member(
            delegation=delegation, organization=unit, person=f.make_person(name_zh=f"{state}團員")
        )
        summit = f.make_summit(title_en=f"{state} summit")
        session = f.make_session(parent=summit, title_en=f"{state} session")
        f.make_delegation_event(delegation=delegation, event=summit)
        speaker = f.make_session_role(event=session, person=f.make_person(name_zh=f"{state}講者")).person
        author = f.make_report_author(report=report, person=f.make_person(name_zh=f"{state}作者")).person
        world[state] = {
            "report": report,
            "delegation": delegation,
            "summit": summit,
            "session": session,
            "people": {member.person, speaker, author},
            "organizations": {agency, unit},
        }
    return world


def test_only_published_reports_and_their_delegations_are_public(archive):
    assert list(Report.objects.published()) == [archive["published"]["report"]]
    assert list(Delegation.objects.public()) == [archive["published"]["delegation"]]


def test_events_are_public_through_a_published_delegation_and_their_summit(archive):
    public = set(Event.objects.public())

    assert public == {archive["published"]["summit"], archive["published"]["session"]}
    assert list(SessionRole.objects.public().values_list("event", flat=True)) == [
        archive["published"]["session"].pk
    ]


def test_people_and_organisations_of_a_draft_only_are_not_public(archive):
    assert set(Person.objects.public()) == archive["published"]["people"]
    assert set(Organization.objects.public()) == archive["published"]["organizations"]


def test_publishing_the_draft_makes_its_world_public(archive):
    draft = archive["draft"]["report"]
    draft.status = PublicationStatus.PUBLISHED
    draft.published_at = draft.created_at
    draft.save()

    assert Person.objects.public().count() == 6
    assert Event.objects.public().count() == 4
