"""The three spreadsheet formats: their names (as export URLs and commands' --format take them),
their content types, and the XML namespaces XLSX and ODS files are written in."""

FORMATS = ("csv", "xlsx", "ods")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ODS_MIMETYPE = CONTENT_TYPES["ods"]
# The XML namespaces of an XLSX sheet and of an ODS document, as the parts name them.
XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
