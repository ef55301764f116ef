"""Print how long reading a report's PDF takes: a report of --pages pages (100 by default) is
made with an embedded CJK font (devtools.report_pdf: by reportlab, or with --maker chromium by
Chromium in Noto CJK, whose lines switch fonts as a word processor's do), then read --repeat
times as the admin and `ingest_report` read it (archive.report_reading), printing each time
the seconds of the text of every page (PDFium), of pdfplumber's tables on the roster's pages,
and of parsing. The target: under 5 s for 100 pages. Writes nothing (--keep FILE keeps the PDF)."""

import io
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from pypdf import PdfReader

from archive.report_reading import parse_document, read_document
from devtools.report_pdf import chromium_pdf, long_report_blocks, report_pdf

TARGET_SECONDS = 5.0


class Command(BaseCommand):
    help = "Benchmark reading a report PDF of --pages pages (prints seconds; writes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=100, help="pages of the report (default 100)")
        parser.add_argument("--repeat", type=int, default=3, help="times to read it (default 3)")
        parser.add_argument("--keep", type=Path, help="also write the PDF to this file")
        parser.add_argument(
            "--maker", choices=["reportlab", "chromium"], default="reportlab", help="what makes the PDF"
        )
        parser.add_argument(
            "--compare-pypdf", action="store_true", help="also time pypdf's text extraction of the same file"
        )

    def handle(self, *args, pages, repeat, keep, maker, compare_pypdf, **options):
        started = time.perf_counter()
        if maker == "chromium":
            pdf = chromium_pdf(long_report_blocks(pages), title="出國報告")
        else:
            pdf = report_pdf(long_report_blocks(pages), header="出國報告")
        made = time.perf_counter() - started
        if keep:
            keep.write_bytes(pdf)
        self.stdout.write(
            f"A report PDF of {pages} pages by {maker}, {len(pdf) / 1e6:.1f} MB, made in {made:.1f} s."
        )
        totals = []
        for run in range(1, repeat + 1):
            started = time.perf_counter()
            document = read_document(pdf)
            parse_started = time.perf_counter()
            report = parse_document(document)
            parsing = time.perf_counter() - parse_started
            total = time.perf_counter() - started
            totals.append(total)
            self.stdout.write(
                f"run {run}: text of {len(document.pages)} pages {document.seconds_text:.2f} s · "
                f"pdfplumber tables of {len(document.table_pages)} pages {document.seconds_tables:.2f} s · "
                f"parsing {parsing:.2f} s · total {total:.2f} s "
                f"({len(report.sections)} sections, {len(report.roster)} roster rows)"
            )
        if compare_pypdf:
            started = time.perf_counter()
            reader = PdfReader(io.BytesIO(pdf))
            for page in reader.pages:
                page.extract_text()
            self.stdout.write(
                f"pypdf's text of the same pages, for comparison: {time.perf_counter() - started:.2f} s"
            )
        median = statistics.median(totals)
        verdict = "within" if median < TARGET_SECONDS else "OVER"
        self.stdout.write(
            f"median {median:.2f} s: {verdict} the target of {TARGET_SECONDS:.0f} s for 100 pages"
        )
