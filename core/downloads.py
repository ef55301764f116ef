"""Downloads of list pages as CSV and JSON: streamed, safe to open in a spreadsheet.

A list view says once which columns its download has, and gets CSV and JSON that always agree::

    from django.utils.translation import gettext_lazy as _
    from core.downloads import Column, csv_download, json_download

    ROSTER_COLUMNS = [
        Column("order", _("order (序號)")),
        Column("name", _("name as printed"), "name_as_printed"),
        Column("person", _("person"), "person.slug"),
        Column("organization", _("organisation"), lambda row: row.organization_as_printed),
        Column("title", _("title (職稱)")),
        Column("role", _("role in the delegation"), "get_role_display"),
    ]

    def roster_csv(request, slug):
        members = DelegationMember.objects.public().filter(delegation__slug=slug).select_related("person")
        return csv_download("團員名單.csv", ROSTER_COLUMNS, members.iterator(chunk_size=500))

The API:

- ``Column(key, header, value=None)``: one column. ``key`` is the JSON field name (stable, never
  translated); ``header`` the CSV heading (mark it with ``gettext_lazy``: it is rendered in the
  language active when the response is made, Traditional Chinese by default); ``value`` a
  dotted attribute path (``"person.slug"``; a method at the end is called, as
  ``"get_role_display"``) or a callable taking the row, and defaults to ``key``.
- ``csv_download(filename, columns, objects)`` / ``json_download(filename, columns, objects)``:
  the list as a streamed CSV file / JSON array of records, one record per object.
- ``records(columns, objects)`` / ``rows(columns, objects)``: the same values as dicts / lists,
  for callers that want them without a response.
- ``csv_response(filename, header, rows)``: a streamed CSV file of any rows (UTF-8 with a byte
  order mark so Excel reads it as UTF-8; every cell neutralised).
- ``json_response(filename, data)``: one JSON document (e.g. the Popolo export) as a download.
- ``json_stream_response(filename, records)``: a streamed JSON array of records.
- ``neutralise(value)``: a spreadsheet cell that cannot run as a formula.
- ``content_disposition(filename)``: the ``attachment`` header value for any filename.

Streaming keeps memory flat however long the list: pass ``queryset.iterator(chunk_size=...)``
(with a chunk size, ``prefetch_related`` still applies). Callers pass public rows only
(``.public()`` / ``.published()`` querysets): nothing here filters.

Only CSV cells are neutralised. JSON is read by programs, not by spreadsheets, and a prefix
there would change the data ("+886 2 2316 5300" must stay a telephone number).
"""

import csv
import datetime
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.manager import BaseManager
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.functional import Promise

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json"
BOM = "\ufeff"
# What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), with the
# full-width forms that Excel on East Asian systems takes as the same signs, and "|", which
# older Excel reads as a DDE call.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "|")
# Text that is neutralised: a formula start after any leading white space (ASCII, no-break and
# ideographic spaces are Python's \s; zero-width characters are not, so they are named), which
# a spreadsheet may skip, or after apostrophes. Text that already begins with an apostrophe
# before a formula start ("'-ex officio") gets one more too, so that taking exactly one off on
# import (unneutralise) gives back what was stored.
_FORMULA_START = re.compile(
    "[\\s'\u200b\u200c\u200d\u2060\ufeff]*[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"
)


def looks_like_formula(text):
    """Whether `text` is neutralised on export: a formula start, possibly after white space or
    apostrophes."""
    return bool(_FORMULA_START.match(text))


