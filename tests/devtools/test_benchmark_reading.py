"""benchmark_reading makes a report PDF of the pages asked for and prints how long reading it
takes, the text of the pages and pdfplumber's tables apart."""

import io
import re

from django.core.management import call_command
from pypdf import PdfReader


def test_benchmark_reading_prints_the_seconds_of_each_pass(tmp_path):
    out = io.StringIO()
    kept = tmp_path / "report.pdf"
    call_command("benchmark_reading", "--pages", "8", "--repeat", "2", "--keep", str(kept), stdout=out)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(r"A report PDF of 8 pages by reportlab, [\d.]+ MB, made in [\d.]+ s\.", lines[0])
    for line in lines[1:3]:
        assert re.fullmatch(
            r"run \d: text of 8 pages [\d.]+ s · pdfplumber tables of 3 pages [\d.]+ s · "
            r"parsing [\d.]+ s · total [\d.]+ s \(10 sections, 19 roster rows\)",
            line,
        ), line
    assert re.fullmatch(r"median [\d.]+ s: within the target of 5 s for 100 pages", lines[3])
    assert len(PdfReader(kept).pages) == 8
