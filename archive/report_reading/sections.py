"""A report's body as numbered sections: headings kept as headings, the text under each.

Headings by their numbers (HEADINGS): 壹、 (level 1; appendices 附錄 / 附件 1、 too), 一、 (2),
(一) (3), 1. (4). A paragraph is a heading when it begins with such a number and reads as a
title, not as a sentence: it does not end with 。，、；：, it is at most HEADING_WIDTH wide, and at
level 4 (where numbered paragraphs are common: 1. 數位社會(…)：此計畫…) it is short and has no
punctuation at all. A bullet before the number is passed over (- (一) …: text converted from a
PDF marks some headings as list items); a bulleted item that is a sentence is not a heading,
as no sentence is. Within an appendix, only levels 1 and 2 are headings: an agenda's numbered
lines are its text.

An English title printed in brackets on the line after a Chinese heading ((一)數位治理：…？ /
(Digital Governance: …)) belongs to the heading.

Paragraphs (lines.py) broken by a page break in a text file (a long paragraph that ends in the
middle of a sentence, a blank line, then its rest) are joined back.
"""

import dataclasses
import re

from .lines import PARAGRAPH_START, Paragraph, is_cjk, join, paragraphs, width
from .report import Section

HEADING_WIDTH = 300
SHORT_HEADING_WIDTH = 40
# A paragraph this wide that stops mid-sentence before a blank line was broken by a page.
BROKEN_PARAGRAPH_WIDTH = 60

HEADINGS = [
    (1, re.compile(r"^(?P<number>[壹貳參叁肆伍陸柒捌玖拾]+)\s*[、，,.．]\s*(?P<heading>\S.*)$", re.S)),
    (
        1,
        re.compile(
            r"^(?P<number>附\s*[錄件]\s*[\d一二三四五六七八九十]*)\s*(?:[、:：.．]\s*(?P<heading>\S.*))?$",
            re.S,
        ),
    ),
    (2, re.compile(r"^(?P<number>[一二三四五六七八九十]+)\s*[、，.．]\s*(?P<heading>\S.*)$", re.S)),
    (3, re.compile(r"^[（(]\s*(?P<number>[一二三四五六七八九十]+)\s*[)）]\s*(?P<heading>\S.*)$", re.S)),
    (4, re.compile(r"^(?P<number>\d{1,2})\s*[.．、]\s*(?P<heading>\S.*)$", re.S)),
]
_NOT_A_TITLE_END = re.compile(r"[。，、；：,;:]$")
_PUNCTUATION = re.compile(r"[，。、；：,;:]")
# How a paragraph broken off mid-sentence ends: a letter, a digit, an ideograph, a comma or a
# hyphen (not a bracket, a quote or a full stop).
_MID_SENTENCE = re.compile(r"[\w，、,\-]$")
# A bullet before a heading's number: text converted from PDF marks some headings as list items.
_BULLET = re.compile(r"^[-–•●■○◆※＊·]\s+")
_ENGLISH_SUBTITLE = re.compile(r"^[(（][^\u3400-\u9fff]+[)）]$")


@dataclasses.dataclass
class Part:
    """A section with the paragraphs of its body (for reading items out of it)."""

    section: Section
    paragraphs: list


def heading(text, in_appendix=False):
    """(level, number as stored, heading) if `text` is a section heading, else None."""
    text = _BULLET.sub("", text.strip())
    for level, pattern in HEADINGS:
        match = pattern.match(text)
        if not match or (in_appendix and level > 2):
            continue
        title = (match.group("heading") or "").strip()
        number = " ".join(match.group("number").split())
        if level == 1 and number.startswith("附") and not title:
            number, title = "", number
        if not title or _NOT_A_TITLE_END.search(title) or width(title) > HEADING_WIDTH:
            return None
        if level == 4 and (width(title) > SHORT_HEADING_WIDTH or _PUNCTUATION.search(title)):
            return None
        return level, _stored_number(level, number), title
    return None


def _stored_number(level, number):
    if level == 3:
        return f"({number})"
    if level == 4:
        return f"{number}."
    return number


def is_appendix(section):
    return section.level == 1 and (
        section.number.startswith("附") or section.heading.startswith(("附錄", "附件"))
    )


def read_sections(lines, measure=None):
    """The Parts of the body (Lines from the first heading on), in order."""
    parts, in_appendix = [], False
    found = _join_broken(paragraphs(lines, measure), lambda text: heading(text) is not None)
    for paragraph in found:
        head = heading(paragraph.text, in_appendix)
        if head:
            level, number, title = head
            section = Section(number, title, level, "", paragraph.page, paragraph.text)
            if level == 1:
                in_appendix = is_appendix(section)
            parts.append(Part(section, []))
        elif parts and _is_subtitle(parts[-1], paragraph):
            part = parts[-1]
            part.section.heading = join(part.section.heading, paragraph.text)
            part.section.printed = f"{part.section.printed}\n{paragraph.text}"
        elif parts:
            parts[-1].paragraphs.append(paragraph)
    for part in parts:
        part.section.body = "\n\n".join(paragraph.text for paragraph in part.paragraphs)
    return parts


def _is_subtitle(part, paragraph):
    """An English title in brackets right under a heading that is Chinese."""
    return (
        not part.paragraphs
        and bool(_ENGLISH_SUBTITLE.match(paragraph.text))
        and any(is_cjk(character) for character in part.section.heading)
        and "(" not in part.section.heading
    )


def _join_broken(found, is_heading):
    """Paragraphs with a paragraph broken by a page break (in a text file) joined back."""
    joined = []
    for paragraph in found:
        previous = joined[-1] if joined else None
        if (
            previous
            and width(previous.text) >= BROKEN_PARAGRAPH_WIDTH
            and _MID_SENTENCE.search(previous.text)
            and "\t" not in previous.text
            and "\t" not in paragraph.text
            and not PARAGRAPH_START.match(paragraph.text)
            and not is_heading(previous.text)
            and paragraph.after_blank
        ):
            text = join(previous.text, paragraph.text)
            joined[-1] = Paragraph(
                previous.page, text, previous.lines + paragraph.lines, previous.after_blank
            )
        else:
            joined.append(paragraph)
    return joined
