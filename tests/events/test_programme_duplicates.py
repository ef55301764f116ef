"""Issue 15, point 2, for programmes: a speaker who is probably a person already in the archive
(another spelling, or the same name with another affiliation: 同名同姓) is shown with the
evidence of their sessions and linked or created only as staff choose, in the admin and on the
command line."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from core.imports import BEST, NEW_PERSON
from core.spreadsheets.reading import read_table
from events.models import SessionRole
from events.programme_io.plan import ProgrammeImport
from people.models import Person
from tests import factories as f
from tests.archive.test_import_admin import import_url, process_url, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "key,date,start,title_en,speakers\n"


def programme(*speakers):
    """A file of one session per speaker entry (“name (role, affiliation)”)."""
    rows = [f'open-{i},2023-09-06,10:00,Session {i},"{entry}"\n' for i, entry in enumerate(speakers, start=1)]
    return HEADER + "".join(rows)


def run(summit, content, *, dry_run=False, **options):
    return ProgrammeImport(summit, **options).run(read_table(content.encode()), dry_run=dry_run)


def candidates(plan):
    return {
        duplicate.name: [(candidate.label, candidate.likeness) for candidate in duplicate.candidates]
        for duplicate in plan.duplicates
    }


def speaker_of(summit, key="open-1"):
    return SessionRole.objects.get(event__slug=f"{summit.slug}-{key}").person


@pytest.fixture
def summit():
    return f.make_summit(
        slug="ogp-2023-tallinn",
        title_en="OGP Global Summit 2023",
        time_zone="Europe/Tallinn",
        start_date=datetime.date(2023, 9, 6),
        end_date=datetime.date(2023, 9, 7),
    )


@pytest.fixture
def paris():
    return f.make_summit(slug="ogp-2016-paris", title_en="OGP Global Summit 2016")


def spoke(person, summit, affiliation, title="Open Parliament", year=2016):
    session = f.make_session(parent=summit, title_en=title, start_date=datetime.date(year, 12, 8))
    return f.make_session_role(event=session, person=person, affiliation_as_printed=affiliation)


def test_the_same_name_with_the_same_affiliation_links_as_before(summit, paris):
    person = f.make_person(name_zh="", name_en="Chen Mei-yen")
    spoke(person, paris, "National Development Council")

    plan = run(summit, programme("Chen Mei-yen (speaker, National Development Council)"))

    assert plan.duplicates == []
    assert speaker_of(summit) == person


def test_the_same_name_with_another_affiliation_is_shown_with_both(summit, paris):
    person = f.make_person(name_zh="", name_en="Chen Mei-yen")
    spoke(person, paris, "Control Yuan")
    people = Person.objects.count()

    preview = run(summit, programme("Chen Mei-yen (speaker, National Development Council)"), dry_run=True)
    refused = run(summit, programme("Chen Mei-yen (speaker, National Development Council)"))

    (duplicate,) = preview.duplicates
    assert (duplicate.name, duplicate.context, duplicate.rows) == (
        "Chen Mei-yen",
        "National Development Council",
        [2],
    )
    (candidate,) = duplicate.candidates
    assert candidate.likeness == "the same name as printed: Chen Mei-yen"
    assert candidate.evidence == [
        "2016 · OGP Global Summit 2016 · Open Parliament · speaker · Control Yuan · not public"
    ]
    assert not candidate.consistent
    assert not refused.committed
    assert Person.objects.count() == people
    assert not SessionRole.objects.filter(event__summit=summit).exists()


def test_the_same_name_without_an_affiliation_links(summit, paris):
    person = f.make_person(name_zh="", name_en="Chen Mei-yen")
    spoke(person, paris, "Control Yuan")

    run(summit, programme("Chen Mei-yen (speaker)"))

    assert speaker_of(summit) == person


@pytest.mark.parametrize(
    ("printed", "likeness"),
    [
        ("高嘉良", "a romanisation of the same name: Kao Chia-liang"),
        ("Chia-liang Kao", "the same name in Latin letters: Kao Chia-liang"),
        ("KAO CHIA LIANG", "the same name in Latin letters: Kao Chia-liang"),
    ],
)
def test_other_spellings_of_a_latin_name(summit, printed, likeness):
    f.make_person(name_zh="", name_en="Kao Chia-liang")

    plan = run(summit, programme(f"{printed} (speaker)"), dry_run=True)

    assert candidates(plan) == {printed: [("Kao Chia-liang", likeness)]}


@pytest.mark.parametrize(
    ("printed", "likeness"),
    [
        ("Gao Jialiang", "a romanisation of the same name: 高嘉良"),
        ("Chia-Liang Kao", "a romanisation of the same name: 高嘉良"),
        ("高嘉良", "the same name as printed: 高嘉良"),
        ("高嘉梁", None),
    ],
)
def test_a_chinese_name_and_its_romanisations(summit, paris, printed, likeness):
    person = f.make_person(name_zh="高嘉良", name_en="")
    spoke(person, paris, "國家發展委員會")

    plan = run(summit, programme(f"{printed} (speaker, 數位發展部)"), dry_run=True)

    found = candidates(plan).get(printed)
    if likeness is None:
        assert found is None or all(label != "高嘉良" for label, _likeness in found)
    else:
        assert found == [("高嘉良", likeness)]


def test_simplified_and_variant_characters(summit):
    f.make_person(name_zh="陳水扁", name_en="")
    f.make_person(name_zh="林台生", name_en="")
    f.make_person(name_zh="蔡英文", name_en="")

    plan = run(
        summit,
        programme("陈水扁 (speaker)", "林臺生 (speaker)", "蔡英文 (speaker)", "蔡英武 (speaker)"),
        dry_run=True,
    )

    # 蔡英文 is printed as stored (linked as before); 蔡英武 is another name.
    assert candidates(plan) == {
        "陈水扁": [("陳水扁", "the same Chinese name in Simplified or Traditional characters: 陳水扁")],
        "林臺生": [("林台生", "the same Chinese name in variant characters: 林台生")],
    }


def test_a_homophone_is_not_the_same_name(summit):
    f.make_person(name_zh="陳美延", name_en="Chen Mei-yen")

    plan = run(summit, programme("陳美言 (speaker)"))

    assert plan.duplicates == []
    assert speaker_of(summit).name_zh == "陳美言"


def test_accents_and_a_recorded_other_name(summit):
    f.make_person(name_zh="", name_en="Óscar Escobar")
    tang = f.make_person(name_zh="唐鳳", name_en="")
    f.make_person_name(person=tang, name="Audrey Tang")

    plan = run(summit, programme("Oscar Escobar (speaker)", "TANG Audrey (speaker)"), dry_run=True)

    assert candidates(plan) == {
        "Oscar Escobar": [("Óscar Escobar", "the same name in Latin letters: Óscar Escobar")],
        "TANG Audrey": [
            ("唐鳳 (Audrey Tang)", "the same name in Latin letters: Audrey Tang (one of their further names)")
        ],
    }


def test_one_choice_for_a_name_the_file_prints_twice(summit, paris):
    person = f.make_person(name_zh="高嘉良", name_en="")

    plan = run(
        summit,
        programme("Kao Chia-liang (speaker)", "Kao Chia-liang (moderator)"),
        choices={"kaochia-liang": str(person.pk)},
    )

    assert plan.committed
    assert [duplicate.rows for duplicate in plan.duplicates] == [[2, 3]]
    assert speaker_of(summit, "open-1") == person
    assert speaker_of(summit, "open-2") == person


def test_a_new_person_chosen_and_a_forged_choice(summit):
    kao = f.make_person(name_zh="高嘉良", name_en="")
    stranger = f.make_person(name_zh="林菊穗", name_en="")

    forged = run(summit, programme("Kao Chia-liang (speaker)"), choices={"kaochia-liang": str(stranger.pk)})
    new = run(summit, programme("Kao Chia-liang (speaker)"), choices={"kaochia-liang": NEW_PERSON})

    assert not forged.committed
    assert any("is none of the people shown for it" in str(problem) for problem in forged.problems)
    assert new.committed
    assert new.created["people"] == ["Kao Chia-liang"]
    assert speaker_of(summit) not in (kao, stranger)


def test_the_best_policy(summit):
    kao = f.make_person(name_zh="高嘉良", name_en="")

    run(summit, programme("Kao Chia-liang (speaker)"), policy=BEST)

    assert speaker_of(summit) == kao


# -- the admin and the command line ----------------------------------------------------------------


@pytest.fixture
def importer(client, django_user_model, import_folder):
    user = django_user_model.objects.create_user(username="importer", password=None, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_event", "change_event", "import_programme"])
    )
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def admin_preview(client, summit, content):
    return client.post(
        import_url("events/event"), {"summit": summit.pk, "import_file": upload(content), "format": "0"}
    )


def admin_confirm(client, response, **choices):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(process_url("events/event"), {**data, **choices}, follow=True)


def test_the_admin_shows_the_evidence_and_takes_a_choice(importer, summit, paris):
    person = f.make_person(name_zh="", name_en="Chen Mei-yen")
    spoke(person, paris, "Control Yuan")
    content = programme("Chen Mei-yen (speaker, National Development Council)")
    field = "duplicate-chenmei-yen|nationaldevelopmentcouncil"

    preview = admin_preview(importer, summit, content)
    refused = admin_confirm(importer, preview)
    forged = admin_confirm(importer, admin_preview(importer, summit, content), **{field: "999999"})
    done = admin_confirm(importer, admin_preview(importer, summit, content), **{field: str(person.pk)})

    page = text(preview)
    assert "Row 2: “Chen Mei-yen” · National Development Council" in page
    assert "2016 · OGP Global Summit 2016 · Open Parliament · speaker · Control Yuan · not public" in page
    assert f'name="{field}" value="{person.pk}"' in page
    assert "probably name people already in the archive" in text(refused)
    assert "is none of the people shown for it" in text(forged)
    assert "Imported" in text(done)
    assert speaker_of(summit) == person


def test_the_admin_creates_a_new_person_when_chosen(importer, summit, paris):
    person = f.make_person(name_zh="", name_en="Chen Mei-yen")
    spoke(person, paris, "Control Yuan")
    content = programme("Chen Mei-yen (speaker, National Development Council)")

    preview = admin_preview(importer, summit, content)
    admin_confirm(importer, preview, **{"duplicate-chenmei-yen|nationaldevelopmentcouncil": "new"})

    assert speaker_of(summit) != person
    assert Person.objects.filter(name_en="Chen Mei-yen").count() == 2


@pytest.fixture
def programme_file(tmp_path):
    f.make_person(name_zh="高嘉良", name_en="")
    path = tmp_path / "programme.csv"
    path.write_text(programme("Kao Chia-liang (speaker)"), encoding="utf-8")
    return path


def test_the_command_asks_by_default(summit, programme_file):
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_sessions", str(programme_file), event=summit.slug, stdout=out, stderr=out)

    assert "Row 2: “Kao Chia-liang”" in out.getvalue()
    assert "高嘉良 (a romanisation of the same name: 高嘉良)" in out.getvalue()
    assert not SessionRole.objects.filter(event__summit=summit).exists()


@pytest.mark.parametrize("policy", ["best", "new"])
def test_the_command_takes_the_best_or_creates(summit, programme_file, policy):
    out = io.StringIO()
    call_command(
        "import_sessions", str(programme_file), event=summit.slug, possible_duplicates=policy, stdout=out
    )

    linked = speaker_of(summit).name_zh == "高嘉良"
    assert linked == (policy == "best")
    assert ("→ a new person" in out.getvalue()) == (policy == "new")
