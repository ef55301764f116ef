"""The archive's admin site and the defaults every model admin of the archive shares: the
history pages, and the rule that published material changes only with a reviewer."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
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


def may_change_public(user):
    """Whether the user may change what published material shows: a reviewer. The permission
    is the workflow's (reports.services.PUBLISH_PERMISSION); settings name it, since this base
    layer imports no app above it."""
    return user.has_perm(settings.ARCHIVE_REVIEWER_PERMISSION)


LOCKED_MESSAGE = _(
    "Published material shows “%(record)s”: it is read only to you. Only a reviewer can change it."
)
LOCKED_PARENT_MESSAGE = _(
    "Published material shows this record: only a reviewer can add to it or change what it holds."
)


class CountryFieldAdmin:
    """A model admin or inline whose `country` columns (ISO 3166-1 codes) are picked from a
    searchable list of countries named in the staff member's language."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "country":
            return country_formfield(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ArchiveModelAdmin(CountryFieldAdmin, SimpleHistoryAdmin):
    """A record's History page lists its versions (core.history) with the fields each
    changed, and opens any version to revert to it.

    What published material shows changes only with a reviewer: a record is read only to
    anyone without the reviewer permission (`is_locked`) while its model's `public()` holds
    it (the stored flags of reports.publication), or while the record it is part of
    (`part_of`) is locked; a part is added only to a record still open (`open_to`). Drafts,
    and draft rows that merely name a public record, stay open."""

    # The fields naming the record a row is part of, shown on that record's public page: an
    # other name with its person, a session role with its event, a section with its report.
    part_of = ()

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

    # -- published material: read only without a reviewer -------------------------------------

    def is_published_material(self, obj):
        """Whether published material shows `obj` by its model's own rule (`public()` of its
        queryset; a model without one, such as a log, shows nothing)."""
        public = getattr(self.model._default_manager.all(), "public", None)
        return public is not None and public().filter(pk=obj.pk).exists()

    def is_locked(self, request, obj):
        """Whether `obj` is read only to this user because published material shows it, itself
        or through the record it is part of."""
        if obj is None or obj.pk is None or may_change_public(request.user):
            return False
        # An admin page asks several times (the record, each inline): answered once a request.
        answers = request.__dict__.setdefault("published_material_locks", {})
        key = (obj._meta.label, obj.pk)
        if key not in answers:
            answers[key] = self.is_published_material(obj) or any(
                self.parent_is_locked(request, getattr(obj, field)) for field in self.part_of
            )
        return answers[key]

    def parent_is_locked(self, request, parent):
        model_admin = self.admin_site._registry.get(type(parent)) if parent is not None else None
        return model_admin is not None and model_admin.is_locked(request, parent)

    def locked_message(self, obj):
        return LOCKED_MESSAGE % {"record": obj}

    def open_to(self, request):
        """The records `request.user` may change or add parts to, as a queryset."""
        queryset = self.model._default_manager.all()
        public = getattr(queryset, "public", None)
        if public is None or may_change_public(request.user):
            return queryset
        return queryset.exclude(pk__in=public().values("pk"))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_locked(request, obj)

    def delete_queryset(self, request, queryset):
        # Django's "delete selected" asks about each object before, on the confirmation page;
        # asked again here, so no other path deletes published material.
        if any(self.is_locked(request, row) for row in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A part is added to (or moved to) a record still open to the user only.
        model_admin = self.admin_site._registry.get(db_field.related_model)
        if db_field.name in self.part_of and model_admin is not None:
            kwargs["queryset"] = model_admin.open_to(request)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in self.part_of and formfield is not None:
            formfield.error_messages["invalid_choice"] = LOCKED_PARENT_MESSAGE
        return formfield

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.change_refused_as_published(request, obj):
            if request.method == "POST":
                return self.locked_response(request, obj)
            messages.warning(request, self.locked_message(obj))
        return super().change_view(request, object_id, form_url, extra_context)

    def change_refused_as_published(self, request, obj):
        """Whether the user may change records of this kind, but not `obj`: published material
        shows it."""
        return super().has_change_permission(request, obj) and self.is_locked(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        may_delete = obj is not None and super().has_delete_permission(request, obj)
        if may_delete and self.is_locked(request, obj):
            return self.locked_response(request, obj)
        return super().delete_view(request, object_id, extra_context)

    def locked_response(self, request, obj):
        """403, saying why and linking back: a save or delete of a record published material
        shows (the page was opened before a reviewer published it, or the request is forged)."""
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("Only a reviewer can change this record"),
            "message": self.locked_message(obj),
            "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        }
        return TemplateResponse(request, "admin/ogparchive/locked.html", context, status=403)

    # -- history -------------------------------------------------------------------------------

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
            if current is not None and self.change_refused_as_published(request, current):
                return self.locked_response(request, current)
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class RecordPartInline:
    """An inline of a record's parts (names, roles, notes, sections, roster rows): added,
    changed and deleted only while the record itself is open to the user (its admin's
    `is_locked`). Put first in an inline's bases."""

    def record_is_locked(self, request, obj):
        return obj is not None and self.admin_site._registry[self.parent_model].is_locked(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self.record_is_locked(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.record_is_locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.record_is_locked(request, obj)
