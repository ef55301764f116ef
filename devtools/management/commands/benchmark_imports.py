"""Print how fast rosters and programmes go in and out: rows per second of the importers (dry
run and commit) beside django-import-export's default row-by-row ModelResource import of the
same file, the time and peak memory of streamed roster exports as rows grow, and the time and
peak memory of refusing workbook "bombs" (a file of about 190 KB whose one cell unpacks to
190 MB), read in this process and by `import_roster` in a process of its own.

Everything runs inside one transaction that is rolled back at the end: the database is left as
it was (the final COMMIT's flush, a few milliseconds, is the one thing not measured).
"""

import csv
import datetime
import io
import itertools
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import tablib
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.names import romanisations
from core.spreadsheets.errors import SpreadsheetError
from core.spreadsheets.formats import ODS_MIMETYPE
from core.spreadsheets.reading import read_table
from core.spreadsheets.writing import spreadsheet_chunks
from events.models import Event, EventKind, Room, Track
from events.programme_io.plan import ProgrammeImport
from events.resources import PlainProgrammeResource
from people import bulk
from people.models import Organization, Person, PersonKey
from reports.models import Delegation, DelegationMember
from reports.receivers import deferred_public_flags
from reports.resources import PlainRosterResource
from reports.roster_io import RosterImport, layout_headers, member_rows

