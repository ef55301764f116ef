"""The first sheet of an XLSX workbook read into rows (with openpyxl, read-only), its merged
cells given the value of their top-left cell, as a spreadsheet shows them."""

import bisect
import io

from defusedxml import ElementTree

from .cells import is_filled


def read_xlsx(data, budget, sheets):
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
            filled = any(is_filled(cell) for cell in cells)
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
    return next((index + 1 for index in range(len(cells) - 1, -1, -1) if is_filled(cells[index])), 0)


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
        if not is_filled(value):
            continue
        while index < len(numbers) and numbers[index] <= last_row:
            cells = rows[index][1]
            budget.take(max(last_column - len(cells), 0) + last_column - first_column + 1)
            cells.extend([None] * (last_column - len(cells)))
            cells[first_column - 1 : last_column] = [value] * (last_column - first_column + 1)
            index += 1
