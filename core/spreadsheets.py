"""Spreadsheets in and out: CSV, XLSX and ODS files read into rows, and rows written as those files.

Reading (`read_table`) takes the bytes of an uploaded file and finds out by itself what it is:
XLSX and ODS are ZIP files with known members, anything else must be text, decoded as UTF-8
(with or without a byte order mark), UTF-16 (Excel's "Unicode text") or cp950, what Excel writes
on Traditional-Chinese Windows. Staff never choose a format or an encoding. The first non-empty
row is the header; rows keep their spreadsheet row number (the header is row 1) so every message
can name the row. A file that is none of these, too large or damaged raises `SpreadsheetError`
with a message for staff; so does a sheet of more than MAX_ROWS rows or MAX_CELLS cells, counted
while it is read (a workbook of a few kilobytes can declare millions of repeated cells), and so
does an XLSX or ODS file that unpacks to more than MAX_UNPACKED_BYTES or has a cell of more than
MAX_CELL_CHARS characters, found by a streaming check before the file is read (`_UnpackGuard`:
a “bomb” of 190 KB whose one cell unpacks to 190 MB is refused within milliseconds). Merged
cells (XLSX) and spanned cells (ODS) give their value to every cell they cover, as a spreadsheet
shows them. Cells keep their line breaks ("\n"): `cell_text` makes them spaces, `cell_lines`
keeps them.

Writing (`spreadsheet_chunks`) streams a header and rows as a CSV (UTF-8 with a byte order mark,
so Excel reads it right), XLSX or ODS file, chunk by chunk: memory stays flat however many rows
(the ZIP formats are written to a non-seekable stream, entry by entry). In a CSV file every text
cell that a spreadsheet would run as a formula is prefixed with an apostrophe
(core.downloads.neutralise), which the CSV reader takes off again, so export then import
changes nothing. XLSX and ODS cells are written typed as text, which no spreadsheet runs as a
formula: they get no apostrophe (LibreOffice would show it), and none is taken off when read.

Columns are found by header (`Columns.locate`): in any order, Chinese or English, full-width or
not, spaces and case ignored.
"""

import bisect
import csv
import dataclasses
import datetime
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from xml.parsers import expat

from defusedxml import ElementTree
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .downloads import BOM, neutralise, unneutralise
from .text import clean_text

FORMATS = ("csv", "xlsx", "ods")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ODS_MIMETYPE = CONTENT_TYPES["ods"]
DEFAULT_MAX_SIZE = 5 * 1024 * 1024
# A ZIP of a few megabytes may unpack to gigabytes (a "ZIP bomb"): refuse what unpacks to more
# than this many times the upload limit.
MAX_UNPACK_RATIO = 40
# What one file may hold at most, counted while it is read and before repeated cells are made:
# far more than any roster or programme (10,000 sessions of 15 columns are 150,000 cells), far
# less than what a crafted file of a few kilobytes unfolds to (a million rows of 16,384 columns).
MAX_ROWS = 100_000
MAX_CELLS = 2_000_000
# One cell holds at most this many characters: Excel's own limit, far more than a name, a title
# or a description needs. It bounds the elements inside one cell too (paragraphs, runs of
# formatted text), so that a cell cannot be made of millions of empty pieces either.
MAX_CELL_CHARS = 32_767
# What an XLSX or ODS file may unpack to in all, read before it is parsed: a 100,000-row roster
# exported as ODS unpacks to 70 MB.
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
# Between two tags an XML part holds one text or one tag. A cell of MAX_CELL_CHARS characters
# each written as a character reference ("&#1114111;") fits in ten bytes a character.
_MAX_STRETCH = 10 * MAX_CELL_CHARS
# Text encodings tried in order; cp950 is Microsoft's Big5 (Excel on Traditional-Chinese Windows).
ENCODINGS = ("utf-8-sig", "cp950")
_SIGNATURES = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x1f\x8b": "gzip",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7-Zip",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; `message` says why, for staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


def max_upload_size():
    return getattr(settings, "IMPORT_MAX_UPLOAD_SIZE", DEFAULT_MAX_SIZE)


