"""Make a report PDF from its text, as the government's report PDFs look: A4 pages with a
running header and a page number in the footer, the text wrapped to the page's width in an
embedded CJK font, and tables (the roster) drawn as real ruled tables.

Not the product: the tests make the PDFs they read with it (from the two source reports' text
and from reports laid out differently), and so does `benchmark_reading`.

    pdf = report_pdf(blocks_from_text(text), header="出國報告")
    pdf = chromium_pdf(blocks_from_text(text), title="出國報告")

`chromium_pdf` has Debian's Chromium print the same blocks as an HTML page, in Noto CJK: a
second maker whose text layer is the kind real reports have (Kangxi radicals for 行 日 月,
ligatures, Chromium's own header and footer with the date, the title and "3/37").

A block is a line of text (wrapped if longer than the page; "" leaves a gap, as a blank line
between paragraphs does), a `Table`, or `PAGE_BREAK`.

The font is AR PL UMing (Debian's `fonts-arphic-uming`, a TrueType collection): reportlab
embeds TrueType outlines only, so Noto CJK (OpenType CFF) cannot be used, and reportlab's
built-in CID font MSung-Light has no text layer that reads back.
"""

import dataclasses
import html
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PlatypusTable

FONT_NAME = "ReportUMing"
FONT_FILES = ("/usr/share/fonts/truetype/arphic/uming.ttc",)
# The collection's faces: 0 CN, 1 HK, 2 TW, 3 TW MBE.
FONT_FACE = 2
FONT_SIZE = 11
LEADING = 16
MARGIN = 20 * mm

PAGE_BREAK = object()


class FontMissing(RuntimeError):
    pass


@dataclasses.dataclass
class Table:
    """A ruled table; its first row is the header, repeated on each page it continues on
    when `repeat_header`."""

    rows: list
    repeat_header: bool = True


def font_file():
    for path in FONT_FILES:
        if Path(path).exists():
            return path
    # Another system may keep the font elsewhere: ask fontconfig.
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "AR PL UMing TW"], capture_output=True, text=True, check=False
        ).stdout
        if found.endswith("uming.ttc") and Path(found).exists():
            return found
    raise FontMissing("The CJK font AR PL UMing is missing: apt-get install fonts-arphic-uming")


def register_font():
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, font_file(), subfontIndex=FONT_FACE))
    return FONT_NAME


def _tokens(text):
    """Where a line may break: after any CJK character, and between Latin words (a word keeps
    the spaces after it, so a line broken there ends with its space)."""
    return re.findall(r"[^\s\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+\s*|\S\s*|\s+", text)


def wrap(text, width, font=FONT_NAME, size=FONT_SIZE):
    """`text` as the lines that fit `width` points."""
    lines, line = [], ""
    for token in _tokens(text):
        if line and pdfmetrics.stringWidth((line + token).rstrip(), font, size) > width:
            lines.append(line)
            line = token.lstrip() if not line else token
        else:
            line += token
        # A single word wider than the page is cut where it overflows.
        while pdfmetrics.stringWidth(line.rstrip(), font, size) > width and len(line) > 1:
            cut = len(line)
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line or not lines:
        lines.append(line)
    return lines


class Lines(Flowable):
    """Lines of text drawn as they are (trailing spaces kept, as word processors write them),
    split between pages where the page ends."""

    def __init__(self, lines):
        super().__init__()
        self.lines = lines

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = LEADING * len(self.lines)
        return self.width, self.height

    def split(self, available_width, available_height):
        fit = int(available_height // LEADING)
        if fit <= 0 or fit >= len(self.lines):
            return []
        return [Lines(self.lines[:fit]), Lines(self.lines[fit:])]

    def draw(self):
        self.canv.setFont(FONT_NAME, FONT_SIZE)
        for index, line in enumerate(self.lines):
            self.canv.drawString(0, self.height - LEADING * (index + 1) + 4, line)


def _table(block, width):
    columns = max(len(row) for row in block.rows)
    rows = [[*row, *[""] * (columns - len(row))] for row in block.rows]
    # Each cell's text wrapped to its column's share of the page.
    widths = _column_widths(rows, width)
    cells = [["\n".join(wrap(cell, widths[i] - 8)) for i, cell in enumerate(row)] for row in rows]
    table = PlatypusTable(cells, colWidths=widths, repeatRows=1 if block.repeat_header else 0)
    table.setStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT_NAME, FONT_SIZE, LEADING - 2),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    return table


def _column_widths(rows, width):
    longest = [
        max(pdfmetrics.stringWidth(row[i], FONT_NAME, FONT_SIZE) for row in rows) + 10
        for i in range(len(rows[0]))
    ]
    # Shares of the page by the longest text in each column, none narrower than 8 %.
    shares = [max(w / sum(longest), 0.08) for w in longest]
    return [share * width / sum(shares) for share in shares]


