from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.import_commands import ExportCommand
from reports.models import Delegation
from reports.roster_io import LAYOUTS, layout_headers, roster_rows


class Command(ExportCommand):
    help = "Export a delegation's roster as CSV (UTF-8 with BOM), XLSX or ODS, streamed."
    target_option = "delegation"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--layout",
            choices=sorted(LAYOUTS),
            default="archive",
            help="archive: 序號,單位,姓名,職稱,…; report-system: 姓名,服務機關,單位,職稱,官職等,電話",
        )

    def handle(self, *args, **options):
        self.layout = options["layout"]
        return super().handle(*args, **options)

    def get_target(self, slug):
        try:
            return Delegation.objects.get(slug=slug)
        except Delegation.DoesNotExist:
            raise CommandError(_("No delegation has the slug “%(slug)s”.") % {"slug": slug}) from None

    def get_table(self, delegation):
        layout = getattr(self, "layout", "archive")
        return layout_headers(layout), roster_rows(delegation, layout=layout)

    def sheet_name(self, delegation):
        return f"{delegation.slug}-roster"
