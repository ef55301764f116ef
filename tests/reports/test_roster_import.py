"""Rosters in and out as spreadsheets: matching, normalisation, errors that write nothing,
idempotence and round trips (reports.roster_io)."""

import io
import zipfile

import openpyxl
import pytest

from core.spreadsheets.errors import SpreadsheetError
from core.spreadsheets.reading import read_table
from core.spreadsheets.writing import spreadsheet_chunks
from people.models import Organization, Person
from reports.models import DelegationMember, PublicationStatus
from reports.roster_io import RosterImport, layout_headers, roster_rows
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def run(delegation, content, *, dry_run=False, encoding="utf-8", **options):
    data = content.encode(encoding) if isinstance(content, str) else content
    return RosterImport(delegation, **options).run(read_table(data), dry_run=dry_run)


def roster(delegation):
    members = delegation.members.select_related("person", "organization").order_by("order")
    return [
        (
            m.order,
            m.organization_as_printed,
            m.organization and m.organization.slug,
            m.name_as_printed,
            m.title,
        )
        for m in members
    ]


def problems(plan):
    return [str(problem) for problem in plan.problems]


@pytest.fixture
def ndc():
    ndc = f.make_organization(name_zh="國家發展委員會", name_en="National Development Council", slug="ndc")
    f.make_organization_name(organization=ndc, name="國發會")
    return ndc


def test_roster_rows_are_matched_by_any_name_and_unknowns_created(ndc):
    delegation = f.make_delegation()
    kao = f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey")
    chu = f.make_person(name_zh="朱富美", name_en="")
    f.make_person_name(person=chu, name="Judy, Fu-meei Ju")

    plan = run(
        delegation,
        "序號,單位,職稱,姓名\n"
        "1,國發會,副主任委員,Kao Shien-Quey\n"
        '2,監察院,秘書長,"Judy, Fu-meei Ju"\n'
        "3,國家發展委員會,科長,林嘉琪\n",
    )

    assert problems(plan) == []
    assert plan.counts()["new"] == 3
    assert plan.created["people"] == ["林嘉琪"]
    assert plan.created["organizations"] == ["監察院"]
    members = list(delegation.members.order_by("order"))
    assert [m.person for m in members[:2]] == [kao, chu]
    assert roster(delegation) == [
        (1, "國發會", "ndc", "Kao Shien-Quey", "副主任委員"),
        (2, "監察院", members[1].organization.slug, "Judy, Fu-meei Ju", "秘書長"),
        (3, "國家發展委員會", "ndc", "林嘉琪", "科長"),
    ]
    assert Organization.objects.get(name_zh="監察院").search_document.strip() != ""
    assert list(Person.objects.search("林嘉琪")) == [members[2].person]


def test_roster_reads_english_headers_in_any_order_and_optional_columns(ndc):
    delegation = f.make_delegation()

    plan = run(
        delegation,
        "Name,Title,Organization,Order,Role,Grade,English name\n"
        "潘國才,處長,國家發展委員會,3,團長,簡任第12職等,Pan Kuo-tsai\n",
    )

    assert problems(plan) == []
    member = delegation.members.get()
    assert (member.order, member.role, member.grade, member.person.name_en) == (
        3,
        "head",
        "簡任第12職等",
        "Pan Kuo-tsai",
    )


def test_roster_reads_cp950_bom_full_width_digits_and_spaces(ndc):
    cp950 = f.make_delegation()
    bom = f.make_delegation()
    content = "序號,單位,姓名,職稱\r\n１２,　國家發展委員會 ,　林菊穗　,分析師  \r\n"

    run(cp950, content, encoding="cp950")
    run(bom, "\ufeff" + content)

    assert roster(cp950) == roster(bom) == [(12, "國家發展委員會", "ndc", "林菊穗", "分析師")]
    assert read_table(content.encode("cp950")).encoding == "cp950"
    assert Person.objects.filter(name_zh="林菊穗").count() == 1


def test_control_characters_in_cells_are_dropped(ndc):
    # A bell or escape pasted from a terminal is invisible in the admin but breaks matching.
    delegation = f.make_delegation()

    plan = run(delegation, "序號,單位,姓名,職稱\n1,國發會\x1b,林\x07菊穗,分析\x08師\n")

    assert plan.ok, problems(plan)
    assert roster(delegation) == [(1, "國發會", "ndc", "林菊穗", "分析師")]


