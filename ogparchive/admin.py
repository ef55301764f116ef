"""The archive's admin site and the defaults every model admin of the archive shares."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .countries import country_formfield
from .history import is_tracked
from .history_admin import ArchiveRecordContextHelper, attach_inline_changes


class ArchiveAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete answers, each named by its model admin's `autocomplete_label`
    when it has one (a track with its summit) and by str() otherwise."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = str(label(obj))
        return result


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("OGP Trip Report Archive · staff")
    site_title = _("OGP Trip Report Archive")
    index_title = _("Archive administration")

    def autocomplete_view(self, request):
        return ArchiveAutocompleteJsonView.as_view(admin_site=self)(request)


class CountryFieldAdmin:
    """A model admin or inline whose `country` columns (ISO 3166-1 codes) are picked from a
    searchable list of countries named in the staff member's language."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "country":
            return country_formfield(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ArchiveModelAdmin(CountryFieldAdmin, SimpleHistoryAdmin):
    """A record's History page lists its versions (ogparchive.history) with the fields each
    changed, and opens any version to revert to it."""

    # Counting a large table on PostgreSQL is slow and tells staff nothing they need.
    show_full_result_count = False
    list_per_page = 50
    # Links typed without a scheme are taken as https (Django 6's default, asked for now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not is_tracked(model):
            # A log (import records) keeps Django's own history page.
            self.object_history_template = None

    def history_view(self, request, object_id, extra_context=None):
        if not is_tracked(self.model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ArchiveRecordContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        attach_inline_changes(self, request, historical_records)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a posted version for anyone who may read the history: reverting
        # is a change, allowed only to who may change the record as it stands now.
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
