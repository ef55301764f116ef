"""A PDF's text, page by page, within budgets; and its roster tables, read layout-aware.

pypdf opens the file and checks it, as report files are checked (reports.pdf.open_pdf: damaged,
encrypted, no pages), and tells its page and object counts for the budgets. The text of every
page, and where its characters are (for where lines end: document.Page.geometry), comes from
PDFium (pypdfium2, which pdfplumber installs): 3 to 5 ms a page of CJK text here. pypdf's own
text extraction, 20 ms a page for a PDF written with one font subset a line (reportlab), takes
80 ms a page for one whose lines switch fonts at every script change, as Chromium's and word
processors' do: pypdf parses a font again at each switch, and a 100-page report took 8 s. Tables
need the positions of lines and characters, which pdfplumber reads at about 50 ms a page, so it
reads only the pages whose text names a roster's columns (姓名 and 職稱 beside 單位 or 機關) and the
page after each, where a long roster goes on.

Budgets, each refused with its own message before reading on (settings, from the environment):

    REPORT_READING_MAX_PAGES       the page count the file declares (its /Count, read without
                                   walking the pages): a file claiming 100,000 pages is refused
                                   in milliseconds
    REPORT_READING_MAX_OBJECTS     the objects in its cross-reference tables
    REPORT_READING_MAX_CONTENT     the bytes its pages' content streams inflate to (pypdf
                                   inflates them, capped, before PDFium reads them: a page that
                                   unpacks to gigabytes is refused, not read)
    REPORT_READING_MAX_CHARACTERS  the text read so far
    REPORT_READING_SECONDS         the time spent so far, checked after each page

pypdf caps what one stream may decompress to (75 MB); a file pypdf or PDFium cannot follow is
"damaged or incomplete".
"""

import io
import logging
import re
import threading
import time

import pdfplumber
import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException
from pypdf.errors import LimitReachedError

from reports.pdf import UNREADABLE_PDF_ERRORS, damaged_pdf, open_pdf

from .characters import fix_characters
from .document import Document, Page, Table
from .errors import UnreadableReport
from .furniture import drop_furniture
from .lines import is_cjk

# pdfminer logs each oddity of a font it meets (a missing FontBBox) as a warning; what matters
# is whether the table reads, and a page it cannot read is passed over.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# What pdfminer (under pdfplumber) raises for a structure it cannot follow.
UNREADABLE_LAYOUT_ERRORS = (PdfminerException, PSException, *UNREADABLE_PDF_ERRORS)

# The words of a roster's header row (團員名單 / 出國人員): a page whose text has them is read
# layout-aware. Spaces are taken out first: a header cell may print "姓 名".
ROSTER_WORDS = ("姓名", "職稱")
ROSTER_ORGANISATION_WORDS = ("單位", "機關")
_COVER_AUTHORS = re.compile(r"^\s*姓\s*名\s*職\s*稱\s*[:：]")

# PDFium is not thread-safe: one document is read at a time in a process.
PDFIUM = threading.Lock()

NO_TEXT = _(
    "This PDF has no text layer: its pages are images, as a scan makes them. The archive does not "
    "read text from images (no OCR is done). Upload the PDF the report was written as, or its text."
)


class Budget:
    """The reading budgets of one file (see the module's docstring)."""

    def __init__(self):
        self.started = time.monotonic()
        self.characters = 0

    def check_size(self, reader):
        pages = len(reader.pages)
        if pages > settings.REPORT_READING_MAX_PAGES:
            raise UnreadableReport(
                _("This PDF has %(pages)s pages; a report may have at most %(limit)s."),
                code="too_many_pages",
                params={"pages": f"{pages:,}", "limit": f"{settings.REPORT_READING_MAX_PAGES:,}"},
            )
        objects = sum(len(table) for table in reader.xref.values()) + len(reader.xref_objStm)
        if objects > settings.REPORT_READING_MAX_OBJECTS:
            raise UnreadableReport(
                _(
                    "This PDF is made of %(objects)s objects; a report may have at most %(limit)s. "
                    "It cannot be read safely."
                ),
                code="too_many_objects",
                params={"objects": f"{objects:,}", "limit": f"{settings.REPORT_READING_MAX_OBJECTS:,}"},
            )

    def check_content(self, reader):
        """The pages' content streams, inflated by pypdf (which stops one past 75 MB)."""
        inflated = 0
        try:
            for page in reader.pages:
                contents = page.get_contents()
                inflated += len(contents.get_data()) if contents is not None else 0
                if inflated > settings.REPORT_READING_MAX_CONTENT:
                    break
        except LimitReachedError:
            inflated = settings.REPORT_READING_MAX_CONTENT + 1
        except UNREADABLE_PDF_ERRORS as error:
            raise UnreadableReport.from_validation_error(damaged_pdf()) from error
        if inflated > settings.REPORT_READING_MAX_CONTENT:
            raise UnreadableReport(
                _("This PDF's pages unpack to more than %(limit)s; it cannot be read safely."),
                code="too_much_content",
                params={"limit": filesizeformat(settings.REPORT_READING_MAX_CONTENT)},
            )

    def spend(self, text=""):
        self.characters += len(text)
        if self.characters > settings.REPORT_READING_MAX_CHARACTERS:
            raise UnreadableReport(
                _("This PDF holds more than %(limit)s characters of text; it cannot be read safely."),
                code="too_much_text",
                params={"limit": f"{settings.REPORT_READING_MAX_CHARACTERS:,}"},
            )
        if time.monotonic() - self.started > settings.REPORT_READING_SECONDS:
            raise UnreadableReport(
                _("Reading this PDF took longer than %(seconds)s seconds, so it was stopped."),
                code="too_slow",
                params={"seconds": settings.REPORT_READING_SECONDS},
            )


