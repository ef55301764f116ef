from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.import_commands import ExportCommand
from events.models import Event, EventKind
from events.programme_io.cells import PROGRAMME_COLUMNS
from events.programme_io.export import programme_rows


class Command(ExportCommand):
    help = "Export a summit's programme (one row per session) as CSV, XLSX or ODS, streamed."
    target_option = "event"

    def get_target(self, slug):
        try:
            return Event.objects.get(slug=slug, kind=EventKind.SUMMIT)
        except Event.DoesNotExist:
            raise CommandError(_("No summit has the slug “%(slug)s”.") % {"slug": slug}) from None

    def get_table(self, summit):
        return PROGRAMME_COLUMNS.headers, programme_rows(summit)

    def sheet_name(self, summit):
        return f"{summit.slug}-programme"
