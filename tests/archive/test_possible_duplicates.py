"""The possible-duplicates list: pairs found by blocking on name keys, ranked by evidence, "not
the same" remembered, for reviewers only, kept current by saves."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.duplicates import find_all
from archive.models import DuplicateKind, NotDuplicate, PossibleDuplicate
from people.models import Person
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def english_admin(client):
    """The admin in English, as these tests read it (the list test in Chinese asks for it)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


PEOPLE_LIST = "admin:people_person_possible_duplicates"
ORGANISATIONS_LIST = "admin:people_organization_possible_duplicates"


def person(name_zh="", name_en=""):
    return f.make_person(name_zh=name_zh, name_en=name_en)


def pairs(kind=DuplicateKind.PERSON):
    return {
        (pair.first, pair.second): pair.reasons
        for pair in PossibleDuplicate.objects.filter(kind=kind).order_by("-score", "first", "second")
    }


def pairs_among(*records, kind=DuplicateKind.PERSON):
    """The pairs of `records` only (the factories make further records, 測試人1, 測試人2, …,
    whose Chinese names are all 測試人)."""
    ids = {record.pk for record in records}
    return [(pair, reasons) for pair, reasons in pairs(kind).items() if set(pair) <= ids]


def pair_of(a, b):
    return (min(a.pk, b.pk), max(a.pk, b.pk))


@pytest.fixture
def reviewer(client, django_user_model):
    user = django_user_model.objects.create_user(username="reviewer", password=None, is_staff=True)
    user.groups.add(Group.objects.get(name="審核 Reviewer"))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user(username="editor", password=None, is_staff=True)
    user.groups.add(Group.objects.get(name="編輯 Editor"))
    client.force_login(user)
    return client


def test_same_chinese_name_is_a_pair():
    a, b = person("高嘉良"), person("高嘉良")

    find_all(DuplicateKind.PERSON)

    assert pairs() == {pair_of(a, b): ["same-chinese"]}


def test_variant_and_simplified_characters_are_a_pair():
    a, b = person("黃臺生"), person("黃台生")
    c, d = person("陳美延"), person("陈美延")

    find_all(DuplicateKind.PERSON)

    assert pairs() == {pair_of(a, b): ["variant-chinese"], pair_of(c, d): ["variant-chinese"]}


def test_a_romanisation_of_a_chinese_name_meets_the_latin_name():
    chinese, latin = person("高嘉良"), person(name_en="Chia-liang Kao")

    find_all(DuplicateKind.PERSON)

    assert pairs() == {pair_of(chinese, latin): ["romanisation"]}


def test_the_same_latin_name_in_any_case_accents_and_order():
    a, b = person(name_en="Óscar Escobar"), person(name_en="ESCOBAR, Oscar")

    find_all(DuplicateKind.PERSON)

    assert pairs() == {pair_of(a, b): ["same-latin"]}


def test_a_match_through_another_name_ranks_lowest():
    a = person("傅美玉", "Mei-yu Fu")
    f.make_person_name(person=a, name="Judy Ju")
    b = person(name_en="Judy Ju")
    c, d = person(name_en="Marisa Miodosky"), person(name_en="Marisa Miodosky")

    find_all(DuplicateKind.PERSON)

    assert list(pairs().items()) == [(pair_of(c, d), ["same-latin"]), (pair_of(a, b), ["other-name"])]


def test_homophones_and_different_names_are_not_paired():
    person("陳美延"), person("陳美言"), person(name_en="Audrey Tang"), person(name_en="Tang Audreyx")

    find_all(DuplicateKind.PERSON)

    assert pairs() == {}


def test_a_shared_agency_ranks_higher_and_different_agencies_are_marked():
    agency, other_agency = (
        f.make_organization(name_zh="國家發展委員會"),
        f.make_organization(name_zh="外交部"),
    )
    same_a, same_b = person("林美華"), person("林美華")
    twin_a, twin_b = person("王建國"), person("王建國")
    for someone in (same_a, same_b, twin_a):
        f.make_member(person=someone, organization=agency)
    f.make_member(person=twin_b, organization=other_agency)

    find_all(DuplicateKind.PERSON)

    assert pairs_among(same_a, same_b, twin_a, twin_b) == [
        (pair_of(same_a, same_b), ["same-chinese", "shared-agency"]),
        (pair_of(twin_a, twin_b), ["same-chinese", "different-agencies"]),
    ]


