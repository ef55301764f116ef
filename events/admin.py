from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ogparchive.admin import ArchiveModelAdmin

from .forms import EventAdminForm
from .models import Event, EventKind, Language, Room, SessionRole, Track


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


class SessionRoleInline(admin.TabularInline):
    model = SessionRole
    extra = 0
    fields = ["order", "role", "person", "organization", "name_as_printed", "affiliation_as_printed", "note"]
    autocomplete_fields = ["person", "organization"]
    ordering = ["order"]


@admin.register(Event)
class EventAdmin(ArchiveModelAdmin):
    form = EventAdminForm
    list_display = ["__str__", "kind", "format", "summit", "start_date", "local_start_display", "room"]
    list_filter = ["kind", "format", SummitListFilter, "country"]
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
                    "time_as_printed",
                    "position",
                ]
            },
        ),
        (_("Where"), {"fields": ["room", "venue", "address", "city", "country"]}),
        (_("About"), {"fields": ["description", "website"]}),
    ]

    @admin.display(description=_("local start"), ordering="starts_at")
    def local_start_display(self, event):
        start = event.local_start
        return f"{start:%Y-%m-%d %H:%M} {event.time_zone}" if start else "—"


@admin.register(Room)
class RoomAdmin(ArchiveModelAdmin):
    list_display = ["name", "venue", "summit", "position"]
    list_filter = [SummitListFilter]
    list_select_related = ["summit"]
    search_fields = ["name", "venue", "address"]
    autocomplete_fields = ["summit", "languages"]


@admin.register(Track)
class TrackAdmin(ArchiveModelAdmin):
    list_display = ["name_zh", "name_en", "summit", "position"]
    list_filter = [SummitListFilter]
    list_select_related = ["summit"]
    search_fields = ["name_zh", "name_en"]
    autocomplete_fields = ["summit"]


@admin.register(SessionRole)
class SessionRoleAdmin(ArchiveModelAdmin):
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
