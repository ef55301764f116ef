from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """The top layer: what spans people, events and reports (the home page and the search
    across everything, and what later steps move here)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = _("Archive")
