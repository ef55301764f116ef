import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.backup import BackupError, dump


class Command(BaseCommand):
    help = (
        "Write the whole archive (every table's rows and every stored file, with their SHA-256) "
        "to one backup file, a zip that restore_archive reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write, e.g. ogparchive-2026-11-25.zip")
        parser.add_argument("--force", action="store_true", help="replace the file if it exists")

    def handle(self, *args, path, force, **options):
        if os.path.exists(path) and not force:
            raise CommandError(_("%(path)s exists; give --force to replace it.") % {"path": path})
        started = time.perf_counter()
        try:
            summary = dump(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for name in summary.missing_files:
            self.stderr.write(_("Missing from the file storage, not backed up: %(name)s") % {"name": name})
        self.stdout.write(
            _(
                "Backed up %(rows)s rows of %(tables)s tables and %(files)s files (%(bytes)s bytes) "
                "to %(path)s in %(seconds).1f s."
            )
            % {
                "rows": f"{summary.rows:,}",
                "tables": summary.tables,
                "files": summary.files,
                "bytes": f"{summary.file_bytes:,}",
                "path": path,
                "seconds": time.perf_counter() - started,
            }
        )