def report_pdf(blocks, *, header="", footer="- {page} -"):
    """The PDF (bytes) of `blocks` (see the module's docstring)."""
    register_font()
    out = io.BytesIO()
    page_width, page_height = A4
    width = page_width - 2 * MARGIN

    def furniture(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT_NAME, 9)
        if header:
            canvas.drawCentredString(page_width / 2, page_height - 12 * mm, header)
        canvas.drawCentredString(page_width / 2, 10 * mm, footer.format(page=document.page))
        canvas.restoreState()

    flowables = []
    for block in blocks:
        if block is PAGE_BREAK:
            flowables.append(PageBreak())
        elif isinstance(block, Table):
            flowables.append(_table(block, width))
        elif not block.strip():
            flowables.append(Spacer(1, LEADING / 2))
        else:
            flowables.append(Lines(wrap(block.replace("\t", " "), width)))
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN
    )
    document.build(flowables, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


# The lines before which the source reports start a new page: the 提要 page, the table of
# contents, the abstract page of the 2023 template and the first section.
_NEW_PAGE = re.compile(r"^(行政院及所屬各機關出國報告提要|目\s*錄|摘要|壹、[^\t.…]*)$")
# A roster table's header row, tab-separated, as the source reports' text has it.
_ROSTER_HEADER = re.compile(r"^\t?(單位|姓名|職稱)\t")


def blocks_from_text(text):
    """The blocks of a report's text as the source reports have it (one paragraph a line,
    blank lines between; the roster as tab-separated rows after its header): a new page at the
    report's parts, the roster as a table, other lines as text."""
    blocks, table = [], None
    for line in text.splitlines():
        if table is not None:
            if "\t" in line:
                table.rows.append([cell.strip() for cell in line.split("\t")])
                continue
            table = None
        if _ROSTER_HEADER.match(line):
            table = Table([[cell.strip() for cell in line.split("\t")]])
            blocks.append(table)
            continue
        if _NEW_PAGE.match(line) and blocks:
            blocks.append(PAGE_BREAK)
        blocks.append(unicodedata.normalize("NFC", line))
    return blocks


SOURCE_REPORT = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "000_462c873e76c2ee97.txt"
_NUMERALS = "一二三四五六七八九"


def chinese_number(number):
    """1 → 一, 10 → 十, 21 → 二十一 (to 99): how a report numbers its parts."""
    tens, units = divmod(number, 10)
    text = (_NUMERALS[tens - 1] if tens > 1 else "") + ("十" if tens else "")
    return text + (_NUMERALS[units - 1] if units else "")


def long_report_blocks(pages):
    """A report of `pages` pages, for benchmarks: the 2016 source report's cover and 提要, then
    one page per part (a heading and seven paragraphs of the report's own text), the
    recommendations, and the roster on the last page."""
    blocks = blocks_from_text(SOURCE_REPORT.read_text(encoding="utf-8"))
    start = blocks.index("壹、目的") - 1  # the page break before it
    front = blocks[: blocks.index("目 錄") - 1]  # the cover and the 提要, without the contents
    roster = next(block for block in blocks if isinstance(block, Table))
    paragraphs = [
        block
        for block in blocks[start:]
        if isinstance(block, str) and len(block) > 80 and sum(map(_is_cjk, block)) > len(block) / 2
    ]
    body = [PAGE_BREAK, "壹、目的", paragraphs[0], "貳、過程"]
    for part in range(1, max(pages - 4, 1) + 1):
        texts = [paragraphs[(part * 7 + i) % len(paragraphs)][:300] for i in range(7)]
        # Parts are numbered 一 to 九十九, and again from 一 in a longer report.
        body += [f"{chinese_number((part - 1) % 99 + 1)}、參訪紀要", *texts, PAGE_BREAK]
    body += ["參、心得及建議", "一、建議", "(一) 持續推動開放政府。", "(二) 鼓勵公私部門參與國際會議。"]
    body += [PAGE_BREAK, "肆、附錄", "一、團員名單", roster]
    return front + body


def _is_cjk(character):
    return unicodedata.east_asian_width(character) in ("W", "F")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    # Without these Chromium keeps calling home, and the machine has no network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_PAGE_STYLE = (
    'body{font-family:"Noto Serif CJK TC","AR PL UMing TW",serif;font-size:12pt}'
    "p{margin:0 0 6pt 0}table{border-collapse:collapse}td{border:1px solid #000;padding:2pt 4pt}"
    ".page-break{break-after:page}@page{size:A4;margin:20mm}"
)


def report_html(blocks, title=""):
    """The blocks as an HTML page: a paragraph a line, a table a table, page breaks."""
    parts = [
        f'<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
    ]
    parts.append(f"<style>{_PAGE_STYLE}</style></head><body>")
    for block in blocks:
        if block is PAGE_BREAK:
            parts.append('<div class="page-break"></div>')
        elif isinstance(block, Table):
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            parts.append(f"<table>{rows}</table>")
        elif block.strip():
            parts.append(f"<p>{html.escape(block.replace(chr(9), ' '))}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def chromium_pdf(blocks, title=""):
    """The PDF (bytes) Chromium prints of report_html(blocks), with its header and footer."""
    with tempfile.TemporaryDirectory() as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(report_html(blocks, title), encoding="utf-8")
        # A profile of its own: Chromiums started at once (tests on several workers) would
        # otherwise share one and wait for each other's lock.
        profile = f"--user-data-dir={Path(folder) / 'profile'}"
        subprocess.run(
            [CHROMIUM, *CHROMIUM_ARGS, profile, f"--print-to-pdf={pdf}", page.as_uri()],
            capture_output=True,
            check=True,
            timeout=120,
        )
        return pdf.read_bytes()
