"""The government report system's roster layout (姓名,服務機關,單位,職稱,官職等[,電話]) imports as it
is, in CSV (UTF-8, with BOM, cp950), XLSX and ODS, and exports back (issue 15, point 1)."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from core.spreadsheets.reading import read_table
from core.spreadsheets.writing import spreadsheet_chunks
from events.models import Event
from people.models import Organization, Person
from reports.models import PublicationStatus, Report
from reports.roster_io import RosterImport, layout_headers, roster_rows
from tests import factories as f
from tests.archive.test_drafts_stay_private import public_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = ["姓名", "服務機關", "單位", "職稱", "官職等", "電話"]
ROWS = [
    ["王小明", "經濟部標準檢驗局", "第二組", "技士", "薦任(派)", "(02)2343-1700"],
    ["陳美華", "臺灣糖業股份有限公司", "'糖業處", "檢核師", "聘、雇", ""],
    ["林志成", "行政院農業委員會動植物防疫檢疫局", "動物防疫組", "科長", "簡任(派)", "0912-345-678"],
    ["黃大同", "經濟部標準檢驗局", "", "局長", "政務官", ""],
    ["李文華", "國立臺灣大學", "", "教授", "教師", ""],
    ["張小華", "經濟部標準檢驗局", "第二組", "科員", "委任(派)", ""],
    ["周一心", "經濟部標準檢驗局", "第一組", "技正", "", ""],
]
# What staff see after the import: 序號, name, (agency, unit) of the linked organisation, title,
# grade as printed, phone.
EXPECTED = [
    (1, "王小明", ("經濟部標準檢驗局", "第二組"), "技士", "薦任(派)", "(02)2343-1700"),
    (2, "陳美華", ("臺灣糖業股份有限公司", "糖業處"), "檢核師", "聘、雇", ""),
    (3, "林志成", ("行政院農業委員會動植物防疫檢疫局", "動物防疫組"), "科長", "簡任(派)", "0912-345-678"),
    (4, "黃大同", (None, "經濟部標準檢驗局"), "局長", "政務官", ""),
    (5, "李文華", (None, "國立臺灣大學"), "教授", "教師", ""),
    (6, "張小華", ("經濟部標準檢驗局", "第二組"), "科員", "委任(派)", ""),
    (7, "周一心", ("經濟部標準檢驗局", "第一組"), "技正", "", ""),
]


def csv_text(header=HEADER, rows=ROWS):
    return "\n".join(",".join(row) for row in [header, *rows]) + "\n"


def xlsx_bytes(header=HEADER, rows=ROWS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append([cell or None for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods_bytes(header=HEADER, rows=ROWS):
    return b"".join(spreadsheet_chunks("ods", header, rows))


FILES = {
    "csv-utf-8": lambda: csv_text().encode("utf-8"),
    "csv-utf-8-bom": lambda: csv_text().encode("utf-8-sig"),
    "csv-cp950": lambda: csv_text().encode("cp950"),
    "xlsx": xlsx_bytes,
    "ods": ods_bytes,
}


def run(delegation, data, *, dry_run=False, **options):
    return RosterImport(delegation, **options).run(read_table(data), dry_run=dry_run)


def seen(delegation):
    """The roster as staff see it in the admin."""
    members = delegation.members.select_related("person", "organization__parent").order_by("order")
    return [
        (
            m.order,
            m.person.name_zh,
            (m.organization.parent and m.organization.parent.name_zh, m.organization.name_zh),
            m.title,
            m.grade,
            m.phone,
        )
        for m in members
    ]


def statuses(plan):
    return [row.status for row in plan.rows]


@pytest.mark.parametrize("kind", sorted(FILES))
def test_the_report_system_layout_imports_in_every_format(kind):
    delegation = f.make_delegation()

    plan = run(delegation, FILES[kind]())

    assert [str(problem) for problem in plan.problems] == []
    assert seen(delegation) == EXPECTED
    # One agency, its two units created once each, under it.
    agency = Organization.objects.get(name_zh="經濟部標準檢驗局", parent=None)
    units = Organization.objects.filter(parent=agency).values_list("name_zh", flat=True)
    assert sorted(units) == ["第一組", "第二組"]
    assert Organization.objects.filter(name_zh="第二組").count() == 1
    # Importing the same file again changes nothing.
    again = run(delegation, FILES[kind](), dry_run=True)
    assert set(statuses(again)) == {"unchanged"}


def test_agency_and_unit_are_matched_and_the_unit_only_among_the_agencys_units():
    agency = f.make_organization(name_zh="經濟部標準檢驗局", slug="bsmi")
    f.make_organization_name(organization=agency, name="標準局")
    unit = f.make_organization(name_zh="第二組", slug="bsmi-2", parent=agency)
    other = f.make_organization(name_zh="經濟部智慧財產局", slug="tipo")
    f.make_organization(name_zh="第一組", slug="tipo-1", parent=other)
    delegation = f.make_delegation()

    run(delegation, csv_text(rows=[["王小明", "標準局", "第二組", "技士", "薦任", ""], ROWS[6]]).encode())

    first, second = delegation.members.order_by("order")
    assert first.organization == unit
    assert second.organization.parent == agency and second.organization.slug != "tipo-1"
    assert Organization.objects.filter(name_zh="經濟部標準檢驗局").count() == 1

    # A new unit of an existing agency named by two rows is created once.
    other_trip = f.make_delegation()
    run(other_trip, csv_text(rows=[[*row[:2], "第三組", *row[3:]] for row in (ROWS[5], ROWS[0])]).encode())
    assert Organization.objects.filter(name_zh="第三組", parent=agency).count() == 1
    assert {m.organization.name_zh for m in other_trip.members.all()} == {"第三組"}


def test_headers_機關_and_服務單位_name_the_same_columns():
    delegation = f.make_delegation()
    header = ["姓名", "機關", "服務單位", "職稱", "官職等"]

    plan = run(delegation, csv_text(header, [row[:5] for row in ROWS]).encode())

    assert plan.problems == []
    assert [row[:5] for row in seen(delegation)] == [row[:5] for row in EXPECTED]


def test_rows_without_序號_keep_their_order_and_take_the_rosters_own_序號():
    delegation = f.make_delegation()
    agency = f.make_organization(name_zh="經濟部標準檢驗局", slug="bsmi")
    for order, name in ((2, "黃大同"), (5, "王小明")):
        f.make_member(
            delegation=delegation, order=order, person=f.make_person(name_zh=name), organization=agency
        )

    plan = run(delegation, csv_text(rows=[ROWS[3], ROWS[0], ROWS[1]]).encode())

    assert plan.problems == []
    assert [(m.order, m.person.name_zh) for m in delegation.members.order_by("order")] == [
        (2, "黃大同"),
        (5, "王小明"),
        (6, "陳美華"),
    ]


def test_a_leading_apostrophe_is_dropped_and_a_neutralised_export_still_round_trips():
    delegation = f.make_delegation()
    rows = [["王小明", "'經濟部標準檢驗局", "'第二組", "-代理組長", "'薦任", ""]]

    run(delegation, csv_text(rows=rows).encode())

    member = delegation.members.get()
    assert (member.organization.parent.name_zh, member.organization.name_zh) == ("經濟部標準檢驗局", "第二組")
    assert (member.title, member.grade) == ("-代理組長", "薦任")
    for layout in ("archive", "report-system"):
        exported = b"".join(
            spreadsheet_chunks("csv", layout_headers(layout), roster_rows(delegation, layout=layout))
        )
        assert "'-代理組長" in exported.decode("utf-8-sig")  # neutralised on export
        assert set(statuses(run(delegation, exported, dry_run=True))) == {"unchanged"}


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_the_report_system_layout_exports_back_and_round_trips(file_format, tmp_path):
    delegation = f.make_delegation(slug="trip")
    run(delegation, csv_text().encode())
    path = tmp_path / f"roster.{file_format}"

    call_command("export_roster", delegation="trip", format=file_format, layout="report-system", output=path)

    table = read_table(path.read_bytes())
    assert table.header == HEADER
    assert next(cells[:6] for _number, cells in table.rows) == ROWS[0]
    assert set(statuses(run(delegation, path.read_bytes(), dry_run=True))) == {"unchanged"}


def test_the_admin_offers_the_report_system_layout(admin_client):
    delegation = f.make_delegation()
    run(delegation, csv_text().encode())

    page = admin_client.get(f"/admin/reports/delegation/{delegation.pk}/change/").content.decode()
    response = admin_client.get(
        f"/admin/reports/delegation/{delegation.pk}/roster/export/csv/?layout=report-system"
    )

    assert "layout=report-system" in page
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADER)
    assert "王小明,經濟部標準檢驗局,第二組,技士,薦任(派),(02)2343-1700" in text


def test_the_older_one_column_layout_is_read_as_before():
    agency = f.make_organization(name_zh="國家發展委員會", slug="ndc")
    delegation = f.make_delegation()

    plan = run(
        delegation, "序號,服務機關,姓名,職稱,官職等\n3,國家發展委員會,高仙桂,副主任委員,政務官\n".encode()
    )

    assert plan.problems == []
    member = delegation.members.get()
    assert (member.order, member.organization, member.organization_as_printed, member.grade) == (
        3,
        agency,
        "國家發展委員會",
        "政務官",
    )


def test_a_file_with_neither_單位_nor_服務機關_is_refused_with_a_message():
    plan = run(f.make_delegation(), "姓名,職稱\n王小明,技士\n".encode())

    assert [str(problem) for problem in plan.problems] == [
        "The file has no “單位” (or “organization”) column: the header row (row 1) must name it."
    ]


def test_an_imported_phone_is_on_no_public_page_or_download(client):
    agency = f.make_organization(name_zh="經濟部標準檢驗局", slug="bsmi")
    delegation = f.make_delegation(organising_agency=agency)
    f.make_report(delegation=delegation, agency=agency, status=PublicationStatus.PUBLISHED)
    rows = [[*ROWS[0][:5], "(02)2343-1700"], [*ROWS[2][:5], "0912-345-678"]]
    run(delegation, csv_text(rows=rows).encode())
    assert delegation.members.filter(phone="(02)2343-1700").exists()

    urls = [*public_pages(), "/zh-hant/search/?q=王小明", "/en/search/?q=林志成"]
    leaked = []
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        leaked += [(url, phone) for phone in ("2343-1700", "0912-345-678") if phone in text]

    assert "王小明" in client.get(delegation.get_absolute_url()).content.decode()
    assert leaked == []
    # Nor in any search document.
    for model in (Person, Organization, Report, Event):
        assert not model.objects.filter(search_document__contains="2343").exists()
        assert not model.objects.filter(search_document__contains="0912").exists()


def test_a_title_above_the_header_and_an_over_long_agency_and_unit():
    delegation = f.make_delegation()
    titled = "出國人員名單,,,,\n" + csv_text(HEADER[:5], [ROWS[0][:5]])
    assert run(delegation, titled.encode(), dry_run=True).problems == []
    older = "出國人員名單,,,\n序號,服務機關,姓名,職稱\n1,國家發展委員會,高仙桂,副主任委員\n"
    assert run(delegation, older.encode(), dry_run=True).problems == []

    plan = run(delegation, csv_text(HEADER[:5], [["王小明", "機" * 200, "組" * 150, "技士", ""]]).encode())

    assert [str(problem) for problem in plan.problems] == ["Row 2: 單位 is longer than 99 characters."]
    assert not delegation.members.exists()


@pytest.mark.usefixtures("import_folder")
def test_staff_preview_and_confirm_the_report_system_layout_in_the_admin(admin_client):
    from tests.archive.test_import_admin import confirm, preview

    delegation = f.make_delegation()

    response = preview(admin_client, delegation, FILES["csv-cp950"](), "名單.csv")

    assert response.status_code == 200
    assert "confirm_form" in response.context, response.text[:2000]
    for text in ("服務機關", "經濟部標準檢驗局", "第二組", "薦任(派)", "(02)2343-1700"):
        assert text in response.text
    assert confirm(admin_client, response).status_code == 302
    assert seen(delegation) == EXPECTED
