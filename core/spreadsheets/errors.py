"""The error a file that cannot be read as a spreadsheet raises, and the refusals every reader
shares (not a spreadsheet, a damaged workbook); those at a limit are in `limits`."""

from django.utils.translation import gettext_lazy as _


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; `message` says why, for staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


def not_a_spreadsheet():
    return SpreadsheetError(_("This file is not a spreadsheet: upload a CSV, XLSX or ODS file."))


def damaged():
    return SpreadsheetError(
        _("The file is damaged: it looks like an XLSX or ODS workbook but cannot be opened.")
    )
