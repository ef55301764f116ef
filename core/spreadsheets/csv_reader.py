"""CSV files read into rows: the text decoded as UTF-8 (with or without a byte order mark),
UTF-16 (Excel's "Unicode text") or cp950, what Excel writes on Traditional-Chinese Windows; the
delimiter found from the first line; a quoted cell never closed found and named by its line.
The apostrophe the archive's exports put before formula-like text is taken off again
(core.downloads.unneutralise)."""

import csv
import io

from django.utils.translation import gettext_lazy as _

from ..downloads import unneutralise
from .cells import is_filled
from .errors import SpreadsheetError, not_a_spreadsheet

# Text encodings tried in order; cp950 is Microsoft's Big5 (Excel on Traditional-Chinese Windows).
ENCODINGS = ("utf-8-sig", "cp950")


def decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise not_a_spreadsheet() from None
    if b"\x00" in data:
        raise not_a_spreadsheet()
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


def read_csv(text, limit, budget):
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
                budget.take(len(row), rows=1 if any(is_filled(cell) for cell in row) else 0)
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
