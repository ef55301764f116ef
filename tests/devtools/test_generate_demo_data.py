"""generate_demo_data: a large archive shaped like the real one, written in bulk, that stays
apart from real records."""

import io
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from archive.demo_data import load_demo_data
from core.text import clean_text, name_key
from devtools.scale_data import Size, keyword_vocabulary
from events.models import Event, EventKind, Room, SessionRole, Track
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
    ReportSection,
    SourceNote,
)

pytestmark = pytest.mark.django_db

REPORTS = 30
SIZE = Size.for_reports(REPORTS)


def generate(**options):
    output = io.StringIO()
    call_command("generate_demo_data", reports=REPORTS, stdout=output, **{"seed": 7, **options})
    return output.getvalue()


@pytest.fixture
def generated():
    return generate()


# Every generated row, found through the slugged record it belongs to.
GENERATED = {
    Person: {"slug__startswith": "gen-"},
    PersonName: {"person__slug__startswith": "gen-"},
    Organization: {"slug__startswith": "gen-"},
    OrganizationName: {"organization__slug__startswith": "gen-"},
    Event: {"slug__startswith": "gen-"},
    Room: {"summit__slug__startswith": "gen-"},
    Track: {"summit__slug__startswith": "gen-"},
    SessionRole: {"event__slug__startswith": "gen-"},
    Delegation: {"slug__startswith": "gen-"},
    Destination: {"delegation__slug__startswith": "gen-"},
    DelegationEvent: {"delegation__slug__startswith": "gen-"},
    DelegationMember: {"delegation__slug__startswith": "gen-"},
    Report: {"slug__startswith": "gen-"},
    ReportAuthor: {"report__slug__startswith": "gen-"},
    ReportSection: {"report__slug__startswith": "gen-"},
    Recommendation: {"report__slug__startswith": "gen-"},
    FollowUpItem: {"report__slug__startswith": "gen-"},
}


def generated_rows(model):
    return model.objects.filter(**GENERATED[model])


def counts():
    return {model._meta.label: generated_rows(model).count() for model in GENERATED}


def test_generated_data_writes_no_history():
    generate()
    generate(clear=True)

    assert {model._meta.label: model.history.count() for model in GENERATED} == dict.fromkeys(
        (model._meta.label for model in GENERATED), 0
    )


def test_generate_demo_data_makes_the_expected_counts_in_the_expected_ratios(generated):
    assert generated_rows(Report).count() == REPORTS
    assert generated_rows(Delegation).count() == REPORTS
    assert generated_rows(Person).count() == SIZE.people
    assert generated_rows(Organization).count() == SIZE.organizations
    assert generated_rows(Event).filter(kind=EventKind.SUMMIT).count() == SIZE.summits
    sessions = generated_rows(Event).exclude(kind=EventKind.SUMMIT)
    assert sessions.count() == SIZE.sessions == 2 * REPORTS
    # About 3 roles a session, 10 roster rows a delegation (3 to 25).
    assert 2 * SIZE.sessions <= generated_rows(SessionRole).count() <= 4 * SIZE.sessions
    roster = generated_rows(DelegationMember)
    assert 7 * REPORTS <= roster.count() <= 13 * REPORTS
    sizes = Delegation.objects.filter(slug__startswith="gen-").annotate(n=Count("members"))
    assert {row.n for row in sizes} <= set(range(3, 26))
    # People are shared between delegations.
    assert roster.values("person").annotate(n=Count("delegation")).filter(n__gt=1).exists()
    reports = generated_rows(Report).annotate(
        n_sections=Count("sections", distinct=True),
        n_recommendations=Count("recommendations", distinct=True),
        n_follow_ups=Count("follow_up_items", distinct=True),
        n_keywords=Count("keywords", distinct=True),
    )
    for report in reports:
        assert 4 <= report.n_sections <= 8
        assert 2 <= report.n_recommendations <= 5
        assert 0 <= report.n_follow_ups <= 3
        assert 3 <= report.n_keywords <= 8
        assert report.report_date > report.delegation.return_date
    published = generated_rows(Report).filter(status=PublicationStatus.PUBLISHED).count()
    assert 0.8 * REPORTS <= published < REPORTS + 1
    # Some delegations attended a summit and some of its sessions.
    assert generated_rows(DelegationEvent).filter(event__kind=EventKind.SUMMIT).exists()
    assert "rows/s" in generated


def test_generated_rows_keep_every_constraint(generated):
    # The database checks the foreign keys it defers to the end of a transaction now.
    connection.check_constraints()
    for model in GENERATED:
        rows = list(generated_rows(model).order_by("pk")[:25])
        assert rows, model
        for row in rows:
            row.full_clean()
    for keyword in Keyword.objects.filter(name__in=keyword_vocabulary())[:25]:
        keyword.full_clean()
    assert not generated_rows(Report).filter(status=PublicationStatus.PUBLISHED, published_at=None).exists()


