"""The Popolo export: valid against the Popolo schemas, true to the demo data, public only."""

import datetime
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft3Validator
from referencing import Registry
from referencing.jsonschema import DRAFT3

from archive.popolo import popolo_document, popolo_memberships, popolo_organizations, popolo_people
from people.models import Organization, Person
from reports.models import DelegationMember, PublicationStatus
from tests import factories as f

# The Popolo 1.0.1 schemas, copied into the project (tests/data/popolo/README.md says whence).
POPOLO_SCHEMAS = Path(__file__).parents[1] / "data" / "popolo"
SCHEMA_URI = "http://www.popoloproject.com/schemas/{}.json"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schemas():
    """Draft-3 validators of the Popolo schemas, their $refs resolved from the local files."""
    registry = Registry().with_resources(
        (SCHEMA_URI.format(path.stem), DRAFT3.create_resource(json.loads(path.read_text(encoding="utf-8"))))
        for path in POPOLO_SCHEMAS.glob("*.json")
    )
    return {
        name: Draft3Validator(
            registry.contents(SCHEMA_URI.format(name)),
            registry=registry,
            format_checker=Draft3Validator.FORMAT_CHECKER,
        )
        for name in ("person", "organization", "membership")
    }


def errors(validator, items):
    return [
        f"{item.get('id')}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for item in items
        for error in validator.iter_errors(item)
    ]


def by_id(items):
    return {item["id"]: item for item in items}


