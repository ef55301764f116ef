"""What extraction gives the parser: a file's text as pages of lines, and the tables of the
pages that hold one.

A `Document` is what `extract.read_document` returns, for a PDF or a text file alike:

- `pages`: in order. A PDF page's `number` is its place in the file (1 for the first page,
  what a PDF viewer's "go to page" takes). A text file is split into pages at form feeds
  (\\f, what pdftotext writes between pages), numbered the same way; a text file without form
  feeds is one page whose `number` is None, since nothing in it says where pages end.
- `Page.lines`: the page's text lines, top to bottom, without the running header and footer
  and the printed page number (`Page.furniture` keeps what was dropped, `Page.printed_number`
  the page number as printed, e.g. "12" from "- 12 -"). Blank lines stay where a text file
  has them; a PDF's text layer has none.
- `Page.geometry`: for a PDF's page, one (right, first) a line, in points: where the line's last
  character ends, and how wide its first word is (a CJK character, with the punctuation that
  may not begin a line after it; or Latin letters up to a space); None where PDFium gave no
  boxes, and for text files. The parser tells from them whether a line was broken for want
  of room (lines.py).
- `Page.tables`: only on the pages the layout-aware pass read (a page whose text names the
  roster's columns, and the page after it, where a long roster goes on): each table's rows of
  cell texts, as drawn, with `at_top` true when no text of the page comes before the table (a
  table continued from the page before).
"""

import dataclasses


@dataclasses.dataclass
class Table:
    rows: list  # [[cell text, ...], ...], the header row first when the table prints one
    at_top: bool = False


@dataclasses.dataclass
class Page:
    number: int | None
    lines: list
    furniture: list = dataclasses.field(default_factory=list)
    printed_number: str | None = None
    tables: list = dataclasses.field(default_factory=list)
    geometry: list | None = None


@dataclasses.dataclass
class Document:
    pages: list
    kind: str  # "pdf" or "text"
    encoding: str = ""  # a text file's encoding: utf-8, utf-8-sig or cp950
    seconds_text: float = 0.0  # time spent reading the text of every page
    seconds_tables: float = 0.0  # time spent on the layout-aware pass (tables)
    table_pages: list = dataclasses.field(default_factory=list)  # the pages that pass read

    @property
    def text(self):
        """The whole text, pages separated by form feeds (as pdftotext writes them)."""
        return "\f".join("\n".join(page.lines) for page in self.pages)

    def lines(self):
        """(page number, line) of every line, in order."""
        for page in self.pages:
            for line in page.lines:
                yield page.number, line

    def measured_lines(self):
        """(page number, line, right, first) of every line, in order (see Page.geometry)."""
        for page in self.pages:
            geometry = page.geometry or [(None, None)] * len(page.lines)
            for line, (right, first) in zip(page.lines, geometry, strict=True):
                yield page.number, line, right, first
