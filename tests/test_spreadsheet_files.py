"""Uploaded spreadsheets as staff make them and as an attacker could craft them
(core.spreadsheets): files that would unfold to gigabytes are refused while small, merged
cells keep their value in every row, damaged CSV files are told apart from long cells, an
export's apostrophes round-trip, the ODS export opens in strict ZIP readers, and line breaks in
a cell reach the importers."""

import csv
import io
import struct
import tracemalloc
import zipfile

import openpyxl
import pytest

from core.spreadsheets.cells import cell_lines, cell_text
from core.spreadsheets.errors import SpreadsheetError
from core.spreadsheets.formats import ODS_MIMETYPE
from core.spreadsheets.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_ROWS, MAX_UNPACKED_BYTES
from core.spreadsheets.reading import read_table
from core.spreadsheets.writing import spreadsheet_chunks
from reports.roster_io import RosterImport

from . import factories as f

pytestmark = pytest.mark.usefixtures("english")

TOO_LARGE = (
    "The sheet has more than 100,000 rows or 2,000,000 cells, more than one import can take: "
    "split it into several files and import them one after the other."
)


def zip_file(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsx_file(sheet_data, *, before="", after="", shared_strings=None, encoding="utf-8"):
    """An XLSX workbook of one sheet, its <sheetData> given as XML (inline strings, or indexes
    into `shared_strings`, the <si> elements of a shared strings part, as XML)."""
    entries = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared_strings is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (
                f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
                if shared_strings is not None
                else ""
            )
            + "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}">{before}<sheetData>{sheet_data}</sheetData>{after}</worksheet>'
        ),
    }
    if shared_strings is not None:
        entries["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{shared_strings}</sst>'
    if encoding != "utf-8":
        entries = {name: text.encode(encoding) for name, text in entries.items()}
    return zip_file(entries)


def xlsx_cell(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def ods_file(table_rows):
    """An ODS workbook of one sheet, its rows given as XML."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"{table_rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    return zip_file({"mimetype": ODS_MIMETYPE, "content.xml": content})


def ods_cell(text, attributes=""):
    return (
        f'<table:table-cell office:value-type="string" {attributes}>'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


def read_with_peak(data):
    """read_table(data) and the most memory (bytes) Python allocated meanwhile."""
    tracemalloc.start()
    try:
        return read_table(data), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refused_with_peak(data):
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError) as error:
            read_table(data)
        return str(error.value), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


MB = 1024 * 1024


# -- workbooks that would unfold to gigabytes --------------------------------------------------


def test_limits_are_what_the_message_says():
    assert (MAX_ROWS, MAX_CELLS) == (100_000, 2_000_000)


def test_an_xlsx_declaring_the_whole_sheet_reads_its_cells_only():
    # openpyxl would make every row from 3 to 1,048,575 as 16,384 empty cells (gigabytes).
    data = xlsx_file(
        f'<row r="1">{xlsx_cell("A1", "姓名")}</row><row r="2">{xlsx_cell("A2", "林")}</row>'
        f'<row r="1048576">{xlsx_cell("A1048576", "王")}</row>',
        before='<dimension ref="A1:XFD1048576"/>',
    )
    assert len(data) < 2048

    table = read_table(data)

    assert table.header == ["姓名"]
    assert table.rows == [(2, ["林"]), (1048576, ["王"])]


def test_an_xlsx_with_cells_at_both_corners_reads_two_rows_without_the_ones_between():
    # As Excel saves it, with the dimension its cells give.
    data = xlsx_file(
        f'<row r="1">{xlsx_cell("A1", "姓名")}</row><row r="1048576">{xlsx_cell("XFD1048576", "x")}</row>',
        before='<dimension ref="A1:XFD1048576"/>',
    )

    table = read_table(data)

    assert table.header == ["姓名"]
    [(number, cells)] = table.rows
    assert number == 1048576
    assert len(cells) == 16384 and cells[-1] == "x"


def test_an_xlsx_whose_rows_reach_the_last_column_is_refused_while_small():
    rows = "".join(f'<row r="{n}">{xlsx_cell(f"XFD{n}", "x")}</row>' for n in range(1, 2001))

    message, peak = refused_with_peak(xlsx_file(rows))

    assert message == TOO_LARGE
    assert peak < 100 * MB


def test_an_ods_cell_repeated_two_hundred_million_times_is_refused_while_small():
    data = ods_file(
        f"<table:table-row>{ods_cell('姓名')}</table:table-row>"
        + "<table:table-row>"
        + ods_cell("x", 'table:number-columns-repeated="200000000"')
        + "</table:table-row>"
    )
    assert len(data) < 2048

    message, peak = refused_with_peak(data)

    assert message == TOO_LARGE
    assert peak < 20 * MB


def test_ods_rows_repeated_with_repeated_cells_are_refused_while_small():
    row = (
        '<table:table-row table:number-rows-repeated="999">'
        + ods_cell("x", 'table:number-columns-repeated="999"')
        + "</table:table-row>"
    )

    message, peak = refused_with_peak(ods_file(row * 50))

    assert message == TOO_LARGE
    assert peak < 100 * MB


def test_a_filled_ods_row_repeated_more_than_a_thousand_times_keeps_every_row():
    data = ods_file(
        f"<table:table-row>{ods_cell('姓名')}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="1500">{ods_cell("同")}</table:table-row>'
    )

    table = read_table(data)

    assert len(table.rows) == 1500
    assert table.rows[-1] == (1501, ["同"])


def test_an_ods_with_libreoffice_padding_reads_with_its_columns_in_place():
    empty_to_edge = '<table:table-cell table:number-columns-repeated="1021"/>'
    data = ods_file(
        '<table:table-column table:number-columns-repeated="1024"/>'
        f"<table:table-row>{ods_cell('序號')}{ods_cell('單位')}{ods_cell('姓名')}{empty_to_edge}</table:table-row>"
        f'<table:table-row>{ods_cell("1")}<table:table-cell table:number-columns-repeated="1500"/>'
        f"{ods_cell('林')}{empty_to_edge}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048573">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )

    table = read_table(data)

    assert table.header == ["序號", "單位", "姓名"]
    [(number, cells)] = table.rows
    assert number == 2
    assert len(cells) == 1502 and cells[0] == "1" and cells[-1] == "林"


def test_a_csv_of_a_hundred_thousand_rows_reads_and_one_more_is_refused():
    rows = "姓名\n" + "林\n" * 100_000

    assert len(read_table(rows.encode()).rows) == 100_000
    with pytest.raises(SpreadsheetError) as error:
        read_table((rows + "王\n").encode())
    assert str(error.value) == TOO_LARGE


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_a_programme_of_ten_thousand_sessions_reads(file_format):
    header = [f"column {n}" for n in range(15)]
    rows = ([f"session {n}", *range(14)] for n in range(10_000))

    table = read_table(b"".join(spreadsheet_chunks(file_format, header, rows)))

    assert len(table.rows) == 10_000
    assert table.rows[-1][0] == 10_001
    assert cell_text(table.rows[-1][1][0]) == "session 9999"


# -- cells that unpack to hundreds of megabytes ---------------------------------------------------

CELL_TOO_LONG = (
    "A cell of the workbook holds more than 32,767 characters, more than a spreadsheet cell can "
    "hold: the file is damaged or was not saved by a spreadsheet program, and cannot be imported."
)
# A cell of twenty megabytes: enough to show that reading stops at the cap (a reader that took
# it whole would hold over twenty megabytes), small enough to build quickly.
HUGE = "x" * (20 * MB)


def test_the_cell_limit_is_excels():
    assert MAX_CELL_CHARS == 32_767


def ods_rows(*cells):
    return "".join(f"<table:table-row>{cell}</table:table-row>" for cell in cells)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ods_file(ods_rows(ods_cell("姓名"), ods_cell(HUGE))),
        lambda: xlsx_file(
            f'<row r="1">{xlsx_cell("A1", "姓名")}</row><row r="2">{xlsx_cell("A2", HUGE)}</row>'
        ),
        lambda: xlsx_file(
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_strings=f"<si><t>{HUGE}</t></si>"
        ),
        # A cell's text in many pieces: rich-text runs, or ODS runs of spaces (<text:s/>).
        lambda: xlsx_file(
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
            shared_strings="<si>" + "<r><t>xxxxxxxxxx</t></r>" * 100_000 + "</si>",
        ),
        lambda: ods_file(ods_rows(ods_cell('<text:s text:c="1000"/>' * 100_000))),
        # A cell of a million empty pieces.
        lambda: ods_file(ods_rows(ods_cell("<text:span/>" * 1_000_000))),
        # The same cell in many pieces, the sheet written in UTF-16.
        lambda: xlsx_file(
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
            shared_strings="<si>" + "<r><t>xxxxxxxxxx</t></r>" * 100_000 + "</si>",
            encoding="utf-16",
        ),
        # A tag stretched to megabytes holds no text, but the parser would take it whole.
        lambda: ods_file(ods_rows(f'<table:table-cell table:style-name="{HUGE}"/>')),
    ],
    ids=["ods", "xlsx", "xlsx-shared", "xlsx-runs", "ods-spaces", "ods-pieces", "xlsx-utf16", "ods-tag"],
)
def test_a_workbook_whose_one_cell_unpacks_to_megabytes_is_refused_while_small(make):
    data = make()
    assert len(data) < 200 * 1024

    message, peak = refused_with_peak(data)

    assert message == CELL_TOO_LONG
    assert peak < 5 * MB


@pytest.mark.parametrize("file_format", ["xlsx", "ods"])
def test_a_cell_of_the_longest_length_reads_and_one_character_more_is_refused(file_format):
    # Chinese text takes three bytes a character, and an escaped one (&amp;) five.
    longest = "國&" * (MAX_CELL_CHARS // 2) + "國"

    table = read_table(b"".join(spreadsheet_chunks(file_format, ["備註"], [[longest]])))

    assert table.rows == [(2, [longest])]
    with pytest.raises(SpreadsheetError) as error:
        read_table(b"".join(spreadsheet_chunks(file_format, ["備註"], [[longest + "國"]])))
    assert str(error.value) == CELL_TOO_LONG


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused_at_the_limit():
    # Cells each within the limit, together more than a workbook may unpack to.
    cell = ods_cell("x" * 30_000)
    rows_needed = MAX_UNPACKED_BYTES // len(cell) + 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODS_MIMETYPE)
        with archive.open("content.xml", "w") as content:
            content.write(
                b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                b'<office:body><office:spreadsheet><table:table table:name="Sheet1">'
            )
            row = ods_rows(cell).encode()
            for _ in range(rows_needed):
                content.write(row)
            content.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")

    message, peak = refused_with_peak(buffer.getvalue())

    assert message == "The workbook unpacks to too much data to be imported."
    assert peak < 5 * MB


def test_an_ods_mimetype_entry_that_unpacks_to_megabytes_is_read_no_further_than_its_name():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODS_MIMETYPE + " " * (20 * MB))
        archive.writestr(
            "content.xml",
            zipfile.ZipFile(io.BytesIO(ods_file(ods_rows(ods_cell("姓名"))))).read("content.xml"),
        )

    table, peak = read_with_peak(buffer.getvalue())

    assert table.header == ["姓名"]
    assert peak < 5 * MB


# -- merged cells ------------------------------------------------------------------------------


def test_an_xlsx_unit_merged_over_two_members_is_read_in_both_rows():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["姓名", "單位"], ["林菊穗", "國家發展委員會"], ["王小明", None], ["李大華", "外交部"]]:
        sheet.append(row)
    sheet.merge_cells("B2:B3")
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue())

    assert table.rows == [
        (2, ["林菊穗", "國家發展委員會"]),
        (3, ["王小明", "國家發展委員會"]),
        (4, ["李大華", "外交部"]),
    ]


def test_an_xlsx_merge_to_the_sheets_edge_fills_only_the_rows_and_columns_there_are():
    rows = "".join(
        f'<row r="{n}">{xlsx_cell(f"A{n}", name)}{xlsx_cell(f"B{n}", unit) if unit else ""}</row>'
        for n, name, unit in [(1, "姓名", "單位"), (2, "林", "外交部"), (3, "王", ""), (5, "李", "")]
    )
    data = xlsx_file(rows, after='<mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells>')

    table, peak = read_with_peak(data)

    assert table.rows == [(2, ["林", "外交部"]), (3, ["王", "外交部"]), (5, ["李", "外交部"])]
    assert peak < 20 * MB


def test_an_ods_cell_spanning_rows_and_columns_gives_its_value_to_the_covered_cells():
    data = ods_file(
        f"<table:table-row>{ods_cell('姓名')}{ods_cell('單位')}{ods_cell('職稱')}{ods_cell('備註')}</table:table-row>"
        "<table:table-row>"
        + ods_cell("林菊穗")
        + ods_cell("國家發展委員會", 'table:number-rows-spanned="2"')
        + ods_cell("主任委員")
        + ods_cell("同行", 'table:number-columns-spanned="1"')
        + "</table:table-row>"
        "<table:table-row>"
        f"{ods_cell('王小明')}<table:covered-table-cell/>{ods_cell('專員')}</table:table-row>"
        "<table:table-row>"
        + ods_cell("李大華")
        + ods_cell("外交部、國發會", 'table:number-columns-spanned="2"')
        + "<table:covered-table-cell/></table:table-row>"
    )

    table = read_table(data)

    assert table.rows == [
        (2, ["林菊穗", "國家發展委員會", "主任委員", "同行"]),
        (3, ["王小明", "國家發展委員會", "專員"]),
        (4, ["李大華", "外交部、國發會", "外交部、國發會"]),
    ]


# -- CSV -----------------------------------------------------------------------------------------


def test_a_csv_cell_longer_than_pythons_field_limit_is_read_whole():
    long = "字" * 200_000

    table = read_table(f'姓名,備註\n林,"{long}"\n'.encode())

    assert table.rows == [(2, ["林", long])]


@pytest.mark.django_db
def test_a_roster_cell_longer_than_pythons_field_limit_is_named_by_row_and_column():
    delegation = f.make_delegation()
    content = f'序號,單位,姓名,職稱\n1,國發會,林菊穗,"{"長" * 140_000}"\n'

    plan = RosterImport(delegation).run(read_table(content.encode()), dry_run=True)

    assert [str(problem) for problem in plan.problems] == ["Row 2: 職稱 is longer than 200 characters."]


def test_a_csv_quote_never_closed_is_refused_naming_its_line():
    with pytest.raises(SpreadsheetError) as error:
        read_table('姓名,單位\n林,國發會\n王,"外交部\n李,經濟部\n'.encode())

    assert str(error.value) == (
        "The CSV file is damaged: the quoted cell that begins on line 3 has no closing quotation "
        'mark, so the rest of the file would be read into it. Add the missing quotation mark (") '
        "and upload the file again."
    )


def test_a_csv_quote_never_closed_after_a_cell_of_two_lines_names_the_line_it_begins_on():
    with pytest.raises(SpreadsheetError) as error:
        read_table('姓名,備註,單位\n林,"第一行\n第二行","國發會'.encode())

    assert "the quoted cell that begins on line 3 " in str(error.value)


def test_csv_quoted_cells_of_several_lines_still_read():
    table = read_table('姓名,備註\r\n林,"第一行\r\n第二行"\r\n王,"""引號"""'.encode())

    assert table.rows == [(2, ["林", "第一行\r\n第二行"]), (3, ["王", '"引號"'])]


# -- apostrophes round-trip --------------------------------------------------------------------

VALUES = ["=x", "'=x", "''=x", "-5 min", "'-ex officio", "it's", "'plain", "''", "＝x", "|x", "a|b"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_export_then_import_gives_back_every_apostrophe(file_format):
    exported = b"".join(spreadsheet_chunks(file_format, ["value"], [[value] for value in VALUES]))

    table = read_table(exported)

    assert [cell_text(cells[0]) for _, cells in table.rows] == VALUES
    assert [cell_lines(cells[0]) for _, cells in table.rows] == VALUES


# Formula starts behind leading white space of every kind a spreadsheet may skip.
SPACED = [" =x", "\u00a0+1", "\u200b@x", "\u3000－1", "\ufeff|x", "\t=x", " '=x"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_export_then_import_gives_back_formula_like_text_behind_white_space(file_format):
    exported = b"".join(spreadsheet_chunks(file_format, ["value"], [[value] for value in SPACED]))

    table = read_table(exported)

    assert [cells[0] for _, cells in table.rows] == SPACED


def test_an_exported_csv_has_an_apostrophe_before_formula_like_text_behind_white_space():
    exported = b"".join(spreadsheet_chunks("csv", ["value"], [[value] for value in SPACED]))

    cells = [row[0] for row in csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline=""))]

    assert cells == ["value", *("'" + value for value in SPACED)]


def test_an_exported_xlsx_has_text_cells_as_stored_without_an_apostrophe():
    exported = b"".join(spreadsheet_chunks("xlsx", ["value"], [[value] for value in VALUES]))

    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]

    # Typed as text ("s"): a spreadsheet shows "=x" and never runs it.
    assert [cell.value for cell in cells] == VALUES
    assert {cell.data_type for cell in cells} == {"s"}


def test_an_exported_ods_has_text_cells_as_stored_without_an_apostrophe():
    exported = b"".join(spreadsheet_chunks("ods", ["value"], [["=x"], ["+886 2 2316 5300"]]))

    content = zipfile.ZipFile(io.BytesIO(exported)).read("content.xml").decode("utf-8")

    assert '<table:table-cell office:value-type="string"><text:p>=x</text:p>' in content
    assert '<table:table-cell office:value-type="string"><text:p>+886 2 2316 5300</text:p>' in content
    assert "'" not in content


def test_only_the_start_of_a_csv_cell_of_several_lines_loses_an_apostrophe():
    table = read_table(b'value\n"\'=a\n\'=b"\n"a\n\'=b"\n')

    assert [cell_lines(cells[0]) for _, cells in table.rows] == ["=a\n'=b", "a\n'=b"]


# -- the ODS package ---------------------------------------------------------------------------


def test_the_ods_export_begins_with_its_mimetype_stored_with_sizes_in_the_local_header():
    exported = b"".join(spreadsheet_chunks("ods", ["姓名"], [["林"]] * 5000))
    mimetype = ODS_MIMETYPE.encode()

    signature, _version, flags, method, _time, _date, crc, compressed, size, name_length, extra_length = (
        struct.unpack("<4s5H3L2H", exported[:30])
    )

    assert signature == b"PK\x03\x04"
    assert flags & 0x08 == 0
    assert method == zipfile.ZIP_STORED
    assert compressed == size == len(mimetype)
    assert extra_length == 0
    assert exported[30 : 30 + name_length] == b"mimetype"
    assert exported[30 + name_length : 30 + name_length + size] == mimetype
    archive = zipfile.ZipFile(io.BytesIO(exported))
    assert archive.testzip() is None
    assert archive.infolist()[0].filename == "mimetype"
    assert crc == archive.infolist()[0].CRC
    assert archive.read("mimetype") == mimetype
    assert len(read_table(exported).rows) == 5000


# -- line breaks -------------------------------------------------------------------------------


def test_a_line_break_in_an_xlsx_cell_reaches_the_importers():
    workbook = openpyxl.Workbook()
    workbook.active.append(["講者"])
    workbook.active.append(["林菊穗\nAaron Wytze"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    [(_number, [speakers])] = read_table(buffer.getvalue()).rows

    assert speakers == "林菊穗\nAaron Wytze"
    assert cell_lines(speakers).split("\n") == ["林菊穗", "Aaron Wytze"]
    assert cell_text(speakers) == "林菊穗 Aaron Wytze"


def test_a_line_break_in_an_ods_cell_reaches_the_importers():
    data = ods_file(
        f"<table:table-row>{ods_cell('講者')}</table:table-row>"
        '<table:table-row><table:table-cell office:value-type="string">'
        "<text:p>林菊穗<text:line-break/>Aaron Wytze</text:p><text:p>王小明</text:p>"
        "</table:table-cell></table:table-row>"
    )

    [(_number, [speakers])] = read_table(data).rows

    assert speakers == "林菊穗\nAaron Wytze\n王小明"
    assert cell_lines(speakers).split("\n") == ["林菊穗", "Aaron Wytze", "王小明"]


def test_a_line_break_in_a_csv_cell_reaches_the_importers():
    [(_number, [speakers])] = read_table('講者\n"林菊穗\r\nAaron Wytze"\n'.encode()).rows

    assert cell_lines(speakers).split("\n") == ["林菊穗", "Aaron Wytze"]
