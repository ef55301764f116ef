"""What the import and export commands share: reading the file, the progress bar, the report
of a plan, the record of the import, and writing an export to a file or to standard output.
Messages are in the language of the terminal's locale (LC_ALL, LC_MESSAGES, LANG) when the
archive speaks it, or in the one --language names."""

import getpass
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from .import_admin import record_import, record_unreadable_file
from .imports import ASK, POLICIES, UNCHANGED, duplicate_lines, problem_lines
from .spreadsheets.errors import SpreadsheetError
from .spreadsheets.formats import FORMATS
from .spreadsheets.limits import size_error
from .spreadsheets.reading import read_table
from .spreadsheets.writing import spreadsheet_chunks


def locale_language():
    """The archive's language closest to the terminal's locale (zh_TW.UTF-8 → zh-hant), or None."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(".")[0].split("@")[0].replace("_", "-").lower()
        if code and code not in ("c", "posix"):
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                return None
    return None


class LanguageOption:
    """--language for a command whose output staff read."""

    def add_language_argument(self, parser):
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language of the messages (default: the terminal's locale)",
        )

    def activate_language(self, options):
        language = options.get("language") or locale_language()
        if language:
            translation.activate(language)


def staff_account(username, permissions, refusal):
    """The active account named `username` (None for none), which must hold `permissions`;
    CommandError otherwise, `refusal` naming it (%(name)s)."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active account has the user name “%(name)s”.") % {"name": username})
    if not user.has_perms(permissions):
        raise CommandError(refusal % {"name": username})
    return user


class ImportCommand(LanguageOption, BaseCommand):
    """`manage.py <import> FILE --<target> SLUG [--dry-run]`: the same importer, validation
    and messages as the admin; exit status 1 with every problem by row on any error. With -v 2
    each row that changes is listed, with -v 3 every row."""

    target_option = ""
    import_kind = ""
    # The permission a --user account needs, as in the admin (e.g. "reports.import_roster").
    import_permission = None

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a CSV, XLSX or ODS file")
        parser.add_argument(f"--{self.target_option}", required=True, help="the slug to import into")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
        parser.add_argument(
            "--user", help="the staff account the import is recorded for (it needs the import permission)"
        )
        parser.add_argument(
            "--possible-duplicates",
            choices=POLICIES,
            default=ASK,
            help=(
                "a name that probably names a person already in the archive (another spelling, the "
                "same name at another agency): ask (default: list them and import nothing), best "
                "(link each to its strongest candidate) or new (create a new person for each)"
            ),
        )
        self.add_language_argument(parser)

    def get_user(self, username):
        return staff_account(
            username,
            [self.import_permission],
            _("%(name)s may not import: the account lacks the import permission."),
        )

    def get_target(self, slug):
        raise NotImplementedError

    def get_importer(self, target, options):
        raise NotImplementedError

    def handle(self, *args, **options):
        self.activate_language(options)
        target = self.get_target(options[self.target_option])
        user = self.get_user(options["user"])
        path = Path(options["file"])
        record = {
            "kind": self.import_kind,
            "target": target,
            "user": user,
            "source": "command",
            "file_name": path.name,
            "system_account": system_account(),
        }
        limit = settings.IMPORT_COMMAND_MAX_SIZE
        try:
            # The size first: a file over the limit is refused without being read into memory.
            if too_large := size_error(path.stat().st_size, limit):
                if not options["dry_run"]:
                    with path.open("rb") as file:
                        record_unreadable_file(file, too_large, **record)
                raise CommandError(f"{path.name}: {too_large}")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        try:
            table = read_table(data, max_size=limit)
        except SpreadsheetError as error:
            if not options["dry_run"]:
                record_unreadable_file(data, error, **record)
            raise CommandError(f"{path.name}: {error}") from None
        progress = Progress(self.stdout) if self.stdout.isatty() else None
        importer = self.get_importer(target, options)
        plan = importer.run(
            table,
            dry_run=options["dry_run"],
            progress=progress,
            user=user,
            file_name=path.name,
            refuse_undecided=True,
        )
        if progress:
            progress.done()
        if not options["dry_run"]:
            record_import(plan, **record)
        self.report(plan, path, options["verbosity"])
        self.report_duplicates(plan, path)
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

    def report_duplicates(self, plan, path):
        """The names that probably name people already in the archive, with their candidates
        and evidence, and what was done with each (or how to decide)."""
        if not plan.duplicates:
            return
        self.stdout.write(
            _("%(file)s: %(count)s name(s) probably name people already in the archive:")
            % {"file": path.name, "count": len(plan.duplicates)}
        )
        for line in duplicate_lines(plan):
            self.stdout.write(line)
        if plan.undecided:
            self.stdout.write(
                _(
                    "Check them, then run again with --possible-duplicates best (each the first "
                    "person listed) or --possible-duplicates new (a new person each), or import the "
                    "file in the admin to choose row by row."
                )
            )

    def report(self, plan, path, verbosity=1):
        if verbosity >= 2:
            headers = dict(plan.columns)
            for row in plan.rows:
                if row.status != UNCHANGED or verbosity >= 3:
                    self.stdout.write(row_line(row, headers))
        self.stdout.write(f"{path.name}: {plan.summary()}")
        if plan.kept:
            self.stdout.write(_("%(count)s row(s) not in the file are kept.") % {"count": plan.kept})
        for label, names in plan.creations():
            self.stdout.write(
                f"{label} ({len(names)}): {'、'.join(names[:20])}{' …' if len(names) > 20 else ''}"
            )


def system_account():
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # No login name and no password-database entry (a container's anonymous uid).
        return str(os.getuid())


def row_line(row, headers):
    """“Row 12 · updated · 職稱, 官職等 · 王小明 …” for -v 2."""
    where = _("Row %(row)s") % {"row": row.number} if row.number is not None else "—"
    changed = ", ".join(headers.get(key, key) for key in sorted(row.changed))
    cells = " | ".join(str(value) for value in row.cells.values() if value not in (None, ""))
    parts = [where, str(row.status_label), changed, cells[:120]]
    return " · ".join(part for part in parts if part)


class ExportCommand(LanguageOption, BaseCommand):
    target_option = ""

    def add_arguments(self, parser):
        parser.add_argument(f"--{self.target_option}", required=True, help="the slug to export")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", type=Path, help="the file to write (default: standard output)")
        self.add_language_argument(parser)

    def handle(self, *args, **options):
        self.activate_language(options)
        target = self.get_target(options[self.target_option])
        header, rows = self.get_table(target)
        chunks = spreadsheet_chunks(options["format"], header, rows, sheet_name=self.sheet_name(target))
        if options["output"]:
            self.write_file(Path(options["output"]), chunks)
            return
        if options["format"] != "csv":
            raise CommandError(_("XLSX and ODS files are written to a file: give -o FILE."))
        for chunk in chunks:
            self.stdout.write(chunk.decode("utf-8"), ending="")

    def write_file(self, path, chunks):
        """Write the export to `path`; a path that cannot be written is a message, and a file
        left half-written by a failure on the way is removed."""
        try:
            handle = path.open("wb")
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        try:
            with handle:
                for chunk in chunks:
                    handle.write(chunk)
        except OSError as error:
            path.unlink(missing_ok=True)
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None


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