@pytest.fixture(scope="module")
def document(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return popolo_document()


def test_popolo_schemas_reject_a_malformed_record(schemas):
    # The validators resolve the $refs between files and do reject: a passing export means something.
    assert errors(schemas["person"], [{"id": "x", "other_names": [{"name": 7}]}]) != []
    assert errors(schemas["membership"], [{"id": "x", "start_date": "2016/12/05"}]) != []
    assert errors(schemas["organization"], [{"id": "x", "links": [{"note": "no url"}]}]) != []


def test_popolo_document_of_the_demo_data_validates(document, schemas):
    assert len(document["persons"]) == Person.objects.public().count()
    assert len(document["organizations"]) == Organization.objects.public().count()
    assert len(document["memberships"]) == 27
    assert errors(schemas["person"], document["persons"]) == []
    assert errors(schemas["organization"], document["organizations"]) == []
    assert errors(schemas["membership"], document["memberships"]) == []


def test_popolo_document_is_json(document):
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document


def test_popolo_person_has_the_chinese_name_and_every_other_name(document):
    persons = by_id(document["persons"])

    assert persons["lu-chia-hua"]["name"] == "呂家華"
    assert {"name": "LÜ, Chia-Hua", "lang": "en", "note": "英文或羅馬拼音姓名"} in persons["lu-chia-hua"][
        "other_names"
    ]
    assert [(name["name"], name["lang"]) for name in persons["chu-fu-mei"]["other_names"]] == [
        ("Judy, Fumei Ju", "en"),
        ("Judy, Fu-meei Ju", "en"),
    ]
    assert persons["aaron-wytze"]["name"] == "Aaron Wytze"
    assert "other_names" not in persons["aaron-wytze"]


def test_popolo_person_misspelling_carries_its_note(document):
    names = by_id(document["persons"])["marisa-miodosky"]["other_names"]

    modosky = next(name for name in names if name["name"] == "Marisa Modosky")
    assert modosky["lang"] == "en"
    assert 'prints "Marisa Modosky"' in modosky["note"]


def test_popolo_memberships_of_a_person_are_their_roster_rows(document):
    memberships = [m for m in document["memberships"] if m["person_id"] == "peng-chi-ming"]

    assert [
        (m["organization_id"], m["role"], m["label"], m["start_date"], m["end_date"]) for m in memberships
    ] == [
        (
            "open-government-task-force",
            "委員",
            "行政院開放政府國家行動方案推動小組 委員",
            "2023-09-04",
            "2023-09-10",
        ),
        ("open-data-alliance", "會長", "開放資料聯盟 會長", "2016-12-05", "2016-12-11"),
    ]
    assert [m["id"] for m in memberships] == [
        "ogp-2023-tallinn/peng-chi-ming",
        "ogp-2016-paris/peng-chi-ming",
    ]


def test_popolo_memberships_point_at_exported_people_and_organisations(document):
    persons = by_id(document["persons"])
    organizations = by_id(document["organizations"])

    for membership in document["memberships"]:
        assert membership["person_id"] in persons
        assert membership["organization_id"] in organizations


def test_popolo_roster_row_without_an_organisation_is_no_membership(document):
    # 2016 row 19 prints a description of 呂家華 where the unit goes.
    assert [m for m in document["memberships"] if m["person_id"] == "lu-chia-hua"] == []


def test_popolo_organization_has_its_parent_kind_country_and_short_names(document):
    organizations = by_id(document["organizations"])
    unit = organizations["ndc-social-development"]

    assert unit["name"] == "國家發展委員會社會發展處"
    assert organizations[unit["parent_id"]]["name"] == "國家發展委員會"
    assert unit["classification"] == "government"
    assert unit["area_id"] == "ocd-division/country:tw"
    assert unit["area"] == {"id": "ocd-division/country:tw", "identifier": "TW", "classification": "country"}
    assert [name["name"] for name in unit["other_names"]] == ["社會發展處"]
    assert "parent_id" not in organizations["ndc"]


def test_popolo_organization_has_its_english_name_and_acronym(document):
    ocf = by_id(document["organizations"])["open-culture-foundation"]

    assert ocf["name"] == "開放文化基金會"
    assert [(name["name"], name["lang"]) for name in ocf["other_names"]] == [
        ("Open Culture Foundation", "en"),
        ("OCF", "en"),
    ]


def published_trip(agency, person, unit, **member):
    delegation = f.make_delegation(organising_agency=agency)
    f.make_report(delegation=delegation, agency=agency, status=PublicationStatus.PUBLISHED)
    return f.make_member(delegation=delegation, person=person, organization=unit, **member)


def test_popolo_document_leaves_out_a_draft_reports_people_and_organisations(demo):
    agency = f.make_organization(name_zh="草稿機關", slug="draft-agency")
    unit = f.make_organization(name_zh="草稿處", slug="draft-unit", parent=agency)
    delegation = f.make_delegation(organising_agency=agency)
    f.make_report(delegation=delegation, agency=agency, status=PublicationStatus.DRAFT)
    f.make_member(delegation=delegation, person=f.make_person(slug="draft-member"), organization=unit)

    document = popolo_document()

    assert "draft-member" not in by_id(document["persons"])
    assert {"draft-agency", "draft-unit"} & set(by_id(document["organizations"])) == set()
    assert [m for m in document["memberships"] if m["person_id"] == "draft-member"] == []
    assert set(by_id(document["persons"])) == set(Person.objects.public().values_list("slug", flat=True))


def test_popolo_document_never_holds_phones_or_emails(demo):
    agency = f.make_organization(slug="agency")
    member = published_trip(
        agency, f.make_person(slug="member"), agency, phone="+886 2 2316 5300", email="member@example.org"
    )
    member.delegation.contact_phone = "+886 2 1234 5678"
    member.delegation.contact_person = member.person
    member.delegation.save()

    text = json.dumps(popolo_document(), ensure_ascii=False)

    assert "member" in by_id(popolo_document()["persons"])
    for private in ("2316 5300", "1234 5678", "member@example.org"):
        assert private not in text


def test_popolo_organization_names_no_parent_that_is_not_public():
    ministry = f.make_organization(slug="ministry")
    department = f.make_organization(slug="department", parent=ministry)
    section = f.make_organization(slug="section", parent=department)
    published_trip(section, f.make_person(), section)

    public = Organization.objects.public().filter(slug__in=["ministry", "department", "section"])
    organizations = by_id(popolo_organizations(public))

    assert set(organizations) == {"section", "department"}
    assert organizations["section"]["parent_id"] == "department"
    assert "parent_id" not in organizations["department"]


def test_popolo_links_to_pages_when_given_a_url_builder():
    person = f.make_person(slug="linked")

    [linked] = popolo_people([person], url_for=lambda obj: f"https://archive.example.tw/people/{obj.slug}/")
    [unrouted] = popolo_people([person], url_for=lambda obj: reverse("no-such-page"))

    assert linked["links"] == [{"url": "https://archive.example.tw/people/linked/", "note": "人物"}]
    assert "links" not in unrouted


def test_popolo_organization_website_is_a_link():
    org = f.make_organization(website="https://ocf.tw/")

    [data] = popolo_organizations([org])

    assert data["links"] == [{"url": "https://ocf.tw/", "note": "網站"}]


def count_queries(function, *args):
    with CaptureQueriesContext(connection) as queries:
        function(*args)
    return len(queries)


def test_popolo_queries_do_not_grow_with_the_number_of_rows(demo):
    members = DelegationMember.objects.public()
    organizations = Organization.objects.public()

    assert count_queries(popolo_people, Person.objects.filter(slug="chu-fu-mei")) == count_queries(
        popolo_people, Person.objects.public()
    )
    assert count_queries(
        popolo_organizations, organizations.filter(slug="ndc-social-development")
    ) == count_queries(popolo_organizations, organizations)
    assert count_queries(
        popolo_memberships, members.filter(person__slug="peng-chi-ming")[:1]
    ) == count_queries(popolo_memberships, members)


def test_popolo_document_takes_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    # People and their names; organisations with parents, their names, which parents are
    # public; roster rows with person, organisation and delegation, the published reports.
    with django_assert_max_num_queries(7):
        popolo_document()


def test_popolo_membership_dates_are_the_trip(demo):
    agency = f.make_organization()
    member = published_trip(agency, f.make_person(), agency, title="")
    member.delegation.departure_date = datetime.date(2019, 5, 27)
    member.delegation.return_date = datetime.date(2019, 5, 31)
    member.delegation.save()

    [membership] = popolo_memberships([member])

    assert (membership["start_date"], membership["end_date"]) == ("2019-05-27", "2019-05-31")
    assert "role" not in membership
    assert membership["label"] == agency.name_zh
