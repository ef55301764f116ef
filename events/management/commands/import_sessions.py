from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.import_commands import ImportCommand
from events.models import Event, EventKind
from events.programme_io.plan import ProgrammeImport


class Command(ImportCommand):
    help = (
        "Import a summit's programme (one row per session) from a CSV, XLSX or ODS file; the format "
        "is in fixtures/README.md. Nothing is written on any error."
    )
    target_option = "event"
    import_kind = "programme"
    import_permission = "events.import_programme"

    def get_target(self, slug):
        try:
            return Event.objects.get(slug=slug, kind=EventKind.SUMMIT)
        except Event.DoesNotExist:
            raise CommandError(_("No summit has the slug “%(slug)s”.") % {"slug": slug}) from None

    def get_importer(self, target, options):
        return ProgrammeImport(target, policy=options["possible_duplicates"])
