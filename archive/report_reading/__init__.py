"""Reading a 出國報告 (trip report) from its PDF or its plain text.

    from archive.report_reading import UnreadableReport, read_report

    try:
        report = read_report(upload)  # bytes, a path or a (Django) file object
    except UnreadableReport as error:  # a ValidationError, with a message for staff
        ...

`report` is a ReadReport (report.py): every header field with the page it was read on and the
text as printed, the sections, the recommendations, the roster, what is missing and what to
check. Nothing touches the database. The parts, one job each:

    extract.py          a file into a Document of pages of lines (document.py): PDFs through
                        pdf_text.py (pypdf checks the file, PDFium reads the text,
                        pdfplumber the roster's pages only; within budgets), text files
                        in UTF-8, UTF-16 or Big5
    characters.py       look-alike radicals of PDF text layers as ordinary ideographs
    furniture.py        running headers, footers and page numbers dropped
    parse.py            a Document into a ReadReport; not a 出國報告 → NotAReport
    lines.py            lines into paragraphs; the table of contents set apart
    header.py           the cover's, the 提要's and the 摘要's fields
    dates.py            ROC and Gregorian dates, periods, month precision
    places.py           country names as ISO codes
    sections.py         numbered headings and their text
    recommendations.py  the 建議 and 後續工作事項 items
    roster.py           the 團員名單 table in printed order, whatever its columns' order
"""

from .errors import NotAReport, UnreadableReport
from .extract import read_document
from .parse import parse_document, read_report
from .report import Author, Found, ReadReport, Recommendation, RosterRow, Section

__all__ = [
    "Author",
    "Found",
    "NotAReport",
    "ReadReport",
    "Recommendation",
    "RosterRow",
    "Section",
    "UnreadableReport",
    "parse_document",
    "read_document",
    "read_report",
]
