"""Writing (`spreadsheet_chunks`): a header and rows streamed as a CSV (UTF-8 with a byte order
mark, so Excel reads it right), XLSX or ODS file, chunk by chunk: memory stays flat however many
rows (the ZIP formats are written to a non-seekable stream, entry by entry). In a CSV file every
text cell that a spreadsheet would run as a formula is prefixed with an apostrophe
(core.downloads.neutralise), which the CSV reader takes off again, so export then import
changes nothing. XLSX and ODS cells are written typed as text, which no spreadsheet runs as a
formula: they get no apostrophe (LibreOffice would show it), and none is taken off when read."""

import csv
import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from ..downloads import BOM, neutralise
from .formats import ODS_MIMETYPE, OFFICE, TABLE, TEXT, XLSX_MAIN

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text):
    text = _XML_ILLEGAL.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
    )


def _export_cell(value):
    """A value as written: numbers stay numbers, the rest is text (neutralised in CSV only)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)


def spreadsheet_chunks(format, header, rows: Iterable, *, sheet_name="Sheet1") -> Iterator[bytes]:
    """The bytes of a `format` ("csv", "xlsx" or "ods") file of `header` and `rows`, in chunks,
    rows read lazily. Numbers stay numbers; CSV text cells are neutralised, XLSX and ODS ones
    are typed as text."""
    if format == "csv":
        return _csv_chunks(header, rows)
    if format == "xlsx":
        return _zip_chunks(_xlsx_entries(header, rows, sheet_name))
    if format == "ods":
        return _zip_chunks(_ods_entries(header, rows, sheet_name), mimetype=ODS_MIMETYPE)
    raise ValueError(f"unknown spreadsheet format {format!r}")


class _Line:
    def write(self, value):
        return value


def _csv_chunks(header, rows):
    writer = csv.writer(_Line())
    buffer = [BOM + writer.writerow([neutralise(_export_cell(str(cell))) for cell in header])]
    for row in rows:
        buffer.append(writer.writerow([neutralise(_export_cell(cell)) for cell in row]))
        if len(buffer) >= 500:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    yield "".join(buffer).encode("utf-8")


class _Pipe(io.RawIOBase):
    """A write-only, non-seekable stream whose written bytes are taken out in chunks; it tells
    how many bytes were written, which is where the next ZIP entry begins."""

    def __init__(self):
        self.parts = []
        self.written = 0

    def writable(self):
        return True

    def write(self, data):
        self.parts.append(bytes(data))
        self.written += len(data)
        return len(data)

    def tell(self):
        return self.written

    def take(self):
        data = b"".join(self.parts)
        self.parts = []
        return data


def _zip_chunks(entries, *, mimetype=None):
    """A ZIP file of `entries` ((name, chunks, compress)), streamed: zipfile writes to a
    non-seekable stream with data descriptors, so nothing is held back but the compressor's buffer.

    An ODF package (ODS) begins with a `mimetype` entry, stored, whose sizes are in its local
    header and not in a data descriptor after it: Java's ZipInputStream refuses a stored entry
    with a descriptor, and ODF validators check it. It is written here before zipfile takes the
    stream, and listed in the central directory with the others."""
    pipe = _Pipe()
    first = None
    if mimetype is not None:
        data = mimetype.encode("ascii")
        first = zipfile.ZipInfo("mimetype", date_time=(2000, 1, 1, 0, 0, 0))
        first.compress_type = zipfile.ZIP_STORED
        first.file_size = first.compress_size = len(data)
        first.CRC = zlib.crc32(data)
        first.header_offset = pipe.tell()
        pipe.write(first.FileHeader(zip64=False))
        pipe.write(data)
    with zipfile.ZipFile(pipe, mode="w") as archive:
        if first is not None:
            archive.filelist.append(first)
            archive.NameToInfo[first.filename] = first
        for name, chunks, compress in entries:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            with archive.open(info, mode="w") as entry:
                for chunk in chunks:
                    entry.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                    if sum(map(len, pipe.parts)) >= 64 * 1024:
                        yield pipe.take()
            yield pipe.take()
    yield pipe.take()


def _batched_rows(render, rows, size=200):
    batch = []
    for row in rows:
        batch.append(render(row))
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xlsx_row(number, cells):
    parts = [f'<row r="{number}">']
    for index, value in enumerate(cells):
        value = _export_cell(value)
        if value == "":
            continue
        reference = f"{_column_letter(index)}{number}"
        if isinstance(value, int | float):
            parts.append(f'<c r="{reference}"><v>{value}</v></c>')
        else:
            parts.append(
                f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{_xml(value)}</t></is></c>'
            )
    parts.append("</row>")
    return "".join(parts)


def _sheet_title(name, limit=31):
    return re.sub(r"[\[\]:*?/\\]", " ", str(name))[:limit] or "Sheet1"


def _xlsx_entries(header, rows, sheet_name):
    def sheet():
        yield f'{_XML_DECLARATION}<worksheet xmlns="{XLSX_MAIN}"><sheetData>'
        yield _xlsx_row(1, [str(cell) for cell in header])
        numbered = enumerate(rows, start=2)
        yield from _batched_rows(lambda item: _xlsx_row(*item), numbered)
        yield "</sheetData></worksheet>"

    content_types = (
        f'{_XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'{_XML_DECLARATION}<workbook xmlns="{XLSX_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
        f'<sheet name="{_xml(_sheet_title(sheet_name))}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    styles = (
        f'{_XML_DECLARATION}<styleSheet xmlns="{XLSX_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    return [
        ("[Content_Types].xml", [content_types], True),
        ("_rels/.rels", [root_rels], True),
        ("xl/workbook.xml", [workbook], True),
        ("xl/_rels/workbook.xml.rels", [workbook_rels], True),
        ("xl/styles.xml", [styles], True),
        ("xl/worksheets/sheet1.xml", sheet(), True),
    ]


def _ods_paragraphs(text):
    paragraphs = []
    for line in text.split("\n"):
        # ODF collapses runs of spaces: the second and later of a run are written as <text:s/>.
        line = re.sub(r"(?<= ) +|^ +", lambda m: f'<text:s text:c="{len(m.group())}"/>', _xml(line))
        paragraphs.append(f"<text:p>{line.replace(chr(9), '<text:tab/>')}</text:p>")
    return "".join(paragraphs)


def _ods_row(cells):
    parts = ["<table:table-row>"]
    for value in cells:
        value = _export_cell(value)
        if value == "":
            parts.append("<table:table-cell/>")
        elif isinstance(value, int | float):
            parts.append(
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        else:
            parts.append(
                f'<table:table-cell office:value-type="string">{_ods_paragraphs(value)}</table:table-cell>'
            )
    parts.append("</table:table-row>")
    return "".join(parts)


def _ods_entries(header, rows, sheet_name):
    def content():
        yield (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="{OFFICE}" '
            f'xmlns:table="{TABLE}" xmlns:text="{TEXT}" office:version="1.2">'
            "<office:body><office:spreadsheet>"
            f'<table:table table:name="{_xml(_sheet_title(sheet_name, 100))}">'
        )
        yield _ods_row([str(cell) for cell in header])
        yield from _batched_rows(_ods_row, rows)
        yield "</table:table></office:spreadsheet></office:body></office:document-content>"

    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        f'manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    # The package's first entry, `mimetype`, is written by _zip_chunks.
    return [
        ("META-INF/manifest.xml", [manifest], True),
        ("content.xml", content(), True),
    ]
