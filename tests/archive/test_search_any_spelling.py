"""Names found in any spelling (issue 15, point 5) on the public search and the people list,
over the demo data: romanisations generated from the Chinese names the reports print, accents
folded, Simplified read as Traditional, and an English name that staff record in the admin."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from people.models import Person

pytestmark = pytest.mark.django_db


def person_links(client, url_name, query, language="en"):
    """The people a visitor sees linked from the page for `query`: their slugs."""
    with translation.override(language):
        url = reverse(url_name)
        prefix = reverse("people:person-list")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return set(re.findall(rf'href="{re.escape(prefix)}([\w-]+)/"', response.content.decode()))


@pytest.mark.parametrize("query", ["Chen Mei-yen", "Mei-Yen Chen", "chen meiyan", "陳美延", "陈美延"])
def test_chen_mei_yen_is_found_in_any_spelling(client, demo, query):
    # The reports print her only as 陳美延: every romanisation is generated, none typed.
    assert not Person.objects.get(slug="chen-mei-yen").name_en
    assert "chen-mei-yen" in person_links(client, "search", query)
    assert "chen-mei-yen" in person_links(client, "people:person-list", query, language="zh-hant")


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Tseng Po-yu", "tseng-po-yu"),  # 曾 read zeng: Wade–Giles tseng
        ("Zeng Boyu", "tseng-po-yu"),
        ("Lu Chia-hua", "lu-chia-hua"),  # printed LÜ, Chia-Hua
        ("Gao Jialiang", "kao-chia-liang"),  # printed Chia-liang Kao
        ("CHIA LIANG KAO", "kao-chia-liang"),
        ("Oscar Escobar", "oscar-escobar"),  # printed Óscar Escobar
        ("Jeremy Lachal", "jeremy-lachal"),  # printed Jérémy Lachal
    ],
)
def test_people_are_found_by_romanisations_and_without_accents(client, demo, query, slug):
    person = Person.objects.get(slug=slug)
    assert person.is_public
    assert slug in person_links(client, "search", query)
    assert slug in person_links(client, "people:person-list", query)


def test_a_homophone_or_another_given_name_does_not_find_her(client, demo):
    assert "chen-mei-yen" not in person_links(client, "search", "Chen Mei-ling")
    assert "chen-mei-yen" not in person_links(client, "search", "Lin Mei-yen")


def test_audrey_tang_is_found_once_staff_record_the_name(client, demo, admin_client):
    tang = Person.objects.get(name_zh="唐鳳")
    assert tang.slug not in person_links(client, "search", "Audrey Tang")

    # The staff journey: the person's change form in the admin, one other name added inline.
    change = reverse("admin:people_person_change", args=[tang.pk])
    assert admin_client.get(change).status_code == 200
    response = admin_client.post(
        change,
        {
            "name_zh": tang.name_zh,
            "name_en": tang.name_en,
            "slug": tang.slug,
            "biography": tang.biography,
            "other_names-TOTAL_FORMS": "1",
            "other_names-INITIAL_FORMS": "0",
            "other_names-0-name": "Audrey Tang",
            "other_names-0-language": "en",
            "other_names-0-kind": "alternate",
            "other_names-0-note": "",
            # The source and correction notes' inline, left empty.
            "reports-sourcenote-content_type-object_id-TOTAL_FORMS": "0",
            "reports-sourcenote-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302

    for query in ("Audrey Tang", "audrey tang", "Tang, Audrey", "唐鳳"):
        assert tang.slug in person_links(client, "search", query), query
        assert tang.slug in person_links(client, "people:person-list", query), query


def test_simplified_chinese_finds_traditional_text(client, demo):
    with translation.override("en"):
        response = client.get(reverse("search"), {"q": "国会"})
        traditional = client.get(reverse("search"), {"q": "國會"})
    assert response.status_code == 200
    with translation.override("en"):
        report_prefix = reverse("reports:report-list")
    reports = set(re.findall(rf'href="{re.escape(report_prefix)}([\w-]+)/"', response.content.decode()))
    assert reports
    assert reports == set(
        re.findall(rf'href="{re.escape(report_prefix)}([\w-]+)/"', traditional.content.decode())
    )
