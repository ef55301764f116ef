from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.import_commands import ImportCommand
from reports.models import Delegation
from reports.roster_io import RosterImport


class Command(ImportCommand):
    help = (
        "Import a delegation's roster from a CSV, XLSX or ODS file (columns 序號, 單位, 姓名, 職稱, and "
        "optionally 官職等, 團內角色, 英文姓名, or their English names). Nothing is written on any error."
    )
    target_option = "delegation"
    import_kind = "roster"
    import_permission = "reports.import_roster"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--remove-missing", action="store_true", help="delete roster rows that the file does not have"
        )

    def get_target(self, slug):
        try:
            return Delegation.objects.get(slug=slug)
        except Delegation.DoesNotExist:
            raise CommandError(_("No delegation has the slug “%(slug)s”.") % {"slug": slug}) from None

    def get_importer(self, target, options):
        return RosterImport(
            target, remove_missing=options["remove_missing"], policy=options["possible_duplicates"]
        )
