"""Issue 15, point 2: a roster row whose person is probably one already in the archive (another
spelling of their name, or the same name at another agency: 同名同姓) is shown with the evidence
and linked or created only as staff choose, in the admin and on the command line."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from core.imports import BEST, NEW_PERSON
from core.spreadsheets.reading import read_table
from people.models import Person
from reports.models import DelegationMember
from reports.roster_io import RosterImport
from tests import factories as f
from tests.archive.test_import_admin import import_url, process_url, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "序號,單位,姓名,職稱\n"


def run(delegation, content, *, dry_run=False, **options):
    return RosterImport(delegation, **options).run(read_table(content.encode()), dry_run=dry_run)


def row(name, unit="國家發展委員會", title="專員"):
    return f"{HEADER}1,{unit},{name},{title}\n"


def candidates(plan):
    """{name as printed: [(candidate's names, likeness)]} of the plan's possible duplicates."""
    return {
        duplicate.name: [(candidate.label, candidate.likeness) for candidate in duplicate.candidates]
        for duplicate in plan.duplicates
    }


@pytest.fixture
def ndc():
    return f.make_organization(name_zh="國家發展委員會", name_en="National Development Council", slug="ndc")


@pytest.fixture
def delegation():
    return f.make_delegation(
        title="出席2023年OGP全球高峰會",
        departure_date=datetime.date(2023, 9, 4),
        return_date=datetime.date(2023, 9, 9),
    )


def on_roster(person, unit, year, title="科長", public=False):
    """A roster row of `person` at `unit` on a trip of `year`."""
    trip = f.make_delegation(
        title=f"{year}年出國考察",
        departure_date=datetime.date(year, 5, 1),
        return_date=datetime.date(year, 5, 9),
    )
    if public:
        type(trip).objects.filter(pk=trip.pk).update(is_public=True)
    return f.make_member(
        delegation=trip, person=person, organization=unit, organization_as_printed=unit.name_zh, title=title
    )


# -- the rules: each a match and a near miss ------------------------------------------------------


def test_the_same_name_at_the_same_agency_links_as_before(ndc, delegation):
    person = f.make_person(name_zh="高嘉良", name_en="")
    on_roster(person, ndc, 2016)

    plan = run(delegation, row("高嘉良"))

    assert plan.duplicates == []
    assert delegation.members.get().person == person


def test_the_same_name_at_another_agency_is_shown_with_both_agencies_and_years(ndc, delegation):
    health = f.make_organization(name_zh="衛生福利部")
    person = f.make_person(name_zh="王小明", name_en="")
    on_roster(person, health, 2016, title="科長", public=True)
    people = Person.objects.count()

    preview = run(delegation, row("王小明"), dry_run=True)
    refused = run(delegation, row("王小明"))

    (duplicate,) = preview.duplicates
    assert (duplicate.name, duplicate.context) == ("王小明", "國家發展委員會")
    (candidate,) = duplicate.candidates
    assert candidate.pk == person.pk
    assert candidate.likeness == "the same name as printed: 王小明"
    assert candidate.evidence == ["2016 · 衛生福利部 · 科長 · 2016年出國考察 (public)"]
    assert not candidate.consistent
    assert "possibly a person already in the archive: choose below" in preview.rows[0].notes
    assert not refused.committed
    assert str(refused.problems[0]).startswith(
        "1 name(s) probably name people already in the archive (row 2 “王小明”)"
    )
    assert (DelegationMember.objects.filter(delegation=delegation).count(), Person.objects.count()) == (
        0,
        people,
    )


def test_the_same_name_with_no_other_agency_on_record_links(ndc, delegation):
    person = f.make_person(name_zh="王小明", name_en="")
    f.make_member(person=person, organization=None, organization_as_printed="")

    run(delegation, row("王小明"))

    assert delegation.members.get().person == person


@pytest.mark.parametrize("printed", ["林臺生", "林台生"])
def test_variant_characters_are_the_same_chinese_name(ndc, delegation, printed):
    stored = "林台生" if printed == "林臺生" else "林臺生"
    person = f.make_person(name_zh=stored, name_en="")

    plan = run(delegation, row(printed), dry_run=True)

    assert candidates(plan) == {printed: [(stored, f"the same Chinese name in variant characters: {stored}")]}
    assert plan.duplicates[0].candidates[0].pk == person.pk


def test_simplified_characters_are_the_same_chinese_name(ndc, delegation):
    f.make_person(name_zh="陳美延", name_en="")

    plan = run(delegation, row("陈美延"), dry_run=True)

    assert candidates(plan) == {
        "陈美延": [("陳美延", "the same Chinese name in Simplified or Traditional characters: 陳美延")]
    }


def test_another_chinese_name_is_no_match(ndc, delegation):
    f.make_person(name_zh="陳美延", name_en="")

    plan = run(delegation, row("陳美玲"))

    assert plan.duplicates == []
    assert delegation.members.get().person.name_zh == "陳美玲"


@pytest.mark.parametrize(
    "printed",
    ["Kao Chia-liang", "Chia-liang Kao", "CHIA LIANG KAO", "Gao Jialiang", "Jialiang Gao", "Gao Jia-liang"],
)
def test_a_romanisation_of_the_chinese_name_in_either_order(ndc, delegation, printed):
    person = f.make_person(name_zh="高嘉良", name_en="")

    plan = run(delegation, row(printed), dry_run=True)

    assert candidates(plan) == {printed: [("高嘉良", "a romanisation of the same name: 高嘉良")]}
    assert plan.duplicates[0].candidates[0].pk == person.pk


def test_a_tongyong_romanisation(ndc, delegation):
    f.make_person(name_zh="鄭志宏", name_en="")

    plan = run(delegation, row("Jheng Jhih-hong"), dry_run=True)

    assert candidates(plan) == {"Jheng Jhih-hong": [("鄭志宏", "a romanisation of the same name: 鄭志宏")]}


def test_a_chinese_name_meets_a_romanised_record(ndc, delegation):
    f.make_person(name_zh="", name_en="Chia-liang Kao")

    plan = run(delegation, row("高嘉良"), dry_run=True)

    assert candidates(plan) == {
        "高嘉良": [("Chia-liang Kao", "a romanisation of the same name: Chia-liang Kao")]
    }


def test_another_romanised_name_is_no_match(ndc, delegation):
    f.make_person(name_zh="高嘉良", name_en="")

    plan = run(delegation, row("Kao Chia-ming"))

    assert plan.duplicates == []
    assert delegation.members.get().person.name_en == "Kao Chia-ming"


def test_a_homophone_is_not_the_same_name(ndc, delegation):
    """陳美言 and 陳美延 romanise alike (Chen Mei-yen), and are two names."""
    existing = f.make_person(name_zh="陳美延", name_en="Chen Mei-yen")

    plan = run(delegation, row("陳美言"))

    assert plan.duplicates == []
    assert delegation.members.get().person != existing
    assert delegation.members.get().person.name_zh == "陳美言"


def test_a_latin_name_without_its_accents(ndc, delegation):
    f.make_person(name_zh="", name_en="Óscar Escobar")

    accents = run(delegation, row("Oscar Escobar"), dry_run=True)
    other = run(delegation, row("Oscar Estrada"), dry_run=True)

    assert candidates(accents) == {
        "Oscar Escobar": [("Óscar Escobar", "the same name in Latin letters: Óscar Escobar")]
    }
    assert other.duplicates == []


def test_a_recorded_other_name(ndc, delegation):
    tang = f.make_person(name_zh="唐鳳", name_en="")
    before = run(delegation, row("Audrey Tang"), dry_run=True)
    f.make_person_name(person=tang, name="Audrey Tang")

    reordered = run(delegation, row("TANG Audrey"), dry_run=True)
    exact = run(delegation, row("Audrey Tang"))

    assert before.duplicates == []  # Tang Feng is no romanisation of Audrey Tang
    assert candidates(reordered) == {
        "TANG Audrey": [
            ("唐鳳 (Audrey Tang)", "the same name in Latin letters: Audrey Tang (one of their further names)")
        ]
    }
    assert exact.duplicates == []
    assert delegation.members.get().person == tang


def test_a_romanised_row_at_the_candidates_agency_is_still_asked(ndc, delegation):
    """Only a name printed as the person's links without a choice: 高嘉良 and Gao Jialiang at
    the same agency are probably one person, and staff say so."""
    person = f.make_person(name_zh="高嘉良", name_en="")
    on_roster(person, ndc, 2016)

    plan = run(delegation, row("Gao Jialiang"), dry_run=True)

    (candidate,) = plan.duplicates[0].candidates
    assert candidate.consistent
    assert candidate.evidence == ["2016 · 國家發展委員會 · 科長 · 2016年出國考察 (not public)"]


# -- choosing --------------------------------------------------------------------------------------


def test_a_choice_links_the_row_and_adds_the_spelling_to_the_persons_names(ndc, delegation):
    person = f.make_person(name_zh="高嘉良", name_en="")
    people = Person.objects.count()

    plan = run(delegation, row("Kao Chia-liang"), choices={"2": str(person.pk)})

    assert plan.committed
    assert delegation.members.get().person == person
    assert delegation.members.get().name_as_printed == "Kao Chia-liang"
    person.refresh_from_db()
    assert person.name_en == "Kao Chia-liang"
    assert Person.objects.count() == people


def test_a_new_person_chosen_is_created(ndc, delegation):
    person = f.make_person(name_zh="王小明", name_en="")
    on_roster(person, f.make_organization(name_zh="衛生福利部"), 2016)

    plan = run(delegation, row("王小明"), choices={"2": NEW_PERSON})

    assert plan.committed
    assert delegation.members.get().person != person
    assert Person.objects.filter(name_zh="王小明").count() == 2


def test_a_choice_that_is_none_of_the_rows_candidates_is_refused(ndc, delegation):
    f.make_person(name_zh="高嘉良", name_en="")
    stranger = f.make_person(name_zh="林菊穗", name_en="")

    forged = run(delegation, row("Kao Chia-liang"), choices={"2": str(stranger.pk)})
    elsewhere = run(delegation, row("Kao Chia-liang"), choices={"2": NEW_PERSON, "3": NEW_PERSON})

    assert not forged.committed and not elsewhere.committed
    assert any("is none of the people shown for it" in str(problem) for problem in forged.problems)
    messages = [problem.message for problem in elsewhere.problems]
    assert "A choice was given for “3”, which names nobody already in the archive." in messages
    assert not delegation.members.exists()


def test_the_best_policy_takes_the_strongest_candidate(ndc, delegation):
    same_name = f.make_person(name_zh="王小明", name_en="")
    on_roster(same_name, f.make_organization(name_zh="衛生福利部"), 2016)
    f.make_person(name_zh="", name_en="Wang Hsiao-ming")

    plan = run(delegation, row("王小明"), policy=BEST)

    assert [c.label for c in plan.duplicates[0].candidates] == ["王小明", "Wang Hsiao-ming"]
    assert delegation.members.get().person == same_name


def test_the_new_policy_creates_a_new_person(ndc, delegation):
    kao = f.make_person(name_zh="高嘉良", name_en="")

    plan = run(delegation, row("Kao Chia-liang"), policy=NEW_PERSON)

    assert plan.committed and plan.duplicates[0].choice == NEW_PERSON
    assert delegation.members.get().person != kao


# -- the admin ---------------------------------------------------------------------------------------


@pytest.fixture
def importer(client, django_user_model, import_folder):
    user = django_user_model.objects.create_user(username="importer", password=None, is_staff=True)
    codenames = ["view_delegation", "view_delegationmember", "change_delegationmember", "import_roster"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def admin_preview(client, delegation, content):
    return client.post(
        import_url(), {"delegation": delegation.pk, "import_file": upload(content), "format": "0"}
    )


def admin_confirm(client, response, **choices):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(process_url(), {**data, **choices}, follow=True)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def same_name_elsewhere(ndc):
    person = f.make_person(name_zh="王小明", name_en="Wang Hsiao-ming")
    on_roster(person, f.make_organization(name_zh="衛生福利部"), 2016, title="科長", public=True)
    return person


def test_the_preview_shows_the_evidence_and_a_choice(importer, delegation, same_name_elsewhere):
    response = admin_preview(importer, delegation, row("王小明"))

    page = text(response)
    assert "Possibly people already in the archive" in page
    assert "Row 2: “王小明” · 國家發展委員會" in page
    assert "this person: 王小明 (Wang Hsiao-ming)" in page
    assert "2016 · 衛生福利部 · 科長 · 2016年出國考察 (public)" in page
    assert f'name="duplicate-2" value="{same_name_elsewhere.pk}"' in page
    assert 'name="duplicate-2" value="new"' in page


def test_a_confirmation_without_a_choice_writes_nothing(importer, delegation, same_name_elsewhere):
    people = Person.objects.count()

    response = admin_confirm(importer, admin_preview(importer, delegation, row("王小明")))

    assert "probably name people already in the archive (row 2 “王小明”)" in text(response)
    assert not delegation.members.exists()
    assert Person.objects.count() == people


def test_this_person_links_the_row(importer, delegation, same_name_elsewhere):
    response = admin_preview(importer, delegation, row("王小明"))

    done = admin_confirm(importer, response, **{"duplicate-2": str(same_name_elsewhere.pk)})

    assert "Imported" in text(done)
    assert delegation.members.get().person == same_name_elsewhere


def test_a_new_person_creates_one(importer, delegation, same_name_elsewhere):
    response = admin_preview(importer, delegation, row("王小明"))

    admin_confirm(importer, response, **{"duplicate-2": "new"})

    assert delegation.members.get().person != same_name_elsewhere
    assert Person.objects.filter(name_zh="王小明").count() == 2


def test_a_forged_candidate_is_refused(importer, delegation, same_name_elsewhere):
    stranger = f.make_person(name_zh="林菊穗")
    response = admin_preview(importer, delegation, row("王小明"))

    refused = admin_confirm(importer, response, **{"duplicate-2": str(stranger.pk)})

    assert "is none of the people shown for it" in text(refused)
    assert not delegation.members.exists()


# -- the command line --------------------------------------------------------------------------------


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(row("王小明"), encoding="utf-8")
    return path


def command(path, delegation, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", str(path), delegation=delegation.slug, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def test_the_command_asks_by_default_listing_the_candidates(delegation, same_name_elsewhere, roster_file):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_roster", str(roster_file), delegation=delegation.slug, stdout=out, stderr=err)

    printed = out.getvalue()
    assert "Row 2: “王小明” · 國家發展委員會" in printed
    assert (
        f"{same_name_elsewhere.pk}: 王小明 (Wang Hsiao-ming) "
        "(the same name as printed: 王小明; another agency)" in printed
    )
    assert "2016 · 衛生福利部 · 科長 · 2016年出國考察 (public)" in printed
    assert "--possible-duplicates best" in printed
    assert not delegation.members.exists()


def test_a_dry_run_prints_them_too(delegation, same_name_elsewhere, roster_file):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_roster",
            str(roster_file),
            delegation=delegation.slug,
            dry_run=True,
            stdout=out,
            stderr=out,
        )

    assert "Row 2: “王小明” · 國家發展委員會" in out.getvalue()
    assert not delegation.members.exists()


def test_the_command_takes_the_best_candidate(delegation, same_name_elsewhere, roster_file):
    printed = command(roster_file, delegation, possible_duplicates="best")

    assert f"Row 2: “王小明” · 國家發展委員會 → person {same_name_elsewhere.pk}" in printed
    assert delegation.members.get().person == same_name_elsewhere


def test_the_command_creates_new_people(delegation, same_name_elsewhere, roster_file):
    printed = command(roster_file, delegation, possible_duplicates="new")

    assert "Row 2: “王小明” · 國家發展委員會 → a new person" in printed
    assert delegation.members.get().person != same_name_elsewhere
    assert Person.objects.filter(name_zh="王小明").count() == 2