def test_a_key_too_common_to_tell_is_reported_not_paired(settings):
    settings.POSSIBLE_DUPLICATES_MAX_BLOCK = 2
    for _ in range(3):
        person("陳建國")
    a, b = person("高嘉良"), person("高嘉良")

    result = find_all(DuplicateKind.PERSON)

    assert pairs() == {pair_of(a, b): ["same-chinese"]}
    assert ("zh:陳建國", 3) in result.too_common


def test_organisations_pair_on_chinese_latin_and_other_names():
    a = f.make_organization(name_zh="國家發展委員會", name_en="National Development Council")
    b = f.make_organization(name_zh="國家發展委員會", name_en="")
    c = f.make_organization(name_zh="", name_en="Open Culture Foundation")
    d = f.make_organization(name_zh="開放文化基金會", name_en="")
    f.make_organization_name(organization=d, name="Open Culture Foundation")

    find_all(DuplicateKind.ORGANIZATION)

    assert pairs(DuplicateKind.ORGANIZATION) == {
        pair_of(a, b): ["same-chinese"],
        pair_of(c, d): ["other-name"],
    }


def test_the_command_lists_both_kinds():
    person("高嘉良"), person("高嘉良")
    f.make_organization(name_zh="外交部"), f.make_organization(name_zh="外交部")

    call_command("find_possible_duplicates", stdout=(out := io.StringIO()))

    assert "person: 1 possible pairs" in out.getvalue()
    assert "organization: 1 possible pairs" in out.getvalue()


def test_reviewer_sees_pairs_side_by_side_with_evidence(reviewer):
    agency = f.make_organization(name_zh="國家發展委員會")
    a, b = person("高嘉良", "Kao Chia-liang"), person("高嘉良")
    delegation = f.make_delegation(
        title="出席2016年開放政府夥伴關係全球峰會", departure_date=datetime.date(2016, 12, 5)
    )
    f.make_member(person=a, organization=agency, title="處長", delegation=delegation)
    f.make_session_role(person=b, event=f.make_session(title_en="Open Parliament"))
    find_all(DuplicateKind.PERSON)

    response = reviewer.get(reverse(PEOPLE_LIST))

    assert response.status_code == 200
    text = response.text
    for shown in [
        "same Chinese name",
        "Kao Chia-liang",
        "國家發展委員會",
        "處長",
        "2016",
        "出席2016年開放政府夥伴關係全球峰會",
    ]:
        assert shown in text
    assert "Open Parliament" in text
    assert reverse("admin:people_person_change", args=[a.pk]) in text
    changelist = reverse("admin:people_person_changelist")
    assert f'action="{changelist}"' in text
    assert 'name="action" value="merge_selected"' in text
    assert f'name="_selected_action" value="{min(a.pk, b.pk)}"' in text


def test_not_the_same_is_remembered_in_both_orders(reviewer):
    a, b = person("高嘉良"), person("高嘉良")
    find_all(DuplicateKind.PERSON)

    response = reviewer.post(
        reverse("admin:people_person_not_the_same"), {"first": max(a.pk, b.pk), "second": min(a.pk, b.pk)}
    )

    assert response.status_code == 302
    assert pairs() == {}
    assert NotDuplicate.objects.get().decided_by.username == "reviewer"
    find_all(DuplicateKind.PERSON)
    assert pairs() == {}
    assert "高嘉良" not in reviewer.get(reverse(PEOPLE_LIST)).text


def test_not_the_same_needs_a_post(reviewer):
    response = reviewer.get(reverse("admin:people_person_not_the_same"), {"first": 1, "second": 2})

    assert response.status_code == 405


