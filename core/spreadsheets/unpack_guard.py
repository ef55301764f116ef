"""The check of an XLSX or ODS file's parts before they are read for their cells (`UnpackGuard`):
unpacked and parsed as streams, chunk by chunk, so that a “bomb” (190 KB whose one cell unpacks
to 190 MB) is refused within milliseconds, before our readers or openpyxl hold it."""

from xml.parsers import expat

from .errors import damaged
from .formats import TABLE, TEXT, XLSX_MAIN
from .limits import MAX_CELL_CHARS, MAX_SPACES, MAX_UNPACKED_BYTES, cell_too_long, too_much_data

# Between two tags an XML part holds one text or one tag. A cell of MAX_CELL_CHARS characters
# each written as a character reference ("&#1114111;") fits in ten bytes a character.
_MAX_STRETCH = 10 * MAX_CELL_CHARS


class UnpackGuard:
    """Reads the parts of an XLSX or ODS file as streams, unpacked chunk by chunk and parsed
    without building anything, before they are read for their cells, and refuses the file at
    the first chunk past a cap: more than MAX_UNPACKED_BYTES in all, a stretch between two tags
    longer than any cell, or a cell of more than MAX_CELL_CHARS characters. So neither our
    readers nor openpyxl ever hold a “bomb”: a workbook of a few hundred kilobytes whose one
    cell unpacks to hundreds of megabytes. A part that is not XML (an image) is only counted."""

    CHUNK = 64 * 1024
    # The elements that are one cell: XLSX sheet cells and shared strings, ODS cells.
    CELLS = {
        f"{XLSX_MAIN} c",
        f"{XLSX_MAIN} si",
        f"{TABLE} table-cell",
        f"{TABLE} covered-table-cell",
    }

    def __init__(self):
        self.unpacked = 0

    def check(self, stream):
        parser = None
        stretch = 0
        self.depth = self.length = self.pieces = 0
        while chunk := stream.read(self.CHUNK):
            self.unpacked += len(chunk)
            if self.unpacked > MAX_UNPACKED_BYTES:
                raise too_much_data()
            tag = chunk.find(b"<")
            if tag == -1:
                stretch += len(chunk)
            else:
                if stretch + tag > _MAX_STRETCH:
                    raise cell_too_long()
                stretch = len(chunk) - chunk.rfind(b"<") - 1
            if stretch > _MAX_STRETCH:
                raise cell_too_long()
            if parser is None:
                # XML (UTF-8, or UTF-16 with its byte order mark), or else not parsed by anything.
                xml = chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or chunk.startswith(
                    (b"\xff\xfe", b"\xfe\xff")
                )
                parser = self._parser() if xml else False
            if parser:
                parser.Parse(chunk, False)
        if parser:
            parser.Parse(b"", True)

    def _parser(self):
        parser = expat.ParserCreate(namespace_separator=" ")
        # Text in pieces of up to 8 KB: fewer calls, and still a bounded buffer.
        parser.buffer_text = True
        # As defusedxml: a part that declares entities (“billion laughs”) is no spreadsheet's.
        parser.EntityDeclHandler = self._entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        return parser

    def _entity(self, *args):
        raise damaged()

    def _start(self, name, attributes):
        if self.depth:
            self.depth += 1
            self.pieces += 1
            if self.pieces > MAX_CELL_CHARS:
                raise cell_too_long()
            if name == f"{TEXT} s":
                # An ODS run of spaces, as many as our reader makes of it.
                spaces = attributes.get(f"{TEXT} c", "1")
                self._add(min(int(spaces), MAX_SPACES) if spaces.isdigit() else 1)
        elif name in self.CELLS:
            self.depth, self.length, self.pieces = 1, 0, 0
        else:
            self.length = 0

    def _end(self, name):
        if self.depth:
            self.depth -= 1
        if not self.depth:
            self.length = 0

    def _text(self, text):
        self._add(len(text))

    def _add(self, length):
        self.length += length
        if self.length > MAX_CELL_CHARS:
            raise cell_too_long()