def test_importing_the_same_file_again_changes_nothing(ndc):
    delegation = f.make_delegation()
    content = (
        "序號,單位,姓名,職稱,英文姓名\n"
        + "1,國發會,林菊穗,分析師,Lin Chu-sui\n"
        + "2,開放文化基金會,吳銘軒,副執行長,\n"
    )
    run(delegation, content)
    people = Person.objects.count()

    again = run(delegation, content)

    assert again.counts() == {"new": 0, "updated": 0, "unchanged": 2, "deleted": 0, "error": 0}
    assert [names for _, names in again.creations()] == []
    assert Person.objects.count() == people


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_export_then_import_changes_nothing_and_neutralises_formulas(ndc, file_format):
    delegation = f.make_delegation()
    run(
        delegation,
        "序號,單位,姓名,職稱,官職等,團內角色\n"
        '1,國發會,林菊穗,=HYPERLINK("http://x"),+886 2 2316 5300,聯絡人\n'
        "2,@evil,Aaron Wytze,-1+1,,\n",
    )
    exported = b"".join(spreadsheet_chunks(file_format, layout_headers(), roster_rows(delegation)))

    table = read_table(exported)
    again = RosterImport(delegation).run(table, dry_run=False)

    assert again.counts()["unchanged"] == 2, problems(again)
    assert roster(delegation)[0][4] == '=HYPERLINK("http://x")'
    assert delegation.members.get(order=1).grade == "+886 2 2316 5300"
    if file_format == "csv":
        text = exported.decode("utf-8")
        assert text.startswith("\ufeff序號,單位,姓名,職稱,官職等,團內角色,英文姓名")
        assert "'=HYPERLINK" in text and "'+886 2 2316 5300" in text and "'@evil" in text and "'-1+1" in text
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        assert sheet["D2"].value == '=HYPERLINK("http://x")'
        assert sheet["D2"].data_type == "s"


def test_missing_required_column_is_named_and_nothing_written(ndc):
    delegation = f.make_delegation()

    plan = run(delegation, "序號,單位,姓名\n1,國發會,林菊穗\n")

    assert problems(plan) == [
        "The file has no “職稱” (or “title”) column: the header row (row 1) must name it."
    ]
    assert DelegationMember.objects.count() == 0


def test_a_title_and_notes_above_the_header_are_passed_over(ndc):
    delegation = f.make_delegation()
    sheet = "出國人員名單,,,\n（依機關排列）,,,\n\n序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n"

    plan = run(delegation, sheet)

    assert plan.ok, problems(plan)
    assert plan.table.header_row == 4
    assert [(row.number, row.status) for row in plan.rows] == [(5, "new")]
    assert roster(delegation) == [(1, "國發會", "ndc", "林菊穗", "分析師")]


def test_a_workbook_whose_roster_is_not_on_its_first_sheet_is_told_so(ndc):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Roster of the delegation, see the next sheet"])
    roster_sheet = workbook.create_sheet("名單")
    roster_sheet.append(["序號", "單位", "姓名", "職稱"])
    roster_sheet.append([1, "國發會", "林菊穗", "分析師"])
    data = io.BytesIO()
    workbook.save(data)

    plan = run(f.make_delegation(), data.getvalue())

    assert problems(plan)[-1] == (
        "Only the workbook's first sheet, “Notes”, is read; the workbook also has “名單”. "
        "Move the table to the first sheet, or save its sheet alone."
    )
    assert DelegationMember.objects.count() == 0


def ods_sheet(name, rows):
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    return f'<table:table table:name="{name}">{cells}</table:table>'


def test_an_ods_workbook_whose_roster_is_not_on_its_first_sheet_is_told_so(ndc):
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        + ods_sheet("說明", [["名單在下一頁"]])
        + ods_sheet("名單", [["序號", "單位", "姓名", "職稱"], ["1", "國發會", "林菊穗", "分析師"]])
        + ods_sheet("Sheet3", [])
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)

    plan = run(f.make_delegation(), data.getvalue())

    assert problems(plan)[-1] == (
        "Only the workbook's first sheet, “說明”, is read; the workbook also has “名單”, “Sheet3”. "
        "Move the table to the first sheet, or save its sheet alone."
    )
    assert DelegationMember.objects.count() == 0


def test_row_errors_name_row_and_column_and_nothing_is_written(ndc):
    delegation = f.make_delegation()
    people = Person.objects.count()

    plan = run(
        delegation,
        "序號,單位,姓名,職稱,團內角色\n"
        "1,國發會,林菊穗,分析師,\n"
        "2,國發會,,科長,\n"
        "1,國發會,潘國才,處長,\n"
        "x,國發會,吳志鵬,專員,\n"
        "5,國發會,林菊穗,專員,\n"
        "6,國發會,賴韻琳,副處長,隊長\n",
    )

    assert problems(plan) == [
        "Row 3: 姓名 is empty: every roster row needs a name.",
        "Row 4: 序號 1 repeats row 2.",
        "Row 5: 序號 “x” is not a number",
        "Row 6: 姓名 “林菊穗” repeats row 2: a roster names each person once.",
        "Row 7: 團內角色 “隊長” is not a role in a delegation; write one of: "
        "head of delegation、member、contact、speaker、staff.",
    ]
    assert [row.status for row in plan.rows] == ["new", "error", "error", "error", "error", "error"]
    assert (DelegationMember.objects.count(), Person.objects.count()) == (0, people)
    assert not plan.committed