def read_pdf_document(data, progress=None):
    """The Document of the PDF `data` (bytes); UnreadableReport if it cannot be read.
    `progress(stage, done, total)` is called after each page."""
    budget = Budget()
    try:
        reader = open_pdf(io.BytesIO(data))
    except ValidationError as error:
        raise UnreadableReport.from_validation_error(error) from None
    budget.check_size(reader)
    budget.check_content(reader)
    started = time.perf_counter()
    measured = page_lines(data, len(reader.pages), budget, progress)
    texts = [[text for text, _right, _first in lines] for lines in measured]
    if not any(line.strip() for lines in texts for line in lines):
        raise UnreadableReport(NO_TEXT, code="no_text")
    seconds_text = time.perf_counter() - started
    pages = []
    for number, (lines, (body, furniture, printed)) in enumerate(
        zip(measured, drop_furniture(texts), strict=True), start=1
    ):
        page = Page(
            number=number, lines=[lines[i][0] for i in body], furniture=furniture, printed_number=printed
        )
        page.geometry = [lines[i][1:] for i in body]
        pages.append(page)
    document = Document(pages=pages, kind="pdf", seconds_text=seconds_text)
    read_tables(data, document, budget, progress)
    return document


def page_lines(data, total, budget, progress=None):
    """Each page's lines as (text, right, first) (see document.Page.geometry), look-alike
    characters put right."""
    pages = []
    with PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise UnreadableReport.from_validation_error(damaged_pdf()) from error
        try:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                lines = _measured_lines(textpage)
                textpage.close()
                page.close()
                budget.spend("".join(text for text, _right, _first in lines))
                pages.append(lines)
                if progress:
                    progress(_("pages read"), index + 1, total)
        except pdfium.PdfiumError as error:
            raise UnreadableReport.from_validation_error(damaged_pdf()) from error
        finally:
            document.close()
    return pages


# Characters that may not begin a line: a line broken before one of them gave its last character
# to the next line with it.
NO_LINE_START = "，。、；：？！）」』〕】》〉,.;:?!)"


def _measured_lines(textpage):
    """A PDFium text page's lines, (text, right, first); no blank line before the first or after
    the last. PDFium writes \r\n between lines, and \x02 (or U+FFFE) for a hyphen that ends
    a line (Anti- / Corruption)."""
    text = textpage.get_text_bounded()
    count = textpage.count_chars()
    boxes = [textpage.get_charbox(i, loose=True) for i in range(count)] if len(text) == count else None
    lines, start = [], 0
    for index in range(len(text) + 1):
        if index < len(text) and text[index] != "\n":
            continue
        end = index - 1 if index > start and text[index - 1] == "\r" else index
        lines.append(_measured_line(text[start:end], boxes[start:end] if boxes else None))
        start = index + 1
    while lines and not lines[0][0].strip():
        lines.pop(0)
    while lines and not lines[-1][0].strip():
        lines.pop()
    return lines


def _measured_line(characters, boxes):
    text = fix_characters(characters.replace("\x02", "-").replace("\ufffe", "-").replace("\r", ""))
    if not boxes:
        return text, None, None
    inked = [box for character, box in zip(characters, boxes, strict=True) if not character.isspace()]
    if not inked:
        return text, None, None
    right = max(box[2] for box in inked)
    # The first word: a CJK character with the punctuation after it that may not begin a line,
    # or Latin letters up to a space or a CJK character.
    word = []
    for character, box in zip(characters, boxes, strict=True):
        if character.isspace():
            if word:
                break
            continue
        if word and is_cjk(word[0][0]) and character not in NO_LINE_START:
            break
        if word and not is_cjk(word[0][0]) and is_cjk(character):
            break
        word.append((character, box))
    first = word[-1][1][2] - word[0][1][0] if word else None
    return text, right, first


def roster_pages(pages):
    """The indexes of the pages to read layout-aware: those naming a roster's columns, and the
    page after each."""
    chosen = set()
    for index, page in enumerate(pages):
        # The cover's 姓名職稱： label names no table.
        lines = [line for line in page.lines if not _COVER_AUTHORS.match(line)]
        text = "".join("".join(line.split()) for line in lines)
        names_columns = all(word in text for word in ROSTER_WORDS)
        if names_columns and any(word in text for word in ROSTER_ORGANISATION_WORDS):
            chosen.update(i for i in (index, index + 1) if i < len(pages))
    return sorted(chosen)


def read_tables(data, document, budget, progress=None):
    """Put the ruled tables of the roster pages on their Pages. A page whose layout pdfminer
    cannot follow keeps its text without tables (the roster is then read from the text)."""
    chosen = roster_pages(document.pages)
    if not chosen:
        return
    started = time.perf_counter()
    document.table_pages = [document.pages[index].number for index in chosen]
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for done, index in enumerate(chosen, start=1):
                page = document.pages[index]
                page.tables = _page_tables(pdf.pages[index], page)
                budget.spend()
                if progress:
                    progress(_("table pages read"), done, len(chosen))
    except UNREADABLE_LAYOUT_ERRORS:
        pass
    document.seconds_tables = time.perf_counter() - started


def _page_tables(layout_page, page):
    tables = []
    for found in layout_page.find_tables():
        rows = [[fix_characters(cell or "").strip() for cell in row] for row in found.extract()]
        # Text above the table other than the page's header: the table does not open the page.
        above = layout_page.crop((0, 0, layout_page.width, max(found.bbox[1], 1))).extract_text() or ""
        furniture = {"".join(line.split()) for line in page.furniture}
        body_above = [line for line in above.split("\n") if "".join(line.split()) not in {"", *furniture}]
        tables.append(Table(rows=rows, at_top=not body_above))
    return tables
