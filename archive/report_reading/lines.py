"""Lines back into paragraphs, and the table of contents told apart from the text.

A PDF breaks a paragraph into lines as wide as the page; its text layer has no blank lines. A
text file may have both. The rule, kept simple:

- a blank line ends a paragraph;
- a line that begins with a heading or item number, a bullet, a figure or table caption or a
  footnote mark (PARAGRAPH_START) begins one;
- a line ends its paragraph when the next line's first word (or CJK character, with the
  punctuation that may not begin a line after it) would have fit after it: the line was not
  broken for want of room. A line that was goes on in the next one, also across a page break;
  unless it ends a sentence (。！？；」) short of the full width: a Chinese paragraph ends with
  its sentence. In a PDF, where the characters are is known (PDFium's boxes: the column's right
  edge, each line's end, the next line's first word); in a text file, widths are estimated,
  and one CJK character (SLACK) is given for the rules that keep punctuation off a line's start;
- a line holding a tab (a table's row in a text file) is a paragraph of its own.

Widths are counted in half a CJK character: a CJK character or full-width sign is 2, any other
character as wide as the document's own lines say (Measure: 1 where the font's Latin letters are
half as wide as its ideographs, more for a proportional font such as Noto's or Times'). The
full width is measured on the lines that are mostly Chinese.
Lines are joined without a space where either side is CJK (中文 + 中文), with one between Latin
words, and as they are after a hyphen (Co- + Chair → Co-Chair) or when the line already ends
with a space (what word processors write at a break).
"""

import dataclasses
import re
import unicodedata

SLACK = 2
# Lines with this many characters other than CJK ones tell how wide those are (Measure).
LATIN_SAMPLE = 15
MIXED_SAMPLE = 4

# A heading or item number, bullet, caption or footnote at the start of a line.
PARAGRAPH_START = re.compile(
    r"""^\s*(?:
        [壹貳參叁肆伍陸柒捌玖拾]+\s*[、，,.．]          # 壹、
      | [一二三四五六七八九十]+\s*[、，.．]             # 一、
      | [（(]\s*[一二三四五六七八九十\d]+\s*[)）]        # (一) (1)
      | \d{1,2}\s*[.．、](?!\d)                        # 1. 1、 (not 1.5)
      | [IVX]{1,4}\s*[.．]\s                           # II.
      | [-–•●■□○◆※＊·]\s                             # bullets
      | [①-⑳]
      | (?:圖|表)\s*\d+\s*[：:、.．]                     # 圖 1：… captions
      | 附\s*[錄件]\s*[\d一二三四五六七八九十]*\s*(?:[、:：.．]|$)  # 附錄, 附件 1、
      | [¹²³⁴⁵⁶⁷⁸⁹⁰]+\s                               # footnotes
    )""",
    re.VERBOSE,
)
# The end of a sentence, before any closing quotes or brackets.
_SENTENCE_END = re.compile(r"[。！？!?；;]\s*[」』”’）)]*\s*$")
# A line's first word: a CJK character, or Latin letters up to a space.
_FIRST_WORD = re.compile(r"\s*([^\s\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+|\S)")
_TOC_HEADING = re.compile(r"^(目錄|目次|contents|tableofcontents)$", re.IGNORECASE)
# A table-of-contents entry: a title, a dot leader (or a tab, or spaces) and a page number.
_TOC_ENTRY = re.compile(r"^(?P<title>\S.*?)\s*(?:[.．…‥·・⋯]{2,}\s*|\t\s*|\s+)(?P<page>\d{1,3})\s*$")
_DOT_LEADER = re.compile(r"[.．…‥·・⋯]{4,}\s*\d{1,3}\s*$")


def is_cjk(character):
    return unicodedata.east_asian_width(character) in ("W", "F")


def width(text):
    return sum(2 if is_cjk(character) else 1 for character in text.rstrip())


def join(left, right):
    """Two pieces of one paragraph (see the module's docstring). The right one keeps a space it
    ends with, for the next join to see."""
    right = right.lstrip()
    if not left.strip():
        return right
    if not right.strip():
        return left
    if left[-1].isspace():
        return left.rstrip() + " " + right
    if is_cjk(left[-1]) or is_cjk(right[0]) or left.endswith("-"):
        return left + right
    return left + " " + right


def join_lines(lines):
    text = ""
    for line in lines:
        text = join(text, line.lstrip())
    return text.strip()


@dataclasses.dataclass
class Line:
    page: int | None
    text: str
    right: float | None = None  # where its last character ends, in points (a PDF's line)
    first: float | None = None  # how wide its first word is, in points (document.Page.geometry)


@dataclasses.dataclass
class Paragraph:
    page: int | None  # the page of its first line
    text: str
    lines: list  # the Lines it was joined from
    after_blank: bool = False  # a blank line comes before it


