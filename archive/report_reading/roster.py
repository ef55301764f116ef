"""The roster (團員名單 / 出國人員) as rows in printed order, whatever the order of its columns.

Columns are told by their header cells, as the roster import tells them
(reports.roster_io.ROSTER_COLUMNS: 序號, 單位, 服務機關, 姓名, 職稱, 官職等, 電話, or their
English names); a column with an empty header whose cells are numbers (1. 2. …) is the 序號.
A table needs 姓名 and 職稱, and 單位 or 服務機關.

- From a PDF, the ruled tables of the layout-aware pass (document.py): the first table with
  such a header, and the tables that go on with it at the top of the pages after it with the
  same number of columns (a repeated header row is skipped).
- Else (a text file, or a PDF whose roster has no ruled lines), from the text: a line whose
  cells, parted by tabs or by two spaces or more, make such a header, and the lines after it
  that part into cells the same way.
"""

import re

from django.utils.translation import gettext as _

from reports.roster_io import ROSTER_COLUMNS

from .lines import join_lines
from .report import RosterRow

REQUIRED = ("name", "title")
ORGANISATION = ("organization", "agency")
_ORDER = re.compile(r"^\s*(\d{1,4})\s*[.．、]?\s*$")
_CELLS = re.compile(r"\t|\s{2,}")


def columns(header):
    """{column key: index} of a header row, or None if it is not a roster's header."""
    found = {}
    for index, cell in enumerate(header):
        column = next((column for column in ROSTER_COLUMNS if cell and column.accepts(cell)), None)
        if column and column.key not in found:
            found[column.key] = index
    if not all(key in found for key in REQUIRED) or not any(key in found for key in ORGANISATION):
        return None
    return found


def _with_order_column(found, header, rows):
    """An empty header cell over numbers is the 序號."""
    if "order" in found:
        return found
    for index, cell in enumerate(header):
        if not cell.strip() and index not in found.values():
            values = [row[index] for row in rows if index < len(row) and row[index].strip()]
            if values and all(_ORDER.match(value) for value in values):
                return {**found, "order": index}
    return found


def _cell(row, found, key):
    index = found.get(key)
    if index is None or index >= len(row):
        return ""
    return join_lines(row[index].split("\n"))


def _rows(cells_by_page, found, header):
    """RosterRows of [(page, cells)]: blank rows and repeated headers left out."""
    rows = []
    for page, cells in cells_by_page:
        if not any(cell.strip() for cell in cells) or [c.strip() for c in cells] == header:
            continue
        order_text = _cell(cells, found, "order")
        order = _ORDER.match(order_text)
        rows.append(
            RosterRow(
                order=int(order.group(1)) if order else len(rows) + 1,
                name=_cell(cells, found, "name"),
                agency=_cell(cells, found, "agency"),
                unit=_cell(cells, found, "organization"),
                title=_cell(cells, found, "title"),
                phone=_cell(cells, found, "phone"),
                grade=_cell(cells, found, "grade"),
                page=page,
            )
        )
    return rows


def roster_from_tables(document):
    """The roster of the Document's tables, or []. Where several tables have a roster's header
    (a report system's 提要 prints its 出國人員 as one), the one with the most rows is the
    roster; of two as long, the later (the appendix)."""
    tables = [(page.number, table) for page in document.pages for table in page.tables]
    rosters = [roster for index in range(len(tables)) if (roster := _table_roster(tables, index))]
    return max(reversed(rosters), key=len, default=[])


def _table_roster(tables, index):
    """The rows of the roster whose header is in tables[index] (and of the tables it goes on
    in), or None if that table has no roster header."""
    page_number, table = tables[index]
    rows = [[cell.strip() for cell in row] for row in table.rows]
    at = next((i for i, row in enumerate(rows) if columns(row)), None)
    if at is None:
        return None
    header = rows[at]
    cells = [(page_number, row) for row in rows[at + 1 :]]
    last_page = page_number
    for next_page, more in tables[index + 1 :]:
        more_rows = [[cell.strip() for cell in row] for row in more.rows]
        if not (
            more.at_top and next_page == last_page + 1 and more_rows and len(more_rows[0]) == len(header)
        ):
            break
        cells.extend((next_page, row) for row in more_rows)
        last_page = next_page
    found = _with_order_column(columns(header), header, [row for _page, row in cells])
    return _rows(cells, found, header)


def roster_from_text(lines):
    """The roster of text Lines (a header line and the rows after it), or []."""
    for index, line in enumerate(lines):
        header = [cell.strip() for cell in _CELLS.split(line.text.rstrip("\n"))]
        if len(header) < 3 or not (found := columns(header)):
            continue
        cells = []
        for row in lines[index + 1 :]:
            if not row.text.strip():
                continue
            parts = [cell.strip() for cell in _CELLS.split(row.text)]
            if len(parts) < 2:
                break
            cells.append((row.page, parts))
        found = _with_order_column(found, header, [row for _page, row in cells])
        return _rows(cells, found, header)
    return []


def roster_warnings(rows):
    warnings = []
    orders = [row.order for row in rows]
    if orders and orders != list(range(orders[0], orders[0] + len(orders))):
        warnings.append(
            _("The roster's numbers are not in sequence (%(orders)s): check for a row read wrong.")
            % {"orders": ", ".join(map(str, orders))}
        )
    for row in rows:
        if not row.name:
            warnings.append(_("Roster row %(order)s has no name.") % {"order": row.order})
    return warnings