def neutralise(value):
    """`value` with a leading apostrophe if a spreadsheet would read it as a formula. The one
    place every CSV the archive writes (public lists, roster and programme exports) makes its
    text cells safe; XLSX and ODS cells are typed as text, which is never a formula.

    Prefixed, never stripped, so "+886 2 2316 5300" stays readable as "'+886 2 2316 5300".
    Anything that is not a string (numbers, None, dates) is returned unchanged.
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def unneutralise(text):
    """A cell of a CSV file the archive wrote as it was before `neutralise`: the apostrophe put
    before formula-like text taken off again, so export then import changes nothing."""
    return text[1:] if text.startswith("'") and looks_like_formula(text) else text


def content_disposition(filename):
    """The Content-Disposition value of a download named `filename`: an ASCII `filename` for
    old clients and, when the name is not plain ASCII, the exact name as RFC 5987 `filename*`."""
    # No control characters (header injection) and no folders in a file name.
    name = "".join(" " if unicodedata.category(c)[0] == "C" or c in '/\\"' else c for c in str(filename))
    name = " ".join(name.split()) or "download"
    fallback = _ascii_filename(name)
    value = f'attachment; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def _ascii_filename(name):
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    safe = "".join(c if c.isalnum() or c in "-_.()" else "-" for c in folded)
    stem = "-".join(part for part in safe.split("-") if part) or "download"
    extension = "".join(c for c in extension if c.isascii() and c.isalnum())
    return f"{stem}.{extension}" if extension else stem


@dataclass(frozen=True)
class Column:
    """One column of a download: its JSON key, its CSV heading and how to get its value."""

    key: str
    header: str | Promise
    value: str | Callable[[Any], Any] | None = None

    def get(self, obj):
        accessor = self.value if self.value is not None else self.key
        if callable(accessor):
            return accessor(obj)
        for name in accessor.split("."):
            if obj is None:
                return None
            obj = getattr(obj, name)
            # A method such as get_role_display is called; a related manager is not.
            if callable(obj) and not isinstance(obj, BaseManager):
                obj = obj()
        return obj


def records(columns, objects):
    """One dict per object, keyed by the columns' keys, in column order."""
    for obj in objects:
        yield {column.key: column.get(obj) for column in columns}


def rows(columns, objects):
    """One list of values per object, in column order."""
    for obj in objects:
        yield [column.get(obj) for column in columns]


def csv_download(filename, columns, objects):
    """`objects` as a streamed CSV file with the columns' headings in the current language."""
    return csv_response(filename, [column.header for column in columns], rows(columns, objects))


def json_download(filename, columns, objects):
    """`objects` as a streamed JSON array of records keyed by the columns' keys."""
    return json_stream_response(filename, records(columns, objects))


class _Line:
    """A file-like object csv.writer writes one line to, handed back instead of stored."""

    def write(self, value):
        return value


def _plain(value):
    """A value as both downloads show it: dates and times in ISO 8601, lazy text as text."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return DjangoJSONEncoder().default(value)
    return value


def _csv_cell(value):
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        # Several values in one cell, separated as the fixtures separate them.
        return neutralise(" | ".join(str(_plain(item)) for item in value if item not in (None, "")))
    return neutralise(value)


def csv_response(filename, header, rows):
    """A streamed CSV download: `header` (a list of headings) then each row of `rows` (any
    iterable of sequences, read lazily), every cell neutralised, UTF-8 with a byte order mark."""
    writer = csv.writer(_Line())

    def render(row):
        return writer.writerow([_csv_cell(cell) for cell in row])

    def lines():
        yield BOM + render(header)
        for row in rows:
            yield render(row)

    response = StreamingHttpResponse(_in_current_language(lines()), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def _in_current_language(chunks):
    """`chunks`, each made in the language active now: the body of a streamed response is
    made after the view has returned, when the request's language may no longer be active."""
    return _in_language(translation.get_language(), iter(chunks))


def _in_language(language, chunks):
    while True:
        with translation.override(language):
            try:
                chunk = next(chunks)
            except StopIteration:
                return
        yield chunk


def _dumps(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def json_response(filename, data):
    """One JSON document as a download; `data` is any JSON-serialisable value (dates, lazy
    text and decimals as Django's JSON encoder writes them)."""
    response = HttpResponse(_dumps(data), content_type=JSON_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def json_stream_response(filename, records: Iterable):
    """A streamed JSON array download, one record (any JSON-serialisable value) per line."""

    def chunks():
        separator = "[\n"
        for record in records:
            yield separator + _dumps(record)
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"

    response = StreamingHttpResponse(_in_current_language(chunks()), content_type=JSON_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response
