"""A report file read into a Document (see document.py): a PDF through pdf_text.py, or plain
text in UTF-8 (with or without a byte order mark), UTF-16 with its byte order mark, or Big5
(cp950, what Traditional-Chinese Windows saves). What the file is, is told from its content,
never from its name.

    document = read_document(upload)        # bytes, a path, or a (Django) file object

The size is checked first, against settings.REPORT_FILE_MAX_SIZE (as for report files:
reports.pdf.check_size), before the file is read into memory.
"""

import os
import time
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reports.pdf import PDF_SIGNATURE, check_size

from .characters import fix_characters
from .document import Document, Page
from .errors import UnreadableReport
from .furniture import drop_furniture
from .pdf_text import read_pdf_document

# Tried in order: a UTF-8 file decodes as nothing else, and cp950 reads what UTF-8 does not.
TEXT_ENCODINGS = ("utf-8", "cp950")
# Control characters that plain text may hold; any other (a zip's \x03, a PNG's \x1a) means
# the file is not text, whatever it decodes to.
TEXT_CONTROLS = "\t\n\r\f\v"

NOT_PDF_OR_TEXT = _(
    "This file is neither a PDF nor plain text (UTF-8 or Big5), so it cannot be read as a report. "
    "Upload the report's PDF, or its text."
)


def read_document(source, progress=None):
    """The Document of `source`: bytes, a path (str or Path), or a binary file object (a Django
    File or upload; it is read from its start). UnreadableReport says why it cannot be."""
    data = _read_bytes(source)
    if data.startswith(PDF_SIGNATURE):
        return read_pdf_document(data, progress)
    return read_text_document(data)


def _read_bytes(source):
    if isinstance(source, bytes | bytearray):
        _check_size(len(source))
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        _check_size(path.stat().st_size)
        return path.read_bytes()
    size = getattr(source, "size", None)
    if size is None:
        source.seek(0, os.SEEK_END)
        size = source.tell()
    _check_size(size)
    source.seek(0)
    data = source.read()
    source.seek(0)
    return data


def _check_size(size):
    try:
        check_size(size)
    except ValidationError as error:
        raise UnreadableReport.from_validation_error(error) from None


def decode(data):
    """(text, encoding) of a text file's bytes; UnreadableReport if they are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", data)]
    else:
        candidates = [(encoding, data) for encoding in TEXT_ENCODINGS]
    for encoding, raw in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(unicodedata.category(c) == "Cc" and c not in TEXT_CONTROLS for c in text):
            break
        if not text.strip():
            raise UnreadableReport(_("The file is empty."), code="empty")
        return text, encoding
    raise UnreadableReport(NOT_PDF_OR_TEXT, code="not_pdf_or_text")


def read_text_document(data):
    """The Document of a text file: pages at form feeds, numbered from 1 (their running header,
    footer and page number dropped as a PDF's are); without form feeds, one page numbered None."""
    started = time.perf_counter()
    text, encoding = decode(data)
    text = fix_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    if "\f" not in text:
        pages = [Page(number=None, lines=text.split("\n"))]
    else:
        texts = [page.split("\n") for page in text.split("\f")]
        # pdftotext ends its output with a form feed: no page follows it.
        if len(texts) > 1 and not "".join(texts[-1]).strip():
            texts.pop()
        pages = [
            Page(number=number, lines=[lines[i] for i in body], furniture=furniture, printed_number=printed)
            for number, (lines, (body, furniture, printed)) in enumerate(
                zip(texts, drop_furniture(texts), strict=True), start=1
            )
        ]
    return Document(pages=pages, kind="text", encoding=encoding, seconds_text=time.perf_counter() - started)
