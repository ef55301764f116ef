"""Why a file cannot be read as a report: one exception, with a message for staff.

`UnreadableReport` is a ValidationError, so a form's clean() can let it through as the upload
field's error, and a command prints `" ".join(error.messages)`. Its message is translated in
the language active when it is shown, and `code` says which case it is:

    too_large       over settings.REPORT_FILE_MAX_SIZE
    not_pdf_or_text neither a PDF nor text in UTF-8 or Big5 (cp950)
    pdf_unreadable  a damaged or incomplete PDF
    pdf_encrypted   an encrypted or password-protected PDF
    pdf_empty       a PDF without pages
    no_text         a PDF with no text layer (scanned pages: no OCR is done)
    too_many_pages, too_many_objects, too_much_text, too_slow
                    over a reading budget (a "PDF bomb"), refused before reading on
    not_a_report    read, but too many of a 出國報告's header fields are missing
                    (NotAReport; `missing` names them)
"""

from django.core.exceptions import ValidationError


class UnreadableReport(ValidationError):
    def __init__(self, message, code, params=None):
        super().__init__(message, code=code, params=params)

    def __str__(self):
        return " ".join(self.messages)

    @classmethod
    def from_validation_error(cls, error):
        """The same message as `error`, a ValidationError of reports.pdf's checks."""
        return cls(error.message, code=error.code, params=error.params)


class NotAReport(UnreadableReport):
    """The file reads, but not as a 出國報告: `missing` are the ReadReport field names of the
    required header fields that were not found, `report` what was read."""

    def __init__(self, message, params, missing, report):
        super().__init__(message, code="not_a_report", params=params)
        self.missing = missing
        self.report = report