@dataclasses.dataclass(frozen=True)
class Measure:
    """How wide a document's lines run: `full`, the width most long lines reach, and `latin`,
    the width of a character other than a CJK one, both in half CJK characters."""

    full: float
    latin: float = 1.0
    # From a PDF's geometry: the right edge of the text column and the width of a CJK
    # character, in points; None for a text file.
    column: float | None = None
    em: float | None = None

    @classmethod
    def of(cls, lines):
        """The Measure of `lines` (Line). `full`: the 90th percentile of the widths of the lines
        that are mostly Chinese (a CJK character's width does not depend on the font), or of all
        lines. `latin`: what the lines with much Latin text would have to be, were they full
        (most long ones are: they wrapped), the lower quartile, kept between 0.8 and 1.6. Only
        lines that mix Chinese with Latin text are asked: the Latin of a Chinese report's
        sentences (names, acronyms, capitals) runs wider than that of an English agenda, and
        it is what decides where such a sentence's lines end."""
        texts = [line.text.rstrip() for line in lines if line.text.strip()]
        chinese = [text for text in texts if sum(map(is_cjk, text)) * 2 >= len(text)]
        widths = sorted(width(text) for text in chinese or texts)
        full = widths[int(len(widths) * 0.9)] if widths else 0
        samples = []
        for text in texts:
            cjk = sum(map(is_cjk, text))
            if len(text) - cjk >= LATIN_SAMPLE and cjk >= MIXED_SAMPLE:
                samples.append((full - 2 * cjk) / (len(text) - cjk))
        latin = min(max(sorted(samples)[len(samples) // 4], 0.8), 1.6) if len(samples) >= 5 else 1.0
        return cls(full, latin, *_column(lines))

    def width(self, text):
        text = text.rstrip()
        cjk = sum(map(is_cjk, text))
        return 2 * cjk + self.latin * (len(text) - cjk)


def _column(lines):
    """(The right edge of the text column, the width of a CJK character) of a PDF's lines: the
    90th percentile of the lines' right edges, the median width of a line's first character
    where it is a CJK one; (None, None) without geometry."""
    rights = sorted(line.right for line in lines if line.right is not None)
    ems = sorted(
        line.first
        for line in lines
        if line.first and line.text.strip() and is_cjk(line.text.strip()[0]) and len(line.text.strip()) > 1
    )
    if len(rights) < 10 or not ems:
        return None, None
    return rights[int(len(rights) * 0.9)], ems[len(ems) // 2]


def starts_paragraph(text):
    return bool(PARAGRAPH_START.match(text)) or "\t" in text


def ends_paragraph(line, following, measure):
    """Whether `line` (a Line) ends its paragraph, `following` being the next one."""
    text = line.text
    if "\t" in text:
        return True
    if measure.column and line.right is not None and following.first is not None:
        return _ends_by_geometry(line, following, measure)
    word = _FIRST_WORD.match(following.text)
    if not word:
        return True
    measured = measure.width(text)
    if _SENTENCE_END.search(text) and measured < measure.full - SLACK / 2:
        return True
    space = 0 if is_cjk(text.rstrip()[-1]) or is_cjk(word.group(1)[0]) else measure.latin
    return measured + space + measure.width(word.group(1)) <= measure.full - SLACK


def _ends_by_geometry(line, following, measure):
    """The same rule, on where the PDF put the characters: a sentence's end short of the column
    (a sentence that ends at the column's very edge may go on), or room left for the next line's
    first word (and a space before a Latin one); a tenth of a character given for rounding."""
    room = measure.column - line.right
    if _SENTENCE_END.search(line.text) and room > measure.em / 10:
        return True
    cjk_edge = is_cjk(line.text.rstrip()[-1]) or is_cjk(following.text.lstrip()[0])
    space = 0 if cjk_edge else measure.em / 4
    return following.first + space <= room + measure.em / 10


def paragraphs(lines, measure=None):
    """The Paragraphs of `lines` (Line), by the rule in the module's docstring. `measure` is
    the document's (Measure.of all its lines); by default, that of `lines`."""
    measure = Measure.of(lines) if measure is None else measure
    result, current = [], []
    blank = False

    def close():
        nonlocal blank
        if current:
            text = join_lines(line.text for line in current)
            result.append(Paragraph(current[0].page, text, list(current), after_blank=blank))
            current.clear()
            blank = False

    for line in lines:
        if not line.text.strip():
            close()
            blank = True
            continue
        if current and (starts_paragraph(line.text) or ends_paragraph(current[-1], line, measure)):
            close()
        current.append(line)
    close()
    return result


def is_toc_heading(text):
    return bool(_TOC_HEADING.match("".join(text.split())))


def toc_entry(text):
    """(title, page number) if `text` reads as a table-of-contents entry, else None."""
    match = _TOC_ENTRY.match(text.strip())
    if not match:
        return None
    title = re.sub(r"[.．…‥·・⋯]+$", "", match.group("title")).strip()
    return title, int(match.group("page"))


def split_contents(lines):
    """(table-of-contents entries [(title, page number)], the other lines). The contents are
    the entries after a 目錄 / 目次 heading (blank lines between them allowed), any line with a
    dot leader and a page number, and any run of three or more numbered lines ending in a page
    number (a table of contents without its heading)."""
    entries, kept = [], []
    index = 0
    while index < len(lines):
        text = lines[index].text
        if is_toc_heading(text):
            index += 1
            while index < len(lines) and (not lines[index].text.strip() or toc_entry(lines[index].text)):
                if entry := toc_entry(lines[index].text):
                    entries.append(entry)
                index += 1
            continue
        if _DOT_LEADER.search(text) and (entry := toc_entry(text)):
            entries.append(entry)
            index += 1
            continue
        run = index
        while run < len(lines) and PARAGRAPH_START.match(lines[run].text) and toc_entry(lines[run].text):
            run += 1
        if run - index >= 3:
            entries.extend(toc_entry(line.text) for line in lines[index:run])
            index = run
            continue
        kept.append(lines[index])
        index += 1
    return entries, kept
