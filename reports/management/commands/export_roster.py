from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.import_commands import ExportCommand
from reports.models import Delegation
from reports.roster_io import ROSTER_COLUMNS, roster_rows


class Command(ExportCommand):
    help = "Export a delegation's roster as CSV (UTF-8 with BOM), XLSX or ODS, streamed."
    target_option = "delegation"

    def get_target(self, slug):
        try:
            return Delegation.objects.get(slug=slug)
        except Delegation.DoesNotExist:
            raise CommandError(_("No delegation has the slug “%(slug)s”.") % {"slug": slug}) from None

    def get_table(self, delegation):
        return ROSTER_COLUMNS.headers, roster_rows(delegation)

    def sheet_name(self, delegation):
        return f"{delegation.slug}-roster"
