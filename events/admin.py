from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.admin import LOCKED_PARENT_MESSAGE, ArchiveModelAdmin, RecordPartInline
from core.countries import CountryFieldListFilter
from core.export_admin import SpreadsheetExportMixin
from core.import_admin import SpreadsheetImportMixin

from .forms import EventAdminForm, track_with_summit
from .models import Event, EventKind, Language, Room, SessionRole, Track
from .programme_io.cells import PROGRAMME_COLUMNS
from .programme_io.export import programme_rows
from .resources import PROGRAMME_HELP_TEXT, ProgrammeConfirmForm, ProgrammeImportForm, ProgrammeResource


class SummitListFilter(admin.SimpleListFilter):
    """Filter by summit, listing only summits (a plain related filter would list every event)."""

    title = _("summit")
    parameter_name = "summit"
    field_name = "summit"

    def lookups(self, request, model_admin):
        return [(str(summit.pk), str(summit)) for summit in Event.objects.filter(kind=EventKind.SUMMIT)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field_name}__pk": self.value()})
        return queryset


class RoleSummitListFilter(SummitListFilter):
    field_name = "event__summit"


@admin.register(Language)
class LanguageAdmin(ArchiveModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]


class SessionRoleInline(RecordPartInline, admin.TabularInline):
    model = SessionRole
    extra = 0
    fields = ["order", "role", "person", "organization", "name_as_printed", "affiliation_as_printed", "note"]
    autocomplete_fields = ["person", "organization"]
    ordering = ["order"]


# -- programmes as spreadsheets (issue 5) --------------------------------------------------------


class ProgrammeSpreadsheetsAdmin(SpreadsheetImportMixin, SpreadsheetExportMixin):
    """A summit's programme: import → preview → confirm (django-import-export), streamed
    exports, and the buttons on the summit's page."""

    import_permission = "events.import_programme"
    import_resource_class = ProgrammeResource
    import_form_class = ProgrammeImportForm
    confirm_form_class = ProgrammeConfirmForm
    import_kind = "programme"
    target_field = "summit"
    import_help_text = PROGRAMME_HELP_TEXT
    export_name = "programme"
    change_form_template = "admin/ogparchive/change_form_spreadsheets.html"

    def create_import_form(self, request):
        form = super().create_import_form(request)
        field = form.fields["summit"]
        # Into a summit still open to the user only: a public summit's programme changes with a
        # reviewer (core.admin.ArchiveModelAdmin.open_to).
        field.queryset = field.queryset.filter(pk__in=self.open_to(request).values("pk"))
        field.error_messages["invalid_choice"] = LOCKED_PARENT_MESSAGE
        return form

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        field = form.fields["summit"]
        field.queryset = field.queryset.filter(pk__in=self.open_to(request).values("pk"))
        return form

    def export_title(self, summit):
        return f"{summit.slug}-programme"

    def export_table(self, summit):
        return PROGRAMME_COLUMNS.headers, programme_rows(summit)

    def can_export(self, request, obj):
        return obj.kind == EventKind.SUMMIT and self.has_view_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        summit = self.get_object(request, object_id) if object_id else None
        if summit is not None and summit.kind == EventKind.SUMMIT:
            tools = []
            if self.has_import_permission(request) and not self.is_locked(request, summit):
                url = reverse("admin:events_event_import", current_app=self.admin_site.name)
                tools.append((_("Import programme"), f"{url}?{urlencode({'summit': summit.pk})}"))
            if self.can_export(request, summit):
                tools += [
                    (_("Export programme (%(format)s)") % {"format": label}, url)
                    for label, url in self.export_links(summit)
                ]
            extra_context["spreadsheet_tools"] = tools
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Event)
class EventAdmin(ProgrammeSpreadsheetsAdmin, ArchiveModelAdmin):
    form = EventAdminForm
    # A public event's page lists its parts (a summit's programme, a visit's meetings).
    part_of = ("parent",)
    list_display = ["__str__", "kind", "format", "summit", "start_date", "local_start_display", "room"]
    list_filter = ["kind", "format", SummitListFilter, ("country", CountryFieldListFilter)]
    list_select_related = ["summit", "room"]
    search_fields = [
        "title_en",
        "title_zh",
        "slug",
        "roles__name_as_printed",
        "roles__person__name_zh",
        "roles__person__name_en",
    ]
    date_hierarchy = "start_date"
    autocomplete_fields = ["parent", "room", "tracks", "languages"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [SessionRoleInline]
    fieldsets = [
        (
            None,
            {"fields": ["kind", "parent", "title_zh", "title_en", "slug", "format", "tracks", "languages"]},
        ),
        (
            _("When"),
            {
                "fields": [
                    "time_zone",
                    "start_date",
                    "end_date",
                    "starts_at",
                    "ends_at",
                    "duration",
                    "time_as_printed",
                    "position",
                ]
            },
        ),
        (_("Where"), {"fields": ["room", "venue", "address", "city", "country"]}),
        (_("About"), {"fields": ["description", "website"]}),
    ]

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST and isinstance(response, HttpResponseRedirect):
            # The next session of a programme is mostly of the same kind, in the same summit.
            keep = {"kind": obj.kind, **({"parent": obj.parent_id} if obj.parent_id else {})}
            joiner = "&" if "?" in response.url else "?"
            return HttpResponseRedirect(f"{response.url}{joiner}{urlencode(keep)}")
        return response

    @admin.display(description=_("local start"), ordering="starts_at")
    def local_start_display(self, event):
        start = event.local_start
        return f"{start:%Y-%m-%d %H:%M} {event.time_zone}" if start else "—"


@admin.register(Room)
class RoomAdmin(ArchiveModelAdmin):
    part_of = ("summit",)
    list_display = ["name", "venue", "summit", "position"]
    list_filter = [SummitListFilter]
    list_select_related = ["summit"]
    search_fields = ["name", "venue", "address"]
    autocomplete_fields = ["summit", "languages"]


@admin.register(Track)
class TrackAdmin(ArchiveModelAdmin):
    part_of = ("summit",)
    list_display = ["name_zh", "name_en", "summit", "position"]
    list_filter = [SummitListFilter]
    list_select_related = ["summit"]
    search_fields = ["name_zh", "name_en", "summit__title_zh", "summit__title_en"]
    autocomplete_fields = ["summit"]
    # The session form's track picker names each track's summit (core.admin).
    autocomplete_label = staticmethod(track_with_summit)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("summit")


@admin.register(SessionRole)
class SessionRoleAdmin(ArchiveModelAdmin):
    part_of = ("event",)
    list_display = ["name_as_printed", "person", "role", "event", "affiliation_as_printed", "organization"]
    list_filter = ["role", RoleSummitListFilter]
    list_select_related = ["event", "person", "organization"]
    search_fields = [
        "name_as_printed",
        "affiliation_as_printed",
        "person__name_zh",
        "person__name_en",
        "person__other_names__name",
        "event__title_en",
        "event__title_zh",
    ]
    autocomplete_fields = ["event", "person", "organization"]
