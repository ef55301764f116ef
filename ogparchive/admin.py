"""The archive's admin site and the defaults every model admin of the archive shares."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("OGP Trip Report Archive · staff")
    site_title = _("OGP Trip Report Archive")
    index_title = _("Archive administration")


class ArchiveModelAdmin(admin.ModelAdmin):
    # Counting a large table on PostgreSQL is slow and tells staff nothing they need.
    show_full_result_count = False
    list_per_page = 50
    # Links typed without a scheme are taken as https (Django 6's default, asked for now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
