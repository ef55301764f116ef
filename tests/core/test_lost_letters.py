"""A roster or programme exported, opened in Excel on Traditional-Chinese Windows and saved as
“CSV” comes back in Big5 (cp950), with “?” for every letter Big5 lacks (é, ü, ñ, «…»). The
importers put back what the archive exported and refuse names that still hold such a “?”
(core.lost_letters)."""

import pytest
from django.utils import translation

from core.lost_letters import LostLetters
from core.spreadsheets.reading import read_table
from core.spreadsheets.writing import spreadsheet_chunks
from events.models import SessionRole
from events.programme_io.cells import PROGRAMME_COLUMNS
from events.programme_io.export import programme_rows
from events.programme_io.plan import ProgrammeImport
from people.models import Person, PersonName
from reports.roster_io import RosterImport, layout_headers, roster_rows
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROSTER = (
    "序號,單位,姓名,職稱,英文姓名\n"
    "1,行政院,唐鳳,政務委員,Audrey Tang\n"
    '2,Conseil national du numérique,呂家華,倡議者,"LÜ, Chia-Hua"\n'
)
PROGRAMME = (
    "key,date,start,end,room,tracks,title_en,speakers\n"
    "jeudigital,2016-12-08,09:15,10:30,Palais d'Iéna · Hemicycle,Numérique,Jeudigital « Civic Tech »,"
    '"Jérémy Lachal (speaker, Bibliothèques Sans Frontières); Zoë Rivière (moderator)"\n'
)


def saved_by_excel_in_big5(exported):
    """What Excel on Traditional-Chinese Windows writes when staff save an exported CSV."""
    return exported.decode("utf-8-sig").encode("cp950", errors="replace")


def csv_of(headers, rows):
    return b"".join(spreadsheet_chunks("csv", headers, rows))


@pytest.fixture
def summit():
    return f.make_summit(slug="ogp-2016-paris", time_zone="Europe/Paris")


def test_a_roster_saved_in_big5_after_export_imports_unchanged():
    delegation = f.make_delegation()
    RosterImport(delegation).run(read_table(ROSTER.encode()), dry_run=False)
    names = sorted(PersonName.objects.values_list("name", flat=True))
    big5 = saved_by_excel_in_big5(csv_of(layout_headers(), roster_rows(delegation)))
    assert b"L?, Chia-Hua" in big5 and b"Conseil national du num?rique" in big5

    plan = RosterImport(delegation).run(read_table(big5), dry_run=False)

    assert plan.table.encoding == "cp950"
    assert plan.counts()["unchanged"] == 2
    assert plan.created == {"people": [], "organizations": [], "names": []}
    assert "letters the file's encoding lost, put back: “L?, Chia-Hua” → “LÜ, Chia-Hua”" in plan.rows[1].notes
    assert sorted(PersonName.objects.values_list("name", flat=True)) == names
    assert not Person.objects.filter(name_en__contains="?").exists()


def test_a_programme_saved_in_big5_after_export_imports_unchanged(summit):
    ProgrammeImport(summit).run(read_table(PROGRAMME.encode()), dry_run=False)
    exported = csv_of(PROGRAMME_COLUMNS.headers, programme_rows(summit))
    big5 = saved_by_excel_in_big5(exported)
    assert b"J?r?my Lachal" in big5 and b"Jeudigital ? Civic Tech ?" in big5

    plan = ProgrammeImport(summit).run(read_table(big5), dry_run=False)

    assert [str(problem) for problem in plan.problems] == []
    assert plan.counts()["unchanged"] == 1
    assert plan.created == {"people": [], "organizations": [], "rooms": [], "tracks": []}
    assert csv_of(PROGRAMME_COLUMNS.headers, programme_rows(summit)) == exported


def test_a_new_name_that_lost_letters_is_refused_by_row_and_column_and_nothing_is_written(summit):
    big5 = PROGRAMME.encode("cp950", errors="replace")

    plan = ProgrammeImport(summit).run(read_table(big5), dry_run=False)

    assert not plan.committed
    lost = (
        "has a “?” where a letter was lost: the file was saved in Big5 (cp950), which lacks it. "
        "Save the file as “CSV UTF-8”, XLSX or ODS and upload it again."
    )
    assert [str(problem) for problem in plan.problems] == [
        f"Row 2: “Palais d'I?na · Hemicycle” in room {lost}",
        f"Row 2: “Num?rique” in tracks {lost}",
        f"Row 2: “J?r?my Lachal (speaker, Biblioth?ques Sans Fronti?res); Zo? Rivi?re (moderator)” "
        f"in speakers {lost}",
    ]
    assert not SessionRole.objects.exists() and not Person.objects.exists()


def test_the_refusal_is_in_the_staff_members_language():
    delegation = f.make_delegation()
    big5 = "序號,單位,姓名,職稱\n1,行政院,Zoë Rivière,顧問\n".encode("cp950", errors="replace")

    with translation.override("zh-hant"):
        plan = RosterImport(delegation).run(read_table(big5), dry_run=True)
        messages = [str(problem) for problem in plan.problems]

    assert messages == [
        "第 2 列：姓名「Zo? Rivi?re」中的「?」是遺失的字母：此檔案以 Big5（cp950）儲存，無法表示該字母。"
        "請將檔案另存為「CSV UTF-8」、XLSX 或 ODS 後重新上傳。"
    ]


def test_a_question_mark_in_a_utf8_file_is_taken_as_typed():
    delegation = f.make_delegation()

    plan = RosterImport(delegation).run(read_table("序號,單位,姓名,職稱\n1,行政院,Who?,顧問\n".encode()))

    assert plan.problems == [] and plan.counts()["new"] == 1


def test_letters_are_put_back_only_where_one_word_could_have_given_them():
    letters = LostLetters("cp950", ["Jérémy Lachal", "Jeremy Smith", "Café", "Cafè", "Zoë"])

    # Without accents, as some programs write them: “Jeremy” is a word of its own and stays,
    # unless the whole cell is one the archive exported with the accents.
    assert letters.restore("Jeremy Smith, Jeremy Lachal") == "Jeremy Smith, Jeremy Lachal"
    assert letters.restore("Jeremy Lachal") == "Jérémy Lachal"
    assert letters.restore("Jeremy Smith") == "Jeremy Smith"
    assert letters.restore("J?r?my Lachal") == "Jérémy Lachal"
    assert letters.restore("Caf?") == "Caf?"  # Café or Cafè: left as read
    assert letters.restore("Zo? and Zoe") == "Zoë and Zoë"


def test_a_new_title_that_lost_letters_inside_a_word_is_refused():
    delegation = f.make_delegation()
    big5 = "序號,單位,姓名,職稱\n1,行政院,唐鳳,Directeur général\n".encode("cp950", errors="replace")

    plan = RosterImport(delegation).run(read_table(big5), dry_run=False)

    assert [(p.row, p.column) for p in plan.problems] == [(2, "職稱")]
    assert plan.problems[0].message.startswith("“g?n?ral” in 職稱 has a “?” where a letter was lost")
    assert delegation.members.count() == 0


def test_a_question_of_its_own_and_a_web_address_in_a_big5_programme_are_kept(summit):
    big5 = (
        "key,date,title_en,description\n"
        "next,2016-12-08,What next for open government?,Notes: https://example.org/page.php?id=3\n"
    ).encode("cp950")

    plan = ProgrammeImport(summit).run(read_table(big5), dry_run=False)

    assert plan.ok, plan.problems
    session = summit.programme.get()
    assert (session.title_en, session.description) == (
        "What next for open government?",
        "Notes: https://example.org/page.php?id=3",
    )
