"""Report files: PDFs only, checked by what they contain, stored under names that tell nothing.

An upload is a PDF when it starts with the PDF signature and pypdf can read it: not encrypted,
at least one page, and the text of every page can be extracted (the text feeds search later).
Its name and extension prove nothing, so neither is looked at. The form field reads the file
once, as Django's ImageField does, and hands what it learnt (hash, size, text) to the model on
the uploaded file, so a large PDF is not parsed twice.
"""

import dataclasses
import hashlib
import logging
import unicodedata
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_SIGNATURE = b"%PDF-"
CHUNK = 1024 * 1024

# pypdf reports every repair it makes to a damaged file as a warning in its log; a file it
# cannot read is refused with a message to staff, so the log need not repeat it.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclasses.dataclass(frozen=True)
class PdfFacts:
    sha256: str
    size: int
    pages: int
    text: str


# What pypdf raises for a damaged file: its own errors, and plain ones where a damaged structure
# surprises it. Either way the file cannot be read.
UNREADABLE_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
)


def check_size(size):
    """ValidationError if a file of `size` bytes is over settings.REPORT_FILE_MAX_SIZE."""
    limit = settings.REPORT_FILE_MAX_SIZE
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; a report file may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def damaged_pdf():
    return ValidationError(
        _("This PDF is damaged or incomplete and cannot be read. Upload the complete file again."),
        code="pdf_unreadable",
    )


def open_pdf(file):
    """A PdfReader of `file` (a binary file object), or ValidationError saying why not: damaged,
    encrypted or without pages. The page count is the document's own (its /Count), so a file
    claiming a million pages is not walked to say so."""
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is encrypted or password-protected. Upload a copy without a password."),
                code="pdf_encrypted",
            )
        if not len(reader.pages):
            raise ValidationError(_("This PDF has no pages."), code="pdf_empty")
    except UNREADABLE_PDF_ERRORS as error:
        raise damaged_pdf() from error
    return reader


def read_pdf(file):
    """What a report file holds, or ValidationError saying (in the staff's language) why it is
    not an acceptable PDF. `file` is any Django File; it is left at its start."""
    size = file.size
    check_size(size)
    file.seek(0)
    if file.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
        raise ValidationError(
            _("This file is not a PDF. Report files must be PDF documents (whatever the file name says)."),
            code="not_pdf",
        )
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks(CHUNK):
        digest.update(chunk)
    file.seek(0)
    try:
        reader = open_pdf(file)
        pages = len(reader.pages)
        text = "\n".join(page.extract_text() for page in reader.pages)
    except UNREADABLE_PDF_ERRORS as error:
        raise damaged_pdf() from error
    finally:
        file.seek(0)
    # PostgreSQL text cannot hold NUL characters, which some PDFs' text extraction yields.
    return PdfFacts(sha256=digest.hexdigest(), size=size, pages=pages, text=text.replace("\x00", ""))


class PdfFormField(forms.FileField):
    """A file field that accepts PDFs only (see read_pdf) and keeps what it read on the file."""

    widget = forms.ClearableFileInput(attrs={"accept": "application/pdf"})

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        uploaded.pdf = read_pdf(uploaded)
        return uploaded


class PdfFileField(models.FileField):
    """A model FileField whose forms accept PDFs only."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PdfFormField, **kwargs})


def stored_file_name(instance, filename):
    """A report file's name in storage: random, so it tells nothing of the report or the
    file's own name (kept in `original_name` for downloads)."""
    return f"reports/{uuid.uuid4().hex}.pdf"


def safe_download_name(name):
    """The name a downloaded file is offered under: the uploaded name without folders,
    control characters or quotes, ending in .pdf."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(
        " " if unicodedata.category(character).startswith(("C", "Z")) else character
        for character in name
        if character not in '"<>|*?:'
    )
    name = " ".join(name.split()).strip(" .")
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{stem[:200] or 'report'}.pdf"


def delete_when_committed(model, field_name, name):
    """Remove a stored file once the current transaction commits (at once outside one), unless
    a row still points at it: a rolled-back delete or replacement keeps its file."""
    storage = model._meta.get_field(field_name).storage

    def delete():
        if not model._base_manager.filter(**{field_name: name}).exists():
            storage.delete(name)

    transaction.on_commit(delete)
