from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the archive's site (listed in INSTALLED_APPS by its path)."""

    default = False
    default_site = "core.admin.ArchiveAdminSite"


class CoreConfig(AppConfig):
    """The base layer every app builds on: text, search terms, history, pagination, listing,
    downloads, spreadsheet formats, the admin's base classes and the template tags. It knows no
    domain model; its one table is the publication version every app's writes share
    (core.publication_version)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Archive")
