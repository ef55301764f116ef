"""The demo data holds names as the reports print them (issue 15, point 6): every Latin spelling
of a person in the fixtures is in a source report's text; romanisations of Chinese names are
generated (core.names), never typed into the fixtures."""

import csv
import re
from pathlib import Path

import pytest

from core.names import has_han, has_latin
from people.models import NameKind, PersonName

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def printed_text():
    """The source reports' text with each run of white space as one space, and a hyphen the
    PDF's line breaks spaced out (Migwe- Kagume, Kosciusko - Morizet) closed up again."""
    text = " ".join(path.read_text() for path in sorted((FIXTURES / "sources").glob("*.txt")))
    return re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", text))


def latin_names_in_fixtures():
    names = []
    with open(FIXTURES / "people.csv", newline="") as people:
        for row in csv.DictReader(people):
            names.append((row["key"], row["name_en"]))
            for other in filter(None, row["other_names"].split("|")):
                names.append((row["key"], other.split(":", 1)[-1]))
    for roles in sorted(FIXTURES.glob("*/session_roles.csv")):
        with open(roles, newline="") as table:
            for row in csv.DictReader(table):
                # A name corrected from what the extraction broke says so in its row.
                if row["kind"] == "person" and not row["correction"]:
                    names.append((f"{roles.parent.name}/{row['session']}", row["name"]))
    return [(where, name) for where, name in names if name and has_latin(name) and not has_han(name)]


def test_every_latin_name_in_the_fixtures_is_printed_in_a_source_report():
    text = printed_text()
    not_printed = [
        (where, name)
        for where, name in latin_names_in_fixtures()
        if re.sub(r"\s*-\s*", "-", name) not in text
    ]
    assert not_printed == []


@pytest.mark.django_db
def test_the_demo_data_holds_no_typed_romanisation(demo):
    assert list(PersonName.objects.filter(kind=NameKind.ROMANISED).values_list("name", flat=True)) == []
