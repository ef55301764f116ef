"""A Document (extract.py) read as a report: `parse_document` gives the ReadReport
(report.py), `read_report` reads a file and refuses what is not a 出國報告.

The steps: the table of contents is set apart (lines.split_contents); the body begins at the
first section heading of level 1 or 2 (壹、目的), and the lines before it are the front matter
(the cover, the 提要, the 摘要), read for the header fields (header.py); the body is read
into sections (sections.py), and the 建議 section into recommendations
(recommendations.py); the roster comes from the tables, or from the text (roster.py).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .errors import NotAReport
from .extract import read_document
from .header import read_header
from .lines import Line, Measure, split_contents
from .recommendations import read_recommendations
from .report import FIELD_LABELS, REQUIRED, ReadReport
from .roster import roster_from_tables, roster_from_text, roster_warnings
from .sections import heading, read_sections


def read_report(source, progress=None):
    """The ReadReport of a report file (bytes, a path or a file object; see extract.py).
    UnreadableReport (errors.py) if the file cannot be read, NotAReport if it is not a
    出國報告 (too many of the REQUIRED header fields missing)."""
    report = parse_document(read_document(source, progress))
    if not report.is_report:
        separator = pgettext("between the items of a list", ", ")
        labels = separator.join(str(FIELD_LABELS[name]) for name in report.missing)
        raise NotAReport(
            _(
                "This file does not read as a 出國報告 (trip report): these fields were not found: "
                "%(fields)s."
            ),
            params={"fields": labels},
            missing=report.missing,
            report=report,
        )
    return report


def _body_start(lines):
    """The index of the body's first line: the first heading of level 1 or 2."""
    for index, line in enumerate(lines):
        found = heading(line.text)
        if found and found[0] <= 2:
            return index
    return len(lines)


def parse_document(document):
    """The ReadReport of a Document. Nothing is refused here: `missing` and `warnings` say
    what was not found or is doubtful."""
    lines = [Line(page, text, right, first) for page, text, right, first in document.measured_lines()]
    measure = Measure.of(lines)
    contents, lines = split_contents(lines)
    start = _body_start(lines)
    front, body = lines[:start], lines[start:]

    roster = roster_from_tables(document) or roster_from_text(lines)
    fields, warnings = read_header(front, known_names=[row.name for row in roster], measure=measure)
    report = ReadReport(document=document, roster=roster, **fields)
    parts = read_sections(body, measure)
    report.sections = [part.section for part in parts]
    report.recommendations, report.follow_up_items, more = read_recommendations(parts)
    warnings.extend(more)
    warnings.extend(roster_warnings(roster))
    warnings.extend(_contents_warnings(contents, report.sections))
    warnings.extend(_page_warnings(document))
    if not report.sections:
        warnings.append(
            _("No numbered section (壹、貳、… or 一、二、…) was found: the text was not divided.")
        )
    report.missing = [name for name in REQUIRED if not getattr(report, name)]
    report.warnings = warnings
    return report


def _key(text):
    return "".join(text.split()).replace("（", "(").replace("）", ")")


def _contents_warnings(contents, sections):
    """A table-of-contents entry with no heading of that name."""
    headings = {_key(section.printed.split("\n")[0]) for section in sections}
    headings |= {_key(section.heading) for section in sections}
    warnings = []
    for title, _page in contents:
        found = heading(title)
        if _key(title) not in headings and not (found and _key(found[2]) in headings):
            warnings.append(
                _("The table of contents lists “%(title)s”, which was not found as a heading.")
                % {"title": title}
            )
    return warnings


def _page_warnings(document):
    """Pages of a PDF without text: images, whose text is not read."""
    empty = [
        page.number for page in document.pages if document.kind == "pdf" and not "".join(page.lines).strip()
    ]
    if not empty:
        return []
    return [
        _("Pages %(pages)s hold no text (scanned images?): what they show was not read.")
        % {"pages": ", ".join(map(str, empty))}
    ]
