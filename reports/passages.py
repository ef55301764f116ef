"""The passage of a report's text that a search found, to show beside the result: the first
section (in the report's order) whose text holds a word of the query, a few dozen characters
around the word, and the section's place (its anchor on the report page, its page in the PDF).

Read for the handful of reports a results page shows, in one query; the words are looked for
as typed and in Traditional characters (the archive's texts are Traditional), case aside.
"""

import dataclasses
import re

from django.db.models import Q

from core.text import to_traditional

from .models import ReportSection

# Characters of context on each side of the word found.
CONTEXT = 60
# Words shorter than this (one Latin letter, a digit) find too much to be a passage.
MIN_WORD = 2


@dataclasses.dataclass(frozen=True)
class Passage:
    before: str
    match: str
    after: str
    section: str  # the section as its heading prints it
    anchor: str  # the section's id on the report page
    page: int | None  # where the section starts in the PDF


def query_words(query):
    """The query's words, longest first, each also in Traditional characters."""
    words = []
    for word in sorted(query.split(), key=len, reverse=True):
        for form in (word, to_traditional(word)):
            if len(form) >= MIN_WORD and form not in words:
                words.append(form)
    return words


def passages_for(reports, query):
    """{report id: Passage} of the reports (ids or instances) whose sections hold a word of the
    query; a report with none has no entry."""
    ids = [getattr(report, "pk", report) for report in reports]
    words = query_words(query)
    if not ids or not words:
        return {}
    condition = Q()
    for word in words:
        condition |= Q(body__icontains=word)
    sections = (
        ReportSection.objects.filter(report_id__in=ids)
        .filter(condition)
        .order_by("report_id", "order")
        .only("report_id", "order", "number", "heading", "body", "page")
    )
    found = {}
    for section in sections:
        if section.report_id in found:
            continue
        passage = _passage(section, words)
        if passage is not None:
            found[section.report_id] = passage
    return found


def with_passages(reports, query):
    """The reports, each with `passage` set (a Passage, or None): what a results page shows."""
    found = passages_for(reports, query)
    for report in reports:
        report.passage = found.get(report.pk)
    return reports


def _passage(section, words):
    for word in words:
        match = re.search(re.escape(word), section.body, re.IGNORECASE)
        if match is None:
            continue
        start, end = match.span()
        before = section.body[max(0, start - CONTEXT) : start]
        after = section.body[end : end + CONTEXT]
        return Passage(
            before=("…" if start > CONTEXT else "") + _one_line(before),
            match=match.group(0),
            after=_one_line(after) + ("…" if end + CONTEXT < len(section.body) else ""),
            section=str(section),
            anchor=f"section-{section.order}",
            page=section.page,
        )
    return None


def _one_line(text):
    return re.sub(r"\s+", " ", text)
