from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from core.import_admin import PreviewStorage


class Command(BaseCommand):
    help = (
        "Remove the files of import previews never confirmed within IMPORT_PREVIEW_MAX_AGE seconds "
        "(run it from a timer: the admin removes them too, but only when someone opens an import page)."
    )

    def handle(self, *args, **options):
        removed = PreviewStorage().remove_abandoned()
        self.stdout.write(
            ngettext(
                "%(count)s abandoned import file removed.",
                "%(count)s abandoned import files removed.",
                removed,
            )
            % {"count": removed}
        )