def test_generated_rows_hold_what_save_would_have_derived(generated):
    for person in generated_rows(Person):
        assert (person.name_zh, person.name_en) == (clean_text(person.name_zh), clean_text(person.name_en))
        assert (person.name_zh_key, person.name_en_key) == (
            name_key(person.name_zh),
            name_key(person.name_en),
        )
    for other in generated_rows(PersonName):
        assert other.key == name_key(other.name)
    for organization in generated_rows(Organization):
        assert organization.name_zh_key == name_key(organization.name_zh)
        assert organization.name_en_key == name_key(organization.name_en)
    for short in generated_rows(OrganizationName):
        assert short.key == name_key(short.name)
    for event in generated_rows(Event).exclude(kind=EventKind.SUMMIT).select_related("parent", "summit"):
        assert event.summit == event.find_summit()
        assert event.time_zone == event.summit.time_zone
    # Nested sessions are there, and belong to their parent's summit.
    assert generated_rows(Event).filter(parent__kind=EventKind.SESSION).exists()


def test_generated_orders_run_from_one_in_each_delegation_and_report(generated):
    for model, parent in [
        (DelegationMember, "delegation"),
        (ReportSection, "report"),
        (Recommendation, "report"),
    ]:
        orders = defaultdict(list)
        for parent_id, order in generated_rows(model).order_by(parent, "order").values_list(parent, "order"):
            orders[parent_id].append(order)
        assert len(orders) == REPORTS
        for numbers in orders.values():
            assert numbers == list(range(1, len(numbers) + 1))
    first_rows = generated_rows(DelegationMember).filter(order=1)
    assert set(first_rows.values_list("role", flat=True)) == {"head"}


def test_a_second_run_without_clear_refuses_and_changes_nothing(generated):
    before = counts()
    with pytest.raises(CommandError, match="--clear"):
        generate(seed=8)
    assert counts() == before


def test_clear_replaces_the_generated_data(generated):
    before = counts()
    old_reports = set(generated_rows(Report).values_list("pk", flat=True))
    old_people = set(generated_rows(Person).values_list("pk", flat=True))
    generate(seed=8, clear=True)
    assert not Report.objects.filter(pk__in=old_reports).exists()
    assert not Person.objects.filter(pk__in=old_people).exists()
    after = counts()
    assert after["reports.Report"] == before["reports.Report"] == REPORTS
    assert after["people.Person"] == before["people.Person"] == SIZE.people


def archive():
    """What the generator made, without the ids and times the database gives it: a value made
    from an id would differ after --clear, which gives new ids."""
    return {
        "reports": list(generated_rows(Report).order_by("slug").values_list("slug", "title", "abstract")),
        "roster": list(
            generated_rows(DelegationMember)
            .order_by("delegation__slug", "order")
            .values_list("delegation__slug", "order", "person__slug", "name_as_printed", "title", "email")
        ),
        "sessions": list(
            generated_rows(Event).order_by("slug").values_list("slug", "title_en", "title_zh", "starts_at")
        ),
        "roles": list(
            generated_rows(SessionRole)
            .order_by("event__slug", "order")
            .values_list("person__slug", "name_as_printed", "affiliation_as_printed", "role")
        ),
        "people": list(generated_rows(Person).order_by("slug").values_list("name_zh", "name_en")),
    }


def test_the_same_seed_gives_the_same_archive(generated):
    first = archive()
    generate(clear=True)
    assert archive() == first
    generate(seed=8, clear=True)
    assert archive()["reports"] != first["reports"]


def demo_snapshot(pks):
    return {
        model: list(model.objects.filter(pk__in=pks[model]).order_by("pk").values())
        for model in [*GENERATED, Keyword, SourceNote]
    }


def test_clear_leaves_the_demo_data_untouched(demo_copy):
    demo_copy.restore()
    demo_pks = {
        model: set(model.objects.values_list("pk", flat=True)) for model in [*GENERATED, Keyword, SourceNote]
    }
    before = demo_snapshot(demo_pks)
    generate()
    # The demo loader finds its own records again: no generated name is taken for a real one.
    assert {change: n for change, n in load_demo_data().items() if n} == {}
    after_generation = demo_snapshot(demo_pks)
    generate(seed=8, clear=True)
    assert demo_snapshot(demo_pks) == after_generation
    # Generating changed no demo row, bar the search documents the search index rebuild keeps.
    for model, rows in before.items():
        strip = [{k: v for k, v in row.items() if k != "search_document"} for row in rows]
        assert strip == [
            {k: v for k, v in row.items() if k != "search_document"} for row in after_generation[model]
        ]
    assert Report.objects.exclude(slug__startswith="gen-").count() == 2


def test_demo_data_loaded_after_generation_links_only_to_demo_records(generated):
    load_demo_data()
    demo_members = DelegationMember.objects.exclude(delegation__slug__startswith="gen-")
    assert demo_members.count() == 19 + 9
    assert not demo_members.filter(person__slug__startswith="gen-").exists()
    assert not demo_members.filter(organization__slug__startswith="gen-").exists()
    demo_roles = SessionRole.objects.exclude(event__slug__startswith="gen-")
    assert not demo_roles.filter(person__slug__startswith="gen-").exists()
    assert not demo_roles.filter(organization__slug__startswith="gen-").exists()