TITLES = ["處長", "副處長", "科長", "專員", "分析師", "研究員", "秘書長", "委員"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark roster and programme imports and roster exports (prints figures; writes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="rows of the roster and programme files")
        parser.add_argument(
            "--export-rows",
            type=int,
            nargs="+",
            default=[10_000, 50_000, 100_000],
            help="roster sizes to export (the largest is timed in every format)",
        )
        parser.add_argument(
            "--baseline-rows", type=int, help="rows for the ModelResource path (default: --rows)"
        )
        parser.add_argument(
            "--bombs-only", action="store_true", help="only time the refusal of workbook bombs"
        )
        parser.add_argument(
            "--duplicates-only",
            action="store_true",
            help="only time the preview matching of the --duplicate-rows roster",
        )
        parser.add_argument(
            "--duplicate-rows",
            type=int,
            default=1000,
            help="rows of the roster, named after people of the archive, whose preview matching is timed",
        )

    def handle(self, *args, **options):
        if options["bombs_only"]:
            self.bombs()
            return
        only_duplicates = options["duplicates_only"]
        self.rows = options["rows"]
        self.baseline_rows = options["baseline_rows"] or self.rows
        self.export_sizes = sorted(options["export_rows"])
        self.stdout.write(
            f"database: {connection.vendor} · roster and programme files of {self.rows:,} rows · "
            f"exports of {', '.join(f'{n:,}' for n in self.export_sizes)} roster rows"
        )
        try:
            with transaction.atomic():
                self.setup()
                self.duplicates(options["duplicate_rows"])
                if not only_duplicates:
                    self.roster()
                    self.programme()
                    self.export()
                raise Rollback
        except Rollback:
            pass
        if not only_duplicates:
            self.bombs()

    def line(self, label, seconds, rows, extra=""):
        rate = rows / seconds if seconds else 0
        self.stdout.write(f"  {label:<58} {seconds:8.2f} s {rate:10,.0f} rows/s {extra}")

    def timed(self, function):
        start = time.perf_counter()
        result = function()
        return time.perf_counter() - start, result

    def setup(self):
        self.agency = Organization.objects.create(slug="bench-agency", name_zh="基準測試機關")
        self.delegations = {
            name: Delegation.objects.create(
                slug=f"bench-{name}",
                title=f"基準測試 {name}",
                organising_agency=self.agency,
                departure_date=datetime.date(2030, 1, 1),
                return_date=datetime.date(2030, 1, 5),
            )
            for name in ("new", "again", "known", "plain")
        }

    # -- possible duplicates ------------------------------------------------------------------------

    def duplicates(self, rows):
        """The preview of a roster naming people of the archive as other files print them (a
        third as stored, a third by their other name, a third romanised), against everyone in
        the archive: the possible-duplicate matching (keys, candidates' names and roster rows)
        and the whole dry run."""
        total = Person.objects.count()
        step = max(total // max(rows, 1), 1)
        people = list(Person.objects.order_by("pk").values_list("name_zh", "name_en")[: step * rows : step])
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["序號", "單位", "姓名", "職稱"])
        for i, (name_zh, name_en) in enumerate(people, start=1):
            forms = [name_zh or name_en, name_en or name_zh]
            romanised = romanisations(name_zh) if name_zh else ()
            forms.append(romanised[0].title() if romanised else forms[0])
            writer.writerow([i, f"基準機關{i % 50:02d}", forms[i % 3], TITLES[i % len(TITLES)]])
        table = read_table(out.getvalue().encode("utf-8"))
        keys = PersonKey.objects.count()
        self.stdout.write(
            f"\npossible duplicates: a roster of {len(people):,} rows naming people of the archive "
            f"({total:,} people, {keys:,} matching keys)"
        )
        seconds, plan = self.timed(lambda: RosterImport(self.delegations["new"]).run(table, dry_run=True))
        self.line(
            "preview matching (keys, candidates, their roster rows)", plan.timings["matching"], len(people)
        )
        self.line(
            f"preview, whole dry run ({len(plan.duplicates):,} possible duplicates)", seconds, len(people)
        )
        if not keys and total:
            self.stdout.write("  (no matching keys: run rebuild_search_index to fill them, then again)")

    # -- rosters -----------------------------------------------------------------------------------

    def roster_file(self, rows):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["序號", "單位", "姓名", "職稱", "英文姓名"])
        for i in range(1, rows + 1):
            writer.writerow(
                [i, f"基準機關{i % 50:02d}", f"基準團員{i:06d}", TITLES[i % len(TITLES)], f"Bench Member {i}"]
            )
        return out.getvalue().encode("utf-8")

    def roster(self):
        data = self.roster_file(self.rows)
        table = read_table(data)
        n = self.rows
        self.stdout.write(f"\nroster import, {n:,} rows ({len(data) / 1e6:.1f} MB CSV)")
        d = self.delegations
        seconds, _plan = self.timed(lambda: RosterImport(d["new"]).run(table, dry_run=True))
        self.line("fast path, dry run (all rows and people new)", seconds, n)
        seconds, plan = self.timed(lambda: RosterImport(d["new"]).run(table, dry_run=False))
        self.line(f"fast path, commit ({n:,} people created)", seconds, n, self.phases(plan))
        seconds, plan = self.timed(lambda: RosterImport(d["new"]).run(table, dry_run=True))
        assert plan.counts()["unchanged"] == n
        self.line("fast path, dry run of the same file again (all unchanged)", seconds, n)
        fast, plan = self.timed(lambda: RosterImport(d["known"]).run(table, dry_run=False))
        self.line("fast path, commit into another delegation (people known)", fast, n, self.phases(plan))
        m = self.baseline_rows
        dataset = tablib.Dataset().load(self.roster_file(m).decode("utf-8"), format="csv")
        resource = PlainRosterResource(delegation=d["plain"])
        seconds, result = self.timed(lambda: self.plain_import(resource, dataset, dry_run=True))
        assert not result.has_errors(), result.base_errors
        self.line("django-import-export ModelResource, dry run", seconds, m)
        plain, result = self.timed(lambda: self.plain_import(resource, dataset, dry_run=False))
        assert not result.has_errors() and d["plain"].members.count() == m
        self.line("django-import-export ModelResource, commit", plain, m)
        self.compare("commit, people known", n / fast, m / plain, plan)

    def plain_import(self, resource, dataset, dry_run):
        # Row by row; the public flags its saves call for are gathered and refreshed once, at
        # the end, inside the timing (kinder to it than a refresh per row).
        with deferred_public_flags():
            return resource.import_data(dataset, dry_run=dry_run, use_transactions=True)

    @staticmethod
    def phases(plan):
        return "(" + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in plan.timings.items()) + ")"

    def compare(self, label, fast, plain, plan):
        without = self.rows / (plan.timings["plan"] + plan.timings["write"])
        self.stdout.write(f"  {label}: fast path {fast:,.0f} rows/s vs ModelResource {plain:,.0f} rows/s")
        self.stdout.write(
            f"    = {fast / plain:.1f}x; without the public-flag refresh (reports.publication) "
            f"{without:,.0f} rows/s = {without / plain:.1f}x"
        )

    # -- programmes --------------------------------------------------------------------------------

    def programme_file(self, rows):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            ["key", "date", "start", "end", "room", "tracks", "languages", "title_en", "speakers"]
        )
        for i in range(1, rows + 1):
            day = f"2030-01-{1 + i % 3:02d}"
            hour = 8 + i % 10
            writer.writerow(
                [
                    f"s{i}",
                    day,
                    f"{hour:02d}:00",
                    f"{hour:02d}:50",
                    f"Room {i % 20}",
                    f"Track {i % 6}",
                    "en",
                    f"Benchmark session {i}",
                    f"Bench Speaker {i} (speaker, Org {i % 100}); Bench Moderator {i % 500} (moderator)",
                ]
            )
        return out.getvalue().encode("utf-8")

    def summit(self, slug):
        summit = Event.objects.create(
            kind=EventKind.SUMMIT,
            slug=slug,
            title_en=slug,
            time_zone="Europe/Paris",
            start_date=datetime.date(2030, 1, 1),
            end_date=datetime.date(2030, 1, 3),
        )
        return summit

    def programme(self):
        n = self.rows
        data = self.programme_file(n)
        table = read_table(data)
        summit = self.summit("bench-summit")
        self.stdout.write(
            f"\nprogramme import, {n:,} sessions with 2 speakers each ({len(data) / 1e6:.1f} MB CSV)"
        )
        seconds, _plan = self.timed(lambda: ProgrammeImport(summit).run(table, dry_run=True))
        self.line("fast path, dry run (all new)", seconds, n)
        fast, plan = self.timed(lambda: ProgrammeImport(summit).run(table, dry_run=False))
        assert plan.committed, plan.problems[:3]
        self.line(f"fast path, commit ({n:,} sessions, {2 * n:,} roles)", fast, n, self.phases(plan))
        seconds, again = self.timed(lambda: ProgrammeImport(summit).run(table, dry_run=True))
        assert again.counts()["unchanged"] == n
        self.line("fast path, dry run of the same file again (all unchanged)", seconds, n)
        m = self.baseline_rows
        plain_summit = self.summit("bench-summit-plain")
        dataset = tablib.Dataset().load(self.programme_file(m).decode("utf-8"), format="csv")
        resource = PlainProgrammeResource(summit=plain_summit)
        seconds, result = self.timed(lambda: self.plain_import(resource, dataset, dry_run=True))
        assert not result.has_errors(), result.base_errors
        self.line("django-import-export ModelResource, dry run (sessions only)", seconds, m)
        plain, result = self.timed(lambda: self.plain_import(resource, dataset, dry_run=False))
        assert not result.has_errors()
        self.line("django-import-export ModelResource, commit (sessions only)", plain, m)
        self.compare("commit (the fast path also writes rooms, tracks, roles)", n / fast, m / plain, plan)
        assert (
            Room.objects.filter(summit=summit).count() == 20
            and Track.objects.filter(summit=summit).count() == 6
        )

    # -- exports -----------------------------------------------------------------------------------

    def export(self):
        largest = self.export_sizes[-1]
        per_roster = 10_000
        self.stdout.write(
            f"\nroster export, streamed: rosters of {per_roster:,} rows (序號 stops at 32,767), "
            f"{-(-largest // per_roster)} of them for {largest:,} rows; peak = tracemalloc's peak of Python "
            "allocations during the export"
        )
        people = bulk.create_records(
            Person,
            [Person(name_zh=f"匯出團員{i:05d}", name_en=f"Export Member {i}") for i in range(per_roster)],
            [f"export-member-{i}" for i in range(per_roster)],
            "p",
        )
        rosters = []
        for number in range(-(-largest // per_roster)):
            delegation = Delegation.objects.create(
                slug=f"bench-export-{number}",
                title=f"基準匯出 {number}",
                organising_agency=self.agency,
                departure_date=datetime.date(2030, 1, 1),
                return_date=datetime.date(2030, 1, 5),
            )
            DelegationMember.objects.bulk_create(
                [
                    DelegationMember(
                        delegation=delegation,
                        order=i + 1,
                        person=person,
                        name_as_printed=person.name_zh,
                        organization=self.agency,
                        organization_as_printed="=基準測試機關" if i % 10 == 0 else "基準測試機關",
                        title=TITLES[i % len(TITLES)],
                    )
                    for i, person in enumerate(people)
                ],
                batch_size=5000,
            )
            rosters.append(delegation.pk)
        self.stdout.write(
            f"  {'format':<6} {'rows':>8} {'seconds':>8} {'rows/s':>10} {'bytes':>12} {'peak memory':>12}"
        )
        for file_format in ("csv", "xlsx", "ods"):
            for size in self.export_sizes:
                members = DelegationMember.objects.filter(delegation__in=rosters[: -(-size // per_roster)])

                def export(members=members, size=size, file_format=file_format):
                    rows = itertools.islice(member_rows(members), size)
                    return sum(map(len, spreadsheet_chunks(file_format, layout_headers(), rows)))

                seconds, length = self.timed(export)
                tracemalloc.start()
                export()
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                self.stdout.write(
                    f"  {file_format:<6} {size:>8,} {seconds:>8.2f} {size / seconds:>10,.0f} {length:>12,} "
                    f"{peak / 2**20:>9.1f} MiB"
                )

    # -- workbook bombs ------------------------------------------------------------------------

    def bombs(self):
        """The time and peak memory of refusing a workbook whose one cell unpacks to 190 MB: in
        this process (tracemalloc: what Python allocated) and by `import_roster --dry-run` in a
        process of its own (wall time, beside that of the same command given a file that does not
        exist: Django's start and the delegation's lookup; and the most memory it held)."""
        delegation = Delegation.objects.order_by("pk").first()
        self.stdout.write("\nrefusing a workbook whose one cell unpacks to 190 MB")
        self.stdout.write(
            f"  {'format':<6} {'file':>10} {'seconds':>8} {'peak Python memory':>19}   "
            "import_roster --dry-run"
        )
        with tempfile.TemporaryDirectory() as folder:
            if delegation:
                start_seconds, _peak, _refused = self.command_line(Path(folder) / "missing.ods", delegation)
            for file_format in ("ods", "xlsx"):
                path = Path(folder) / f"bomb.{file_format}"
                path.write_bytes(bomb_workbook(file_format, 190 * 2**20))
                data = path.read_bytes()
                tracemalloc.start()
                start = time.perf_counter()
                try:
                    read_table(data)
                    message = "read (not refused!)"
                except SpreadsheetError as error:
                    message = str(error)
                seconds = time.perf_counter() - start
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                command = "(no delegation to import into)"
                if delegation:
                    command_seconds, command_peak, refused = self.command_line(path, delegation)
                    command = (
                        f"{'refused' if refused else 'NOT REFUSED'} in {command_seconds:.2f} s "
                        f"(the command's start alone {start_seconds:.2f} s), "
                        f"peak {command_peak:,.0f} MiB resident"
                    )
                self.stdout.write(
                    f"  {file_format:<6} {len(data) / 1024:>7,.0f} KB {seconds:>8.3f} "
                    f"{peak / 2**20:>15.1f} MiB   {command}"
                )
            self.stdout.write(f"  message: {message}")

    def command_line(self, path, delegation):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        finished = subprocess.run(
            [
                sys.executable,
                settings.BASE_DIR / "manage.py",
                "import_roster",
                str(path),
                "--delegation",
                delegation.slug,
                "--dry-run",
            ],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        # The largest resident size of any child so far: each child is measured alone as long
        # as it holds more than the ones before it (ru_maxrss is in kilobytes on Linux).
        peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
        return seconds, peak, finished.returncode == 1 and "32,767" in finished.stderr


def bomb_workbook(file_format, size):
    """An ODS or XLSX file whose one cell holds `size` letters: written as a stream, so that
    neither the cell nor the unpacked sheet is ever held; it compresses about a thousandfold."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        if file_format == "ods":
            archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
            name = "content.xml"
            head = (
                '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                '<office:body><office:spreadsheet><table:table table:name="名單"><table:table-row>'
                '<table:table-cell office:value-type="string"><text:p>'
            )
            tail = (
                "</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"
                "</office:body></office:document-content>"
            )
        else:
            main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
            archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}"/>')
            name = "xl/worksheets/sheet1.xml"
            head = f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            tail = "</t></is></c></row></sheetData></worksheet>"
        with archive.open(name, "w") as entry:
            entry.write(head.encode())
            chunk = b"x" * 2**20
            for _ in range(size // len(chunk)):
                entry.write(chunk)
            entry.write(tail.encode())
    return buffer.getvalue()
