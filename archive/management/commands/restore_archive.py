import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Load a backup made by dump_archive into this database and its file storage. The "
        "database must be empty and migrated to the same migrations as the backup; the file is "
        "checked whole first, and anything wrong writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file (zip) to restore")

    def handle(self, *args, path, **options):
        started = time.perf_counter()
        try:
            summary = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Restored %(rows)s rows of %(tables)s tables and %(files)s files from %(path)s "
                "in %(seconds).1f s."
            )
            % {
                "rows": f"{summary.rows:,}",
                "tables": summary.tables,
                "files": summary.files,
                "path": path,
                "seconds": time.perf_counter() - started,
            }
        )
