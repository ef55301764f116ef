from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """The top layer: what spans people, events and reports (the home page, the search across
    everything, the pages that join them; the import records; backup and restore; the demo
    loader; the commands that rebuild the search index and the public flags)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from . import receivers  # noqa: F401 (connects the receivers)
