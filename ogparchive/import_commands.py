"""What the import and export commands share: reading the file, the progress bar, the report
of a plan, the record of the import, and writing an export to a file or to standard output."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from .import_admin import record_import
from .imports import problem_lines
from .spreadsheets import FORMATS, SpreadsheetError, read_table, spreadsheet_chunks


class ImportCommand(BaseCommand):
    """`manage.py <import> FILE --<target> SLUG [--dry-run]`: the same importer, validation
    and messages as the admin; exit status 1 with every problem by row on any error."""

    target_option = ""
    import_kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a CSV, XLSX or ODS file")
        parser.add_argument(f"--{self.target_option}", required=True, help="the slug to import into")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")

    def get_target(self, slug):
        raise NotImplementedError

    def get_importer(self, target, options):
        raise NotImplementedError

    def handle(self, *args, **options):
        target = self.get_target(options[self.target_option])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        try:
            table = read_table(data)
        except SpreadsheetError as error:
            raise CommandError(f"{path.name}: {error}") from None
        progress = Progress(self.stdout) if self.stdout.isatty() else None
        importer = self.get_importer(target, options)
        plan = importer.run(table, dry_run=options["dry_run"], progress=progress, file_name=path.name)
        if progress:
            progress.done()
        if not options["dry_run"]:
            record_import(
                plan, kind=self.import_kind, target=target, user=None, source="command", file_name=path.name
            )
        self.report(plan, path)
        if not plan.ok:
            for line in problem_lines(plan):
                self.stderr.write(f"{path.name}: {line}")
            raise CommandError(
                _("%(file)s: %(count)s problem(s); nothing was written.")
                % {"file": path.name, "count": len(plan.problems)}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported %(file)s into %(target)s.") % {"file": path.name, "target": target}
                )
            )

    def report(self, plan, path):
        self.stdout.write(f"{path.name}: {plan.summary()}")
        if plan.kept:
            self.stdout.write(_("%(count)s row(s) not in the file are kept.") % {"count": plan.kept})
        for label, names in plan.creations():
            self.stdout.write(
                f"{label} ({len(names)}): {'、'.join(names[:20])}{' …' if len(names) > 20 else ''}"
            )


class ExportCommand(BaseCommand):
    target_option = ""

    def add_arguments(self, parser):
        parser.add_argument(f"--{self.target_option}", required=True, help="the slug to export")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", type=Path, help="the file to write (default: standard output)")

    def handle(self, *args, **options):
        target = self.get_target(options[self.target_option])
        header, rows = self.get_table(target)
        chunks = spreadsheet_chunks(options["format"], header, rows, sheet_name=self.sheet_name(target))
        if options["output"]:
            with Path(options["output"]).open("wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
            return
        if options["format"] != "csv":
            raise CommandError(_("XLSX and ODS files are written to a file: give -o FILE."))
        for chunk in chunks:
            self.stdout.write(chunk.decode("utf-8"), ending="")


class Progress:
    """A one-line progress bar on a terminal."""

    WIDTH = 30

    def __init__(self, out):
        self.out = out
        self.shown = False

    def __call__(self, stage, done, total):
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.out.write(f"\r[{bar}] {done:>7}/{total} {stage}", ending="")
        self.out.flush()
        self.shown = True

    def done(self):
        if self.shown:
            self.out.write("")
