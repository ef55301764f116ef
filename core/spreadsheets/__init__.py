"""Spreadsheets in and out: CSV, XLSX and ODS files read into rows, and rows written as those
files. One job per module, imported from the module itself:

- `reading`: `read_table`, the `Table` in the bytes of an uploaded file, whatever its format and
  text encoding; each format has its reader (`csv_reader`, `xlsx_reader`, `ods_reader`), and
  `unpack_guard` checks an XLSX or ODS file, streaming, before it is read;
- `writing`: `spreadsheet_chunks`, a header and rows streamed as a CSV, XLSX or ODS file;
- `cells`: a cell's value as clean text (`cell_text`, `cell_lines`);
- `columns`: an import format's columns found by their header (`Column`, `Columns`), and the
  `Problem`s of a file;
- `limits`: what one file may be and hold (`size_error`, `MAX_ROWS`, `MAX_CELLS`, …), and the
  `Budget` that counts rows and cells while a file is read;
- `errors`: `SpreadsheetError`, raised with a message for staff by a file that cannot be read;
- `formats`: the formats' names and content types, and the XML namespaces of XLSX and ODS.
"""
