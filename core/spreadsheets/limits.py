"""What one spreadsheet file may be and hold: its size (`size_error`), the rows and cells read
from it (`Budget`, counted while it is read, before repeated cells are made: a workbook of a few
kilobytes can declare millions of them), what an XLSX or ODS file may unpack to and the length
of one cell; and the refusals of a file over them."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .errors import SpreadsheetError

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
# An ODS run of spaces (<text:s text:c="…"/>) is read as at most this many: more spaces than a
# cell needs, since cleaning makes any run of spaces one.
MAX_SPACES = 1000


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


class Budget:
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


def too_much_data():
    return SpreadsheetError(_("The workbook unpacks to too much data to be imported."))


def cell_too_long():
    return SpreadsheetError(
        _(
            "A cell of the workbook holds more than %(limit)s characters, more than a spreadsheet "
            "cell can hold: the file is damaged or was not saved by a spreadsheet program, and "
            "cannot be imported."
        )
        % {"limit": f"{MAX_CELL_CHARS:,}"}
    )