def size_error(size, limit=None):
    """The message for a file of `size` bytes over the limit, or None when it is within it."""
    limit = max_upload_size() if limit is None else limit
    if size <= limit:
        return None
    return _("The file is %(size)s; files of at most %(limit)s can be imported.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


@dataclasses.dataclass
class Table:
    """A spreadsheet's first sheet: its header row and its data rows (spreadsheet row number,
    cells). Cells are text, or numbers, dates and times where an XLSX or ODS file typed them."""

    format: str
    header: list
    rows: list
    encoding: str = ""
    sha256: str = ""
    size: int = 0
    header_row: int = 1
    # A workbook's sheet names, the one read first (XLSX and ODS; CSV leaves it empty).
    sheets: list = dataclasses.field(default_factory=list)

    def __bool__(self):
        # An empty roster is still a file: the importers say what is missing.
        return True

    def __len__(self):
        return len(self.rows)


def read_table(data, *, max_size=None):
    """The Table in `data` (the bytes of a CSV, XLSX or ODS file); SpreadsheetError if none."""
    limit = max_upload_size() if max_size is None else max_size
    if error := size_error(len(data), limit):
        raise SpreadsheetError(error)
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    budget = _Budget()
    sheets = []
    if data.startswith(b"PK\x03\x04"):
        format, rows = _read_zip(data, limit, budget, sheets)
        encoding = ""
    elif data.startswith(_OLE2):
        raise SpreadsheetError(
            _(
                "Files in the old Excel 97–2003 format (.xls) cannot be read: "
                "save the file as .xlsx, .ods or CSV."
            )
        )
    else:
        for signature, kind in _SIGNATURES.items():
            if data.startswith(signature):
                raise SpreadsheetError(
                    _("This is a %(kind)s file, not a spreadsheet: upload a CSV, XLSX or ODS file.")
                    % {"kind": kind}
                )
        text, encoding = _decode(data)
        format, rows = "csv", _read_csv(text, limit, budget)
    header_row, header, body = _split_header(rows)
    return Table(
        format=format,
        header=header,
        rows=body,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        header_row=header_row,
        sheets=sheets,
    )


class _Budget:
    """The rows and cells read from one file so far. Readers count a row's cells as the row is
    made (repeated cells before they are repeated), so a file that would unfold to more is
    refused before it fills the memory."""

    def __init__(self):
        self.rows = 0
        self.cells = 0

    def take(self, cells, rows=0):
        self.cells += cells
        self.rows += rows
        # The header row comes on top of the data rows.
        if self.cells > MAX_CELLS or self.rows > MAX_ROWS + 1:
            raise SpreadsheetError(
                _(
                    "The sheet has more than %(rows)s rows or %(cells)s cells, more than one import "
                    "can take: split it into several files and import them one after the other."
                )
                % {"rows": f"{MAX_ROWS:,}", "cells": f"{MAX_CELLS:,}"}
            )


def _not_a_spreadsheet():
    return SpreadsheetError(_("This file is not a spreadsheet: upload a CSV, XLSX or ODS file."))


def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
    if b"\x00" in data:
        raise _not_a_spreadsheet()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return text, encoding
    raise SpreadsheetError(
        _(
            "The file's text is neither UTF-8 nor Big5 (cp950), so it cannot be read: save it again "
            "as “CSV UTF-8” or as an XLSX or ODS workbook."
        )
    )


# A line added after the text of a CSV file: it reads back as a row of its own only if every
# quoted cell was closed (a noncharacter, which no file holds).
_CSV_END = "\ufdd0"


def _read_csv(text, limit, budget):
    first_line = text.split("\n", 1)[0]
    # Excel saves "CSV" with semicolons in some locales and "Unicode text" with tabs.
    delimiter = max([",", "\t", ";"], key=first_line.count) if first_line else ","
    # Python refuses cells over 131,072 characters as if the file were damaged. No cell is longer
    # than the file, so the upload limit is allowed: the importers then name the row and column
    # of a cell that is too long. (The limit is the csv module's, for the whole process: it is
    # only ever raised.)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
    # A quotation mark never closed silently makes the rest of the file one cell; with the end
    # line added, such a file is told by its last row not being the end line.
    ending = "" if text.endswith(("\n", "\r")) else "\n"
    reader = csv.reader(io.StringIO(text + ending + _CSV_END, newline=""), delimiter=delimiter)
    rows, begins, last_begins = [], 1, 1
    try:
        for row in reader:
            if row != [_CSV_END]:
                budget.take(len(row), rows=1 if any(_filled(cell) for cell in row) else 0)
            # A CSV file the archive wrote has an apostrophe before formula-like text.
            rows.append((len(rows) + 1, [unneutralise(cell) for cell in row]))
            last_begins, begins = begins, reader.line_num + 1
    except csv.Error:
        raise SpreadsheetError(
            _(
                "The CSV file is damaged and cannot be read: open it in a spreadsheet program and "
                "save it again as CSV, XLSX or ODS."
            )
        ) from None
    if rows and rows[-1][1] == [_CSV_END]:
        return rows[:-1]
    # The open quoted cell is the last one of the last row; the cells before it may hold lines.
    cells = rows[-1][1][:-1]
    line = last_begins + sum(cell.count("\n") + cell.count("\r") - cell.count("\r\n") for cell in cells)
    raise SpreadsheetError(
        _(
            "The CSV file is damaged: the quoted cell that begins on line %(line)s has no closing "
            "quotation mark, so the rest of the file would be read into it. Add the missing "
            'quotation mark (") and upload the file again.'
        )
        % {"line": line}
    )


def _split_header(rows):
    rows = [(number, _trim(cells)) for number, cells in rows]
    rows = [(number, cells) for number, cells in rows if any(_filled(cell) for cell in cells)]
    if not rows:
        raise SpreadsheetError(_("The file has no header row and no data."))
    (header_row, header), *body = rows
    return header_row, [cell_text(cell) for cell in header], body


def _filled(cell):
    return cell is not None and (not isinstance(cell, str) or cell.strip() != "")


def _trim(cells):
    cells = list(cells)
    while cells and not _filled(cells[-1]):
        cells.pop()
    return cells


# -- XLSX and ODS ------------------------------------------------------------------------------


_XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
# More spaces than a cell needs: cleaning makes any run of spaces one.
_MAX_SPACES = 1000


def _damaged():
    return SpreadsheetError(
        _("The file is damaged: it looks like an XLSX or ODS workbook but cannot be opened.")
    )


def _too_much_data():
    return SpreadsheetError(_("The workbook unpacks to too much data to be imported."))


def _read_zip(data, limit, budget, sheets):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise _damaged() from None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACK_RATIO * max(limit, DEFAULT_MAX_SIZE):
        raise _too_much_data()
    guard = _UnpackGuard()
    try:
        if "mimetype" in names and _starts_with_ods_mimetype(archive):
            with archive.open("content.xml") as stream:
                guard.check(stream)
            with archive.open("content.xml") as stream:
                return "ods", _read_ods(stream, budget, sheets)
        if "xl/workbook.xml" in names:
            # openpyxl parses several parts, found by what the workbook names: all are checked.
            for info in archive.infolist():
                with archive.open(info) as stream:
                    guard.check(stream)
            return "xlsx", _read_xlsx(data, budget, sheets)
    except SpreadsheetError:
        raise
    except Exception:
        # openpyxl and the XML parser raise many kinds of errors on a damaged file.
        raise _damaged() from None
    raise _not_a_spreadsheet()


def _starts_with_ods_mimetype(archive):
    # Read no more than a real one holds: the entry may unpack to far more.
    with archive.open("mimetype") as stream:
        return stream.read(len(ODS_MIMETYPE) + 64).strip() == ODS_MIMETYPE.encode()


def _cell_too_long():
    return SpreadsheetError(
        _(
            "A cell of the workbook holds more than %(limit)s characters, more than a spreadsheet "
            "cell can hold: the file is damaged or was not saved by a spreadsheet program, and "
            "cannot be imported."
        )
        % {"limit": f"{MAX_CELL_CHARS:,}"}
    )


class _UnpackGuard:
    """Reads the parts of an XLSX or ODS file as streams, unpacked chunk by chunk and parsed
    without building anything, before they are read for their cells, and refuses the file at
    the first chunk past a cap: more than MAX_UNPACKED_BYTES in all, a stretch between two tags
    longer than any cell, or a cell of more than MAX_CELL_CHARS characters. So neither our
    readers nor openpyxl ever hold a “bomb”: a workbook of a few hundred kilobytes whose one
    cell unpacks to hundreds of megabytes. A part that is not XML (an image) is only counted."""

    CHUNK = 64 * 1024
    # The elements that are one cell: XLSX sheet cells and shared strings, ODS cells.
    CELLS = {
        f"{_XLSX_MAIN} c",
        f"{_XLSX_MAIN} si",
        f"{_TABLE} table-cell",
        f"{_TABLE} covered-table-cell",
    }

    def __init__(self):
        self.unpacked = 0

    def check(self, stream):
        parser = None
        stretch = 0
        self.depth = self.length = self.pieces = 0
        while chunk := stream.read(self.CHUNK):
            self.unpacked += len(chunk)
            if self.unpacked > MAX_UNPACKED_BYTES:
                raise _too_much_data()
            tag = chunk.find(b"<")
            if tag == -1:
                stretch += len(chunk)
            else:
                if stretch + tag > _MAX_STRETCH:
                    raise _cell_too_long()
                stretch = len(chunk) - chunk.rfind(b"<") - 1
            if stretch > _MAX_STRETCH:
                raise _cell_too_long()
            if parser is None:
                # XML (UTF-8, or UTF-16 with its byte order mark), or else not parsed by anything.
                xml = chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or chunk.startswith(
                    (b"\xff\xfe", b"\xfe\xff")
                )
                parser = self._parser() if xml else False
            if parser:
                parser.Parse(chunk, False)
        if parser:
            parser.Parse(b"", True)

    def _parser(self):
        parser = expat.ParserCreate(namespace_separator=" ")
        # Text in pieces of up to 8 KB: fewer calls, and still a bounded buffer.
        parser.buffer_text = True
        # As defusedxml: a part that declares entities (“billion laughs”) is no spreadsheet's.
        parser.EntityDeclHandler = self._entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        return parser

    def _entity(self, *args):
        raise _damaged()

    def _start(self, name, attributes):
        if self.depth:
            self.depth += 1
            self.pieces += 1
            if self.pieces > MAX_CELL_CHARS:
                raise _cell_too_long()
            if name == f"{_TEXT} s":
                # An ODS run of spaces, as many as our reader makes of it.
                spaces = attributes.get(f"{_TEXT} c", "1")
                self._add(min(int(spaces), _MAX_SPACES) if spaces.isdigit() else 1)
        elif name in self.CELLS:
            self.depth, self.length, self.pieces = 1, 0, 0
        else:
            self.length = 0

    def _end(self, name):
        if self.depth:
            self.depth -= 1
        if not self.depth:
            self.length = 0

    def _text(self, text):
        self._add(len(text))

    def _add(self, length):
        self.length += length
        if self.length > MAX_CELL_CHARS:
            raise _cell_too_long()


def _read_xlsx(data, budget, sheets):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets += workbook.sheetnames
        sheet = workbook.worksheets[0]
        # The size a sheet declares (<dimension ref="A1:XFD1048576"/>) may be false: openpyxl
        # would pad every row, and add every row, up to it. Without it a row is as long as its
        # last cell and a row missing from the file comes as an empty one.
        sheet.reset_dimensions()
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            filled = any(_filled(cell) for cell in cells)
            budget.take(len(cells), rows=1 if filled else 0)
            if filled:
                rows.append((number, list(cells)))
        # openpyxl reads no merged cells in read-only mode: they come from the sheet's XML,
        # parsed again only when it has any (a quick look at its bytes tells).
        with sheet._get_source() as stream:
            merged = _mentions(stream, b"mergeCell")
        if merged:
            with sheet._get_source() as stream:
                _fill_merged_cells(rows, _xlsx_merged_ranges(stream), budget)
        return rows
    finally:
        workbook.close()


def _mentions(stream, word):
    """Whether the bytes of `stream` hold `word`, read in chunks."""
    tail = b""
    while chunk := stream.read(64 * 1024):
        if word in tail + chunk:
            return True
        tail = chunk[-len(word) :]
    return False


def _local_name(tag):
    return tag.rpartition("}")[2]


def _xlsx_merged_ranges(stream):
    """The merged ranges (<mergeCell ref="B2:B3"/>) of an XLSX sheet part, read as a stream:
    (first column, first row, last column, last row), counted from 1."""
    from openpyxl.utils.cell import range_boundaries

    parents = []
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        if event == "start":
            parents.append(element)
            continue
        parents.pop()
        name = _local_name(element.tag)
        if name == "mergeCell":
            yield range_boundaries(element.get("ref", ""))
        elif name == "mergeCells":
            return
        # A finished row (and its cells) is dropped, so memory holds one row at a time.
        if parents and name in ("row", "c"):
            parents[-1].remove(element)


def _width(cells):
    """How many cells a row has up to its last filled one."""
    return next((index + 1 for index in range(len(cells) - 1, -1, -1) if _filled(cells[index])), 0)


def _fill_merged_cells(rows, ranges, budget):
    """Every cell of a merged range given the value of its top-left cell, as a spreadsheet shows
    it (a unit printed once for two members of a roster), in `rows` ((number, cells), by number)
    as read: only rows that hold something of their own, only as wide as the widest row."""
    numbers = [number for number, _cells in rows]
    width = max((_width(cells) for _number, cells in rows), default=0)
    for first_column, first_row, last_column, last_row in ranges:
        # A range counts as read, however little of it is filled.
        budget.take(1)
        last_column = min(last_column, width)
        index = bisect.bisect_left(numbers, first_row)
        if index == len(numbers) or numbers[index] != first_row or first_column > last_column:
            continue
        top_left = rows[index][1]
        value = top_left[first_column - 1] if first_column <= len(top_left) else None
        if not _filled(value):
            continue
        while index < len(numbers) and numbers[index] <= last_row:
            cells = rows[index][1]
            budget.take(max(last_column - len(cells), 0) + last_column - first_column + 1)
            cells.extend([None] * (last_column - len(cells)))
            cells[first_column - 1 : last_column] = [value] * (last_column - first_column + 1)
            index += 1


def _q(namespace, name):
    return f"{{{namespace}}}{name}"


def _count(element, attribute):
    """A repeat or span count of an ODS element: 1 unless it says more."""
    return max(int(element.get(_q(_TABLE, attribute), "1")), 1)


class _OdsRow:
    """The cells of one ODS row as they are read. A run of empty cells is only counted until a
    filled cell follows it, so the empty cells LibreOffice repeats to the sheet's edge (over a
    thousand of them) are never made; every cell made is counted in the budget first."""

    def __init__(self, number, spans, budget):
        self.number = number
        self.spans = spans
        self.budget = budget
        self.cells = []
        self.empty = 0
        self.filled = False

    def add(self, value, repeat):
        if not _filled(value):
            self.empty += repeat
            return
        self.budget.take(self.empty + repeat)
        self.cells.extend([""] * self.empty)
        self.cells.extend([value] * repeat)
        self.empty = 0

    def cell(self, element):
        value = _ods_value(element)
        column = len(self.cells) + self.empty
        rows, columns = _count(element, "number-rows-spanned"), _count(element, "number-columns-spanned")
        if _filled(value):
            self.filled = True
            if rows > 1 or columns > 1:
                # The cells it spans are written as covered cells: they show its value.
                self.budget.take(columns)
                for spanned in range(column, column + columns):
                    self.spans[spanned] = (value, self.number + rows - 1)
        self.add(value, _count(element, "number-columns-repeated"))

    def covered_cell(self, element):
        repeat = _count(element, "number-columns-repeated")
        if not self.spans:
            self.empty += repeat
            return
        self.budget.take(repeat)
        column = len(self.cells) + self.empty
        for covered in range(column, column + repeat):
            value, last_row = self.spans.get(covered, ("", 0))
            self.add(value if last_row >= self.number else "", 1)


def _read_ods(stream, budget, sheets):
    """The first sheet of an ODS content.xml, read as a stream: repeated rows and cells expanded
    (counted before), covered cells given the value of the cell spanning them, empty rows and
    the empty cells after a row's last filled one skipped. The names of all sheets are added
    to `sheets`; the later sheets are only skimmed for them."""
    rows, number, row, parents, in_table, read = [], 1, None, [], False, False
    spans = {}
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "start":
            parents.append(element)
            if tag == _q(_TABLE, "table"):
                sheets.append(element.get(_q(_TABLE, "name"), ""))
                in_table = not read
            elif in_table and tag == _q(_TABLE, "table-row"):
                row = _OdsRow(number, spans, budget)
            continue
        parents.pop()
        if read:
            # Past the first sheet, every finished element goes, so memory stays small.
            if parents:
                parents[-1].remove(element)
            continue
        if not in_table:
            continue
        if tag == _q(_TABLE, "table"):
            in_table, read = False, True
            continue
        if row is not None and tag == _q(_TABLE, "table-cell"):
            row.cell(element)
        elif row is not None and tag == _q(_TABLE, "covered-table-cell"):
            row.covered_cell(element)
        elif tag == _q(_TABLE, "table-row"):
            repeat = _count(element, "number-rows-repeated")
            if row.filled:
                # The first of the repeated rows is counted already.
                budget.take(len(row.cells) * (repeat - 1), rows=repeat)
                rows.extend((number + offset, row.cells) for offset in range(repeat))
            number += repeat
            row = None
        else:
            continue
        # A finished cell or row is dropped, so memory holds one row at a time.
        parents[-1].remove(element)
    return rows


def _ods_value(cell):
    kind = cell.get(_q(_OFFICE, "value-type"))
    try:
        if kind in ("float", "percentage", "currency"):
            number = float(cell.get(_q(_OFFICE, "value")))
            return int(number) if number.is_integer() else number
        if kind == "date":
            value = cell.get(_q(_OFFICE, "date-value"))
            return (
                datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
            )
        if kind == "time":
            match = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S", cell.get(_q(_OFFICE, "time-value"), ""))
            if match:
                hours, minutes, seconds = map(int, match.groups())
                return datetime.time(hours % 24, minutes, seconds)
        if kind == "boolean":
            return cell.get(_q(_OFFICE, "boolean-value"))
    except (TypeError, ValueError):
        pass
    return "\n".join(
        _ods_text(paragraph) for paragraph in cell if paragraph.tag in (_q(_TEXT, "p"), _q(_TEXT, "h"))
    )


def _ods_text(element):
    parts = [element.text or ""]
    for child in element:
        if child.tag == _q(_TEXT, "s"):
            parts.append(" " * min(int(child.get(_q(_TEXT, "c"), "1")), _MAX_SPACES))
        elif child.tag == _q(_TEXT, "tab"):
            parts.append("\t")
        elif child.tag == _q(_TEXT, "line-break"):
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# -- cells and columns -------------------------------------------------------------------------


# Full-width digits, Latin letters and spaces as plain ones; invisible characters and control
# characters other than white space dropped (a NUL never gets here: such a CSV is refused as
# binary, and XLSX and ODS cannot hold one).
# Full-width punctuation stays: Chinese text writes it so (“：”, “（”, “，”).
_WIDTH = {
    **dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F]),
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},
    0x3000: " ",
    0x00A0: " ",
    0x200B: None,
    0xFEFF: None,
}
_SPACES = re.compile(r"\s+")


