from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ArchiveAdminConfig(AdminConfig):
    default_site = "ogparchive.admin.ArchiveAdminSite"


class ArchiveConfig(AppConfig):
    """The base package as an app, for the one table every app's writes share: the
    publication version (ogparchive.publication_version)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ogparchive"
    verbose_name = _("Archive")