@pytest.mark.parametrize("url", [PEOPLE_LIST, ORGANISATIONS_LIST])
def test_an_editor_may_not_see_the_list(editor, url):
    assert editor.get(reverse(url)).status_code == 403


def test_an_editor_may_not_mark_a_pair(editor):
    a, b = person("高嘉良"), person("高嘉良")
    find_all(DuplicateKind.PERSON)

    response = editor.post(reverse("admin:people_person_not_the_same"), {"first": a.pk, "second": b.pk})

    assert response.status_code == 403
    assert not NotDuplicate.objects.exists()


def test_organisations_tab_lists_organisation_pairs(reviewer):
    f.make_organization(name_zh="外交部", name_en="Ministry of Foreign Affairs")
    f.make_organization(name_zh="外交部", name_en="")
    find_all(DuplicateKind.ORGANIZATION)

    text = reviewer.get(reverse(ORGANISATIONS_LIST)).text

    assert "Ministry of Foreign Affairs" in text
    assert reverse("admin:people_organization_changelist") in text


def test_an_admin_save_refreshes_the_pairs_of_that_record(admin_client):
    a = person("高嘉良")
    b = person("林美華")
    find_all(DuplicateKind.PERSON)
    assert pairs() == {}

    response = admin_client.post(
        reverse("admin:people_person_change", args=[b.pk]),
        {
            "name_zh": "林美華",
            "name_en": "",
            "slug": b.slug,
            "biography": "",
            "other_names-TOTAL_FORMS": "1",
            "other_names-INITIAL_FORMS": "0",
            "other_names-0-name": "Kao Chia-liang",
            "other_names-0-language": "en",
            "other_names-0-kind": "alternate",
            "other_names-0-note": "",
            "reports-sourcenote-content_type-object_id-TOTAL_FORMS": "0",
            "reports-sourcenote-content_type-object_id-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert pairs() == {pair_of(a, b): ["other-name"]}


def test_the_list_page_runs_a_fixed_number_of_queries(reviewer):
    agency = f.make_organization()

    def queries_with(count):
        for _ in range(count):
            name = "林" + chr(0x5000 + f.serial())  # a Chinese name of its own
            first, second = person(name), person(name)
            f.make_member(person=first, organization=agency)
            f.make_session_role(person=second)
        find_all(DuplicateKind.PERSON)
        with CaptureQueriesContext(connection) as queries:
            assert reviewer.get(reverse(PEOPLE_LIST)).status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(10)


def test_the_people_list_links_reviewers_to_the_possible_duplicates(reviewer):
    text = reviewer.get(reverse("admin:people_person_changelist")).text

    assert reverse(PEOPLE_LIST) in text


def test_the_people_list_offers_an_editor_no_link(editor):
    response = editor.get(reverse("admin:people_person_changelist"))

    assert response.status_code == 200
    assert reverse(PEOPLE_LIST) not in response.text


def test_the_list_is_in_traditional_chinese(reviewer):
    person("高嘉良"), person("高嘉良")
    find_all(DuplicateKind.PERSON)

    text = reviewer.get(reverse(PEOPLE_LIST), HTTP_ACCEPT_LANGUAGE="zh-hant").text

    assert "可能重複的紀錄" in text
    assert "中文姓名相同" in text
    assert "不是同一對象" in text


def test_an_import_refreshes_the_pairs_of_the_people_it_wrote(tmp_path):
    latin = person(name_en="Lin Chu-sui")
    f.make_delegation(slug="ogp-2016-paris")
    roster = tmp_path / "roster.csv"
    roster.write_text("序號,單位,姓名,職稱\n1,國家發展委員會,林菊穗,分析師\n", encoding="cp950")

    # The import asks about Lin Chu-sui; told to make a new person, it does, and the pair is then
    # listed for a reviewer.
    call_command(
        "import_roster",
        str(roster),
        delegation="ogp-2016-paris",
        possible_duplicates="new",
        stdout=io.StringIO(),
    )

    imported = Person.objects.get(name_zh="林菊穗")
    assert pairs_among(latin, imported) == [(pair_of(latin, imported), ["romanisation"])]