def cell_text(value):
    """A cell as clean text: full-width letters, digits and spaces folded, white space tidied,
    whole numbers without ".0", dates and times in ISO form. Line breaks become spaces:
    `cell_lines` keeps them."""
    return _clean_cell(value)


def _clean_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = (
            value.date() if value.time() == datetime.time() else value.isoformat(sep=" ", timespec="minutes")
        )
    if isinstance(value, datetime.time):
        value = value.strftime("%H:%M")
    return _SPACES.sub(" ", str(value).translate(_WIDTH)).strip()


def cell_lines(value):
    """A cell that may hold several lines (a description, or several speakers entered with
    Alt+Enter): each line cleaned, lines kept, as "\n", whether the file is CSV, XLSX or ODS."""
    if not isinstance(value, str):
        return cell_text(value)
    lines = [_clean_cell(line) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def header_key(text):
    """What a header is recognised by: cleaned, case-folded, without spaces and punctuation."""
    return re.sub(r"[\s_\-./:()（）、]", "", clean_text(text)).casefold()


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of an import format: its key in code, the header an export writes, the
    headers an import accepts, and whether a file must have it."""

    key: str
    header: str
    aliases: tuple = ()
    required: bool = False

    def accepts(self, text):
        return header_key(text) in {
            header_key(self.header),
            header_key(self.key),
            *map(header_key, self.aliases),
        }


@dataclasses.dataclass(frozen=True)
class Problem:
    """Something wrong with a file: the spreadsheet row (None for the whole file), the column
    header as the file has it (or as the format names it), and a message for staff."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return str(self.message)
        return str(_("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message})


class Columns:
    def __init__(self, columns):
        self.columns = list(columns)

    def __iter__(self):
        return iter(self.columns)

    @property
    def headers(self):
        return [column.header for column in self.columns]

    def locate(self, table):
        """({column key: index in the row}, [Problem]) for the table's header."""
        found, problems = {}, []
        for index, text in enumerate(table.header):
            column = next((column for column in self.columns if column.accepts(text)), None)
            if column is None:
                continue
            if column.key in found:
                problems.append(
                    Problem(
                        table.header_row,
                        text,
                        _("The column “%(column)s” appears twice (columns %(first)s and %(second)s).")
                        % {"column": text, "first": found[column.key] + 1, "second": index + 1},
                    )
                )
            else:
                found[column.key] = index
        for column in self.columns:
            if column.required and column.key not in found:
                problems.append(Problem(None, column.header, self._missing(column, table.header_row)))
        if any(problem.row is None for problem in problems) and len(table.sheets) > 1:
            problems.append(Problem(None, "", _other_sheets(table.sheets)))
        return found, problems

    @staticmethod
    def _missing(column, header_row):
        """The message for a required column the header lacks, naming its English header too."""
        params = {"column": column.header, "english": column.key, "row": header_row}
        if header_key(column.header) == header_key(column.key):
            message = _("The file has no “%(column)s” column: the header row (row %(row)s) must name it.")
            return message % params
        return (
            _(
                "The file has no “%(column)s” (or “%(english)s”) column: the header row (row %(row)s) "
                "must name it."
            )
            % params
        )


def _other_sheets(sheets):
    first, *others = sheets
    return _(
        "Only the workbook's first sheet, “%(first)s”, is read; the workbook also has %(others)s. "
        "Move the table to the first sheet, or save its sheet alone."
    ) % {
        "first": first,
        "others": pgettext("between the items of a list", ", ").join(f"“{name}”" for name in others),
    }


# -- writing -----------------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text):
    text = _XML_ILLEGAL.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
    )


def _export_cell(value):
    """A value as written: numbers stay numbers, the rest is text (neutralised in CSV only)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)


def spreadsheet_chunks(format, header, rows: Iterable, *, sheet_name="Sheet1") -> Iterator[bytes]:
    """The bytes of a `format` ("csv", "xlsx" or "ods") file of `header` and `rows`, in chunks,
    rows read lazily. Numbers stay numbers; CSV text cells are neutralised, XLSX and ODS ones
    are typed as text."""
    if format == "csv":
        return _csv_chunks(header, rows)
    if format == "xlsx":
        return _zip_chunks(_xlsx_entries(header, rows, sheet_name))
    if format == "ods":
        return _zip_chunks(_ods_entries(header, rows, sheet_name), mimetype=ODS_MIMETYPE)
    raise ValueError(f"unknown spreadsheet format {format!r}")


class _Line:
    def write(self, value):
        return value


def _csv_chunks(header, rows):
    writer = csv.writer(_Line())
    buffer = [BOM + writer.writerow([neutralise(_export_cell(str(cell))) for cell in header])]
    for row in rows:
        buffer.append(writer.writerow([neutralise(_export_cell(cell)) for cell in row]))
        if len(buffer) >= 500:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    yield "".join(buffer).encode("utf-8")


class _Pipe(io.RawIOBase):
    """A write-only, non-seekable stream whose written bytes are taken out in chunks; it tells
    how many bytes were written, which is where the next ZIP entry begins."""

    def __init__(self):
        self.parts = []
        self.written = 0

    def writable(self):
        return True

    def write(self, data):
        self.parts.append(bytes(data))
        self.written += len(data)
        return len(data)

    def tell(self):
        return self.written

    def take(self):
        data = b"".join(self.parts)
        self.parts = []
        return data


def _zip_chunks(entries, *, mimetype=None):
    """A ZIP file of `entries` ((name, chunks, compress)), streamed: zipfile writes to a
    non-seekable stream with data descriptors, so nothing is held back but the compressor's buffer.

    An ODF package (ODS) begins with a `mimetype` entry, stored, whose sizes are in its local
    header and not in a data descriptor after it: Java's ZipInputStream refuses a stored entry
    with a descriptor, and ODF validators check it. It is written here before zipfile takes the
    stream, and listed in the central directory with the others."""
    pipe = _Pipe()
    first = None
    if mimetype is not None:
        data = mimetype.encode("ascii")
        first = zipfile.ZipInfo("mimetype", date_time=(2000, 1, 1, 0, 0, 0))
        first.compress_type = zipfile.ZIP_STORED
        first.file_size = first.compress_size = len(data)
        first.CRC = zlib.crc32(data)
        first.header_offset = pipe.tell()
        pipe.write(first.FileHeader(zip64=False))
        pipe.write(data)
    with zipfile.ZipFile(pipe, mode="w") as archive:
        if first is not None:
            archive.filelist.append(first)
            archive.NameToInfo[first.filename] = first
        for name, chunks, compress in entries:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            with archive.open(info, mode="w") as entry:
                for chunk in chunks:
                    entry.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                    if sum(map(len, pipe.parts)) >= 64 * 1024:
                        yield pipe.take()
            yield pipe.take()
    yield pipe.take()


def _batched_rows(render, rows, size=200):
    batch = []
    for row in rows:
        batch.append(render(row))
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xlsx_row(number, cells):
    parts = [f'<row r="{number}">']
    for index, value in enumerate(cells):
        value = _export_cell(value)
        if value == "":
            continue
        reference = f"{_column_letter(index)}{number}"
        if isinstance(value, int | float):
            parts.append(f'<c r="{reference}"><v>{value}</v></c>')
        else:
            parts.append(
                f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{_xml(value)}</t></is></c>'
            )
    parts.append("</row>")
    return "".join(parts)


def _sheet_title(name, limit=31):
    return re.sub(r"[\[\]:*?/\\]", " ", str(name))[:limit] or "Sheet1"


def _xlsx_entries(header, rows, sheet_name):
    def sheet():
        yield f'{_XML_DECLARATION}<worksheet xmlns="{_XLSX_MAIN}"><sheetData>'
        yield _xlsx_row(1, [str(cell) for cell in header])
        numbered = enumerate(rows, start=2)
        yield from _batched_rows(lambda item: _xlsx_row(*item), numbered)
        yield "</sheetData></worksheet>"

    content_types = (
        f'{_XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'{_XML_DECLARATION}<workbook xmlns="{_XLSX_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
        f'<sheet name="{_xml(_sheet_title(sheet_name))}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    styles = (
        f'{_XML_DECLARATION}<styleSheet xmlns="{_XLSX_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    return [
        ("[Content_Types].xml", [content_types], True),
        ("_rels/.rels", [root_rels], True),
        ("xl/workbook.xml", [workbook], True),
        ("xl/_rels/workbook.xml.rels", [workbook_rels], True),
        ("xl/styles.xml", [styles], True),
        ("xl/worksheets/sheet1.xml", sheet(), True),
    ]


def _ods_paragraphs(text):
    paragraphs = []
    for line in text.split("\n"):
        # ODF collapses runs of spaces: the second and later of a run are written as <text:s/>.
        line = re.sub(r"(?<= ) +|^ +", lambda m: f'<text:s text:c="{len(m.group())}"/>', _xml(line))
        paragraphs.append(f"<text:p>{line.replace(chr(9), '<text:tab/>')}</text:p>")
    return "".join(paragraphs)


def _ods_row(cells):
    parts = ["<table:table-row>"]
    for value in cells:
        value = _export_cell(value)
        if value == "":
            parts.append("<table:table-cell/>")
        elif isinstance(value, int | float):
            parts.append(
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        else:
            parts.append(
                f'<table:table-cell office:value-type="string">{_ods_paragraphs(value)}</table:table-cell>'
            )
    parts.append("</table:table-row>")
    return "".join(parts)


def _ods_entries(header, rows, sheet_name):
    def content():
        yield (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="{_OFFICE}" '
            f'xmlns:table="{_TABLE}" xmlns:text="{_TEXT}" office:version="1.2">'
            "<office:body><office:spreadsheet>"
            f'<table:table table:name="{_xml(_sheet_title(sheet_name, 100))}">'
        )
        yield _ods_row([str(cell) for cell in header])
        yield from _batched_rows(_ods_row, rows)
        yield "</table:table></office:spreadsheet></office:body></office:document-content>"

    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        f'manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    # The package's first entry, `mimetype`, is written by _zip_chunks.
    return [
        ("META-INF/manifest.xml", [manifest], True),
        ("content.xml", content(), True),
    ]