def test_a_name_two_people_share_is_an_error_unless_the_english_name_settles_it(ndc):
    delegation = f.make_delegation()
    f.make_person(name_zh="陳美延", name_en="Chen Mei-yen")
    other = f.make_person(name_zh="陳美延", name_en="Chen Mei-yan")

    ambiguous = run(delegation, "序號,單位,姓名,職稱\n1,監察院,陳美延,處長\n", dry_run=True)
    settled = run(delegation, "序號,單位,姓名,職稱,英文姓名\n1,監察院,陳美延,處長,Chen Mei-yan\n")

    assert problems(ambiguous)[0].startswith("Row 2: 姓名 “陳美延” names more than one person")
    assert problems(settled) == []
    assert delegation.members.get().person == other


def test_links_made_by_hand_survive_a_reimport(ndc):
    delegation = f.make_delegation()
    unit = f.make_organization(name_zh="國家發展委員會社會發展處")
    person = f.make_person(name_zh="賴韻琳")
    f.make_member(
        delegation=delegation,
        order=2,
        person=person,
        name_as_printed="賴韻琳",
        organization=unit,
        organization_as_printed="國發會社發處",
        title="副處長",
    )

    plan = run(delegation, "序號,單位,姓名,職稱\n2,國發會社發處,賴韻琳,副處長\n")

    assert plan.counts()["unchanged"] == 1
    assert delegation.members.get().organization == unit
    assert not Organization.objects.filter(name_zh="國發會社發處").exists()


def test_rows_the_file_lacks_are_kept_or_deleted_on_request(ndc):
    delegation = f.make_delegation()
    run(delegation, "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n2,國發會,潘國才,處長\n")

    kept = run(delegation, "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n")
    removed = run(delegation, "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n", remove_missing=True)

    assert kept.kept == 1
    assert removed.counts()["deleted"] == 1
    assert [m.order for m in delegation.members.all()] == [1]


def test_another_person_on_a_row_replaces_it_and_titles_update(ndc):
    delegation = f.make_delegation()
    run(delegation, "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n2,國發會,潘國才,處長\n")

    plan = run(delegation, "序號,單位,姓名,職稱\n1,國發會,潘國才,處長\n2,國發會,林菊穗,專員\n")

    assert problems(plan) == []
    assert plan.counts()["updated"] == 2
    assert roster(delegation) == [
        (1, "國發會", "ndc", "潘國才", "處長"),
        (2, "國發會", "ndc", "林菊穗", "專員"),
    ]


def test_a_person_already_on_a_kept_row_cannot_get_a_second_one(ndc):
    delegation = f.make_delegation()
    run(delegation, "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n")

    plan = run(delegation, "序號,單位,姓名,職稱\n7,國發會,林菊穗,分析師\n")

    assert problems(plan) == [
        "Row 2: 姓名 “林菊穗” is already on this roster as 序號 1, a row the file does not have."
    ]


def test_imported_people_of_a_published_delegation_are_public(ndc):
    delegation = f.make_delegation()
    f.make_report(delegation=delegation, status=PublicationStatus.PUBLISHED)

    run(delegation, "序號,單位,姓名,職稱\n1,新單位,新團員,顧問\n")

    assert Person.objects.get(name_zh="新團員").is_public
    assert Organization.objects.get(name_zh="新單位").is_public


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\nxxxx", "This is a PNG file, not a spreadsheet: upload a CSV, XLSX or ODS file."),
        (
            b"PK\x03\x04broken",
            "The file is damaged: it looks like an XLSX or ODS workbook but cannot be opened.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "Files in the old Excel 97–2003 format (.xls) cannot be read: "
            "save the file as .xlsx, .ods or CSV.",
        ),
        (b"", "The file is empty."),
        (
            "序號,姓名\n1,林".encode() + b"\x81\xff",
            "The file's text is neither UTF-8 nor Big5 (cp950), so it cannot be "
            "read: save it again as “CSV UTF-8” or as an XLSX or ODS workbook.",
        ),
    ],
)
def test_files_that_are_no_spreadsheet_get_a_clear_message(data, message):
    with pytest.raises(SpreadsheetError) as error:
        read_table(data)

    assert str(error.value) == message


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 1024

    with pytest.raises(SpreadsheetError) as error:
        read_table(b"a" * 2048)

    assert str(error.value) == "The file is 2.0\xa0KB; files of at most 1.0\xa0KB can be imported."
