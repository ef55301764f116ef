"""People and organisations found by a name in any spelling (Person.objects.matching), through
the matching keys their names give (core.names), kept current as names change."""

import pytest
from django.urls import reverse

from people.models import Organization, Person, PersonKey
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_person_is_matched_by_any_romanisation_of_the_chinese_name():
    kao = f.make_person(name_zh="高嘉良", name_en="")

    for printed in ("Kao Chia-liang", "Chia-liang Kao", "CHIA LIANG KAO", "Gao Jialiang", "高嘉良"):
        assert list(Person.objects.matching(printed)) == [kao], printed
    assert list(Person.objects.matching("Kao Chia-ming")) == []


def test_a_homophone_is_not_matched():
    f.make_person(name_zh="陳美延", name_en="")

    assert list(Person.objects.matching("陳美言")) == []


def test_an_other_name_recorded_later_matches_and_a_removed_one_stops_matching():
    tang = f.make_person(name_zh="唐鳳", name_en="")
    assert list(Person.objects.matching("Audrey Tang")) == []

    alias = f.make_person_name(person=tang, name="Audrey Tang")
    assert list(Person.objects.matching("audrey TANG")) == [tang]
    assert list(Person.objects.matching("Tang, Audrey")) == [tang]

    alias.delete()
    assert list(Person.objects.matching("Audrey Tang")) == []
    assert not PersonKey.objects.filter(key__contains="audrey").exists()


def test_renaming_a_person_changes_the_keys():
    person = f.make_person(name_zh="", name_en="Óscar Escobar")
    assert list(Person.objects.matching("Oscar Escobar")) == [person]

    person.name_en = "Oscar Escobedo"
    person.save()
    assert list(Person.objects.matching("Oscar Escobar")) == []
    assert list(Person.objects.matching("OSCAR ESCOBEDO")) == [person]


def test_two_people_of_one_name_are_both_matched():
    first = f.make_person(name_zh="王小明", name_en="")
    second = f.make_person(name_zh="王小明", name_en="")

    assert set(Person.objects.matching("王小明")) == {first, second}


def test_an_organisation_is_matched_in_simplified_characters_and_any_case():
    ndc = f.make_organization(name_zh="國家發展委員會", name_en="National Development Council")

    assert list(Organization.objects.matching("国家发展委员会")) == [ndc]
    assert list(Organization.objects.matching("national development council")) == [ndc]
    assert list(Organization.objects.matching("Development Council National")) == []


def test_the_admin_change_list_finds_a_person_in_any_spelling(admin_client):
    kao = f.make_person(name_zh="高嘉良", name_en="")
    f.make_person(name_zh="高嘉明", name_en="")

    page = admin_client.get(reverse("admin:people_person_changelist"), {"q": "Kao Chia-liang"})

    assert list(page.context["cl"].result_list) == [kao]


def test_a_chinese_name_does_not_meet_a_homophone_through_its_english_name():
    chen = f.make_person(name_zh="陳美延", name_en="Chen Mei-yen")
    romanised_only = f.make_person(name_zh="", name_en="Mei-yen Chen")

    assert set(Person.objects.matching("陳美言")) == {romanised_only}
    assert set(Person.objects.matching("陳美延")) == {chen, romanised_only}
