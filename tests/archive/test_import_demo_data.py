"""The demo data through the spreadsheet importers: its roster files import unchanged into the
demo delegations, and each demo programme exported and imported back changes nothing."""

import pytest
from django.utils import translation

from archive.demo_data import FIXTURES_DIR
from core.spreadsheets.reading import read_table
from core.spreadsheets.writing import spreadsheet_chunks
from events.models import Event
from events.programme_io.cells import PROGRAMME_COLUMNS
from events.programme_io.export import programme_rows
from events.programme_io.plan import ProgrammeImport
from reports.models import Delegation
from reports.roster_io import RosterImport

pytestmark = pytest.mark.django_db

SUMMITS = ["ogp-2016-paris", "ogp-2023-tallinn"]


@pytest.mark.parametrize("slug", SUMMITS)
def test_demo_roster_files_import_into_the_demo_delegations_unchanged(demo, slug):
    delegation = Delegation.objects.get(slug=slug)
    table = read_table((FIXTURES_DIR / slug / "roster.csv").read_bytes())

    plan = RosterImport(delegation).run(table, dry_run=True)

    assert [str(problem) for problem in plan.problems] == []
    assert plan.counts()["unchanged"] == len(table.rows) == delegation.members.count()
    assert plan.creations() == []


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
@pytest.mark.parametrize("slug", SUMMITS)
@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_demo_programmes_exported_and_imported_back_are_unchanged(demo, slug, file_format, language):
    summit = Event.objects.get(slug=slug)
    with translation.override(language):
        exported = b"".join(
            spreadsheet_chunks(file_format, PROGRAMME_COLUMNS.headers, programme_rows(summit))
        )

        plan = ProgrammeImport(summit).run(read_table(exported), dry_run=True)

    assert [str(problem) for problem in plan.problems] == []
    changed = [
        (row.number, row.cells.get("key"), sorted(row.changed))
        for row in plan.rows
        if row.status != "unchanged"
    ]
    assert changed == []
    assert plan.counts()["unchanged"] == Event.objects.filter(summit=summit).count()
    assert plan.creations() == []
