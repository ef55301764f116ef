"""An import format's columns, found by header (`Columns.locate`): in any order, Chinese or
English, full-width or not, spaces and case ignored; and the `Problem`s of a file, by row."""

import dataclasses
import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ..text import clean_text


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
