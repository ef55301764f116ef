"""The person and organisation add forms: a name that is probably an existing record's is shown
again with the candidates and their evidence, and saves only when staff say it is a different
one; a name with no candidate saves as before."""

import datetime

import pytest
from django.urls import reverse

from people.models import Organization, Person
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def english_admin(client):
    """The admin in English, as these tests read it."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


PERSON_ADD = "admin:people_person_add"
ORGANISATION_ADD = "admin:people_organization_add"


def person_form(name_zh="", name_en="", slug="new-person", other_names=(), **extra):
    data = {
        "name_zh": name_zh,
        "name_en": name_en,
        "slug": slug,
        "biography": "",
        "other_names-TOTAL_FORMS": str(len(other_names)),
        "other_names-INITIAL_FORMS": "0",
        "reports-sourcenote-content_type-object_id-TOTAL_FORMS": "0",
        "reports-sourcenote-content_type-object_id-INITIAL_FORMS": "0",
        **extra,
    }
    for index, name in enumerate(other_names):
        data.update(
            {
                f"other_names-{index}-name": name,
                f"other_names-{index}-language": "en",
                f"other_names-{index}-kind": "alternate",
                f"other_names-{index}-note": "",
            }
        )
    return data


def organisation_form(name_zh="", name_en="", slug="new-organisation", **extra):
    return {
        "name_zh": name_zh,
        "name_en": name_en,
        "slug": slug,
        "kind": "",
        "country": "",
        "parent": "",
        "website": "",
        "description": "",
        "other_names-TOTAL_FORMS": "0",
        "other_names-INITIAL_FORMS": "0",
        "reports-sourcenote-content_type-object_id-TOTAL_FORMS": "0",
        "reports-sourcenote-content_type-object_id-INITIAL_FORMS": "0",
        **extra,
    }


@pytest.fixture
def kao():
    """高嘉良 on a roster of 國家發展委員會 in 2016 and speaking at a session."""
    kao = f.make_person(name_zh="高嘉良", name_en="Kao Chia-liang", slug="kao")
    agency = f.make_organization(name_zh="國家發展委員會", name_en="National Development Council")
    delegation = f.make_delegation(
        title="出席開放政府夥伴關係全球峰會", departure_date=datetime.date(2016, 12, 5)
    )
    f.make_member(person=kao, organization=agency, title="處長", delegation=delegation)
    f.make_session_role(person=kao, event=f.make_session(title_en="Open Parliament Workshop"))
    return kao


def test_a_likely_duplicate_is_shown_with_its_evidence_and_nothing_is_saved(admin_client, kao):
    response = admin_client.post(reverse(PERSON_ADD), person_form(name_en="Chia-liang Kao"))

    assert response.status_code == 200
    assert not Person.objects.filter(slug="new-person").exists()
    text = response.text
    assert "The archive probably already has this person" in text
    for evidence in [
        "高嘉良",
        "Kao Chia-liang",
        "a romanisation of the Chinese name",
        "國家發展委員會",
        "處長",
        "2016",
        "出席開放政府夥伴關係全球峰會",
        "Open Parliament Workshop",
        "not public",
        "This is a different person: save it anyway",
    ]:
        assert evidence in text
    assert reverse("admin:people_person_change", args=[kao.pk]) in text


def test_the_duplicate_saves_once_staff_say_it_is_a_different_person(admin_client, kao):
    response = admin_client.post(reverse(PERSON_ADD), person_form(name_zh="高嘉良", not_a_duplicate="on"))

    assert response.status_code == 302
    assert Person.objects.filter(name_zh="高嘉良").count() == 2


def test_a_name_with_no_candidate_saves_at_once(admin_client, kao):
    response = admin_client.post(reverse(PERSON_ADD), person_form(name_zh="林美華", name_en="Lin Mei-hua"))

    assert response.status_code == 302
    assert Person.objects.filter(slug="new-person").exists()


def test_an_inline_other_name_is_checked_too(admin_client, kao):
    response = admin_client.post(
        reverse(PERSON_ADD), person_form(name_zh="林美華", other_names=["KAO, Chia Liang"])
    )

    assert response.status_code == 200
    assert "through another name" in response.text
    assert not Person.objects.filter(slug="new-person").exists()


def test_same_name_at_different_agencies_shows_both(admin_client):
    for agency_name in ("外交部", "法務部"):
        namesake = f.make_person(name_zh="王建國", name_en="")
        f.make_member(person=namesake, organization=f.make_organization(name_zh=agency_name))

    response = admin_client.post(reverse(PERSON_ADD), person_form(name_zh="王建國"))

    assert response.status_code == 200
    assert "same Chinese name" in response.text
    assert "外交部" in response.text
    assert "法務部" in response.text


def test_a_name_in_simplified_characters_is_a_variant(admin_client):
    f.make_person(name_zh="陳美延", name_en="")

    response = admin_client.post(reverse(PERSON_ADD), person_form(name_zh="陈美延"))

    assert response.status_code == 200
    assert "same Chinese name in variant or Simplified characters" in response.text


def test_a_homophone_is_no_candidate(admin_client):
    f.make_person(name_zh="陳美延", name_en="")

    response = admin_client.post(reverse(PERSON_ADD), person_form(name_zh="陳美言"))

    assert response.status_code == 302


def test_the_change_form_is_not_checked(admin_client, kao):
    other = f.make_person(name_zh="林美華", name_en="", slug="lin")

    response = admin_client.post(
        reverse("admin:people_person_change", args=[other.pk]), person_form(name_zh="林美華", slug="lin")
    )

    assert response.status_code == 302


def test_the_organisation_add_form_warns_of_a_likely_duplicate(admin_client, kao):
    response = admin_client.post(
        reverse(ORGANISATION_ADD), organisation_form(name_en="NATIONAL DEVELOPMENT COUNCIL")
    )

    assert response.status_code == 200
    assert "The archive probably already has this organisation" in response.text
    assert "same Latin name" in response.text
    assert not Organization.objects.filter(slug="new-organisation").exists()

    confirmed = admin_client.post(
        reverse(ORGANISATION_ADD),
        organisation_form(name_en="NATIONAL DEVELOPMENT COUNCIL", not_a_duplicate="on"),
    )

    assert confirmed.status_code == 302
    assert Organization.objects.filter(slug="new-organisation").exists()


def test_the_add_form_is_as_before_on_get(admin_client, kao):
    response = admin_client.get(reverse(PERSON_ADD))

    assert response.status_code == 200
    assert "not_a_duplicate" not in response.text
