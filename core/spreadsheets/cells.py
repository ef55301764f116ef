"""A cell's value as clean text (`cell_text`, `cell_lines`), and whether a cell holds anything."""

import datetime
import re

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


def is_filled(cell):
    """Whether a cell holds anything: a value, or text that is not only white space."""
    return cell is not None and (not isinstance(cell, str) or cell.strip() != "")
