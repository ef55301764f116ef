"""Reading (`read_table`): the bytes of an uploaded file into a `Table`, whatever the file is.

XLSX and ODS are ZIP files with known members, anything else must be text, decoded as UTF-8
(with or without a byte order mark), UTF-16 (Excel's "Unicode text") or cp950, what Excel writes
on Traditional-Chinese Windows. Staff never choose a format or an encoding. The first non-empty
row is the header; rows keep their spreadsheet row number (the header is row 1) so every message
can name the row. A file that is none of these, too large or damaged raises `SpreadsheetError`
with a message for staff; so does a sheet of more than MAX_ROWS rows or MAX_CELLS cells, counted
while it is read (a workbook of a few kilobytes can declare millions of repeated cells), and so
does an XLSX or ODS file that unpacks to more than MAX_UNPACKED_BYTES or has a cell of more than
MAX_CELL_CHARS characters, found by a streaming check before the file is read (`UnpackGuard`:
a “bomb” of 190 KB whose one cell unpacks to 190 MB is refused within milliseconds). Merged
cells (XLSX) and spanned cells (ODS) give their value to every cell they cover, as a spreadsheet
shows them. Cells keep their line breaks ("\n"): `cell_text` makes them spaces, `cell_lines`
keeps them.

A CSV file the archive wrote has an apostrophe before formula-like text
(core.downloads.neutralise), which the CSV reader takes off again, so export then import
changes nothing; XLSX and ODS cells are read as they are.
"""

import dataclasses
import hashlib
import io
import zipfile

from django.utils.translation import gettext_lazy as _

from .cells import cell_text, is_filled
from .csv_reader import decode, read_csv
from .errors import SpreadsheetError, damaged, not_a_spreadsheet
from .formats import ODS_MIMETYPE
from .limits import (
    DEFAULT_MAX_SIZE,
    MAX_UNPACK_RATIO,
    Budget,
    max_upload_size,
    size_error,
    too_much_data,
)
from .ods_reader import read_ods
from .unpack_guard import UnpackGuard
from .xlsx_reader import read_xlsx

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
    budget = Budget()
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
        text, encoding = decode(data)
        format, rows = "csv", read_csv(text, limit, budget)
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


def _read_zip(data, limit, budget, sheets):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise damaged() from None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACK_RATIO * max(limit, DEFAULT_MAX_SIZE):
        raise too_much_data()
    guard = UnpackGuard()
    try:
        if "mimetype" in names and _starts_with_ods_mimetype(archive):
            with archive.open("content.xml") as stream:
                guard.check(stream)
            with archive.open("content.xml") as stream:
                return "ods", read_ods(stream, budget, sheets)
        if "xl/workbook.xml" in names:
            # openpyxl parses several parts, found by what the workbook names: all are checked.
            for info in archive.infolist():
                with archive.open(info) as stream:
                    guard.check(stream)
            return "xlsx", read_xlsx(data, budget, sheets)
    except SpreadsheetError:
        raise
    except Exception:
        # openpyxl and the XML parser raise many kinds of errors on a damaged file.
        raise damaged() from None
    raise not_a_spreadsheet()


def _starts_with_ods_mimetype(archive):
    # Read no more than a real one holds: the entry may unpack to far more.
    with archive.open("mimetype") as stream:
        return stream.read(len(ODS_MIMETYPE) + 64).strip() == ODS_MIMETYPE.encode()


def _split_header(rows):
    rows = [(number, _trim(cells)) for number, cells in rows]
    rows = [(number, cells) for number, cells in rows if any(is_filled(cell) for cell in cells)]
    if not rows:
        raise SpreadsheetError(_("The file has no header row and no data."))
    (header_row, header), *body = rows
    return header_row, [cell_text(cell) for cell in header], body


def _trim(cells):
    cells = list(cells)
    while cells and not is_filled(cells[-1]):
        cells.pop()
    return cells
