"""The first sheet of an ODS workbook read into rows, as a stream: repeated rows and cells
counted before they are made, spanned cells giving their value to the cells they cover."""

import datetime
import re

from defusedxml import ElementTree

from .cells import is_filled
from .formats import OFFICE, TABLE, TEXT
from .limits import MAX_SPACES


def _q(namespace, name):
    return f"{{{namespace}}}{name}"


def _count(element, attribute):
    """A repeat or span count of an ODS element: 1 unless it says more."""
    return max(int(element.get(_q(TABLE, attribute), "1")), 1)


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
        if not is_filled(value):
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
        if is_filled(value):
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


def read_ods(stream, budget, sheets):
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
            if tag == _q(TABLE, "table"):
                sheets.append(element.get(_q(TABLE, "name"), ""))
                in_table = not read
            elif in_table and tag == _q(TABLE, "table-row"):
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
        if tag == _q(TABLE, "table"):
            in_table, read = False, True
            continue
        if row is not None and tag == _q(TABLE, "table-cell"):
            row.cell(element)
        elif row is not None and tag == _q(TABLE, "covered-table-cell"):
            row.covered_cell(element)
        elif tag == _q(TABLE, "table-row"):
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
    kind = cell.get(_q(OFFICE, "value-type"))
    try:
        if kind in ("float", "percentage", "currency"):
            number = float(cell.get(_q(OFFICE, "value")))
            return int(number) if number.is_integer() else number
        if kind == "date":
            value = cell.get(_q(OFFICE, "date-value"))
            return (
                datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
            )
        if kind == "time":
            match = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S", cell.get(_q(OFFICE, "time-value"), ""))
            if match:
                hours, minutes, seconds = map(int, match.groups())
                return datetime.time(hours % 24, minutes, seconds)
        if kind == "boolean":
            return cell.get(_q(OFFICE, "boolean-value"))
    except (TypeError, ValueError):
        pass
    return "\n".join(
        _ods_text(paragraph) for paragraph in cell if paragraph.tag in (_q(TEXT, "p"), _q(TEXT, "h"))
    )


def _ods_text(element):
    parts = [element.text or ""]
    for child in element:
        if child.tag == _q(TEXT, "s"):
            parts.append(" " * min(int(child.get(_q(TEXT, "c"), "1")), MAX_SPACES))
        elif child.tag == _q(TEXT, "tab"):
            parts.append("\t")
        elif child.tag == _q(TEXT, "line-break"):
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
