import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget, AutocompleteSelect
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin import LOCKED_PARENT_MESSAGE, ArchiveModelAdmin, CountryFieldAdmin, RecordPartInline
from core.countries import CountryFieldListFilter
from core.export_admin import SpreadsheetExportMixin
from core.import_admin import SpreadsheetImportMixin
from events.admin import EventAdmin, SessionRoleAdmin
from people.admin import OrganizationAdmin, PersonAdmin

from .models import (
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    FollowUpItem,
    Keyword,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportFile,
    ReportSection,
    SourceNote,
    StatusChange,
)
from .pdf import PdfFileField
from .resources import (
    REPORT_SYSTEM_HELP_TEXT,
    ROSTER_HELP_TEXT,
    RosterConfirmForm,
    RosterImportForm,
    RosterResource,
)
from .roster_io import LAYOUTS, layout_headers, roster_rows
from .services import (
    TRANSITIONS,
    TransitionRefused,
    can_edit_delegation,
    can_edit_report,
    delegations_open_to,
    move_report,
    reports_open_to,
    transitions_for,
)
from .views import ReportPreviewView, stream_report_file

# -- who may change what: drafts only, unless the user may publish (reports.services) ---------
# A report and its delegation follow the workflow (reports.services): open to an editor while
# a draft. Their parts (`part_of`) and inlines (RecordPartInline) follow them
# (core.admin.ArchiveModelAdmin).

WORKFLOW_LOCKED_MESSAGE = _(
    "“%(record)s” is in review or published: it is read only to you. Only a reviewer can change it."
)


class ReportPartAdmin(ArchiveModelAdmin):
    part_of = ("report",)


class DelegationPartAdmin(ArchiveModelAdmin):
    part_of = ("delegation",)


class SourceNoteInline(RecordPartInline, GenericTabularInline):
    model = SourceNote
    extra = 0
    fields = ["kind", "report", "location", "source_text", "note"]
    autocomplete_fields = ["report"]


class DestinationInline(CountryFieldAdmin, RecordPartInline, admin.TabularInline):
    model = Destination
    extra = 0
    fields = ["order", "country", "city", "as_printed"]


class DelegationMemberInline(RecordPartInline, admin.TabularInline):
    model = DelegationMember
    extra = 0
    fields = [
        "order",
        "person",
        "name_as_printed",
        "organization",
        "organization_as_printed",
        "title",
        "grade",
        "role",
        "sector",
        "phone",
    ]
    autocomplete_fields = ["person", "organization"]
    ordering = ["order"]


class DelegationEventInline(RecordPartInline, admin.TabularInline):
    model = DelegationEvent
    extra = 0
    fields = ["event", "note"]
    autocomplete_fields = ["event"]
    verbose_name = _("event attended")
    verbose_name_plural = _("events attended")


# -- rosters as spreadsheets (issue 5) -----------------------------------------------------------


class RosterImportAdmin(SpreadsheetImportMixin):
    """Import a roster into a delegation: import → preview → confirm (django-import-export)."""

    import_permission = "reports.import_roster"
    import_resource_class = RosterResource
    import_form_class = RosterImportForm
    confirm_form_class = RosterConfirmForm
    import_kind = "roster"
    target_field = "delegation"
    option_fields = ("remove_missing",)
    import_help_text = format_lazy("{} {}", ROSTER_HELP_TEXT, REPORT_SYSTEM_HELP_TEXT)

    def create_import_form(self, request):
        form = super().create_import_form(request)
        field = form.fields["delegation"]
        # Into a delegation the user may change only (a published report's roster: reviewers).
        field.queryset = delegations_open_to(request.user)
        field.error_messages["invalid_choice"] = _(
            "This delegation's report is in review or published: only a reviewer can change its roster."
        )
        field.widget = AutocompleteSelect(DelegationMember._meta.get_field("delegation"), self.admin_site)
        field.widget.choices = field.choices
        # Opened from a delegation the user may not change: say why the form is empty.
        asked = request.GET.get("delegation", "")
        if not form.is_bound and asked.isdigit() and self.is_closed_to_user(field.queryset, asked):
            messages.error(request, field.error_messages["invalid_choice"])
        return form

    @staticmethod
    def is_closed_to_user(open_delegations, pk):
        """Whether the delegation `pk` exists but is not among those the user may change."""
        return Delegation.objects.filter(pk=pk).exclude(pk__in=open_delegations.values("pk")).exists()

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.fields["delegation"].queryset = delegations_open_to(request.user)
        return form


class RosterToolsAdmin(SpreadsheetExportMixin):
    """The delegation page's roster buttons: import (with the permission) and export."""

    export_name = "roster"
    change_form_template = "admin/ogparchive/change_form_spreadsheets.html"

    def export_title(self, delegation):
        return f"{delegation.slug}-roster"

    def export_table(self, delegation, layout="archive"):
        return layout_headers(layout), roster_rows(delegation, layout=layout)

    def export_options(self, request):
        layout = request.GET.get("layout", "archive")
        return {"layout": layout if layout in LAYOUTS else "archive"}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            extra_context["spreadsheet_tools"] = self.roster_tools(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def roster_tools(self, request, object_id):
        delegation = self.get_object(request, object_id)
        if delegation is None:
            return []
        tools = []
        may_import = request.user.has_perm(RosterImportAdmin.import_permission)
        if may_import and delegations_open_to(request.user).filter(pk=delegation.pk).exists():
            url = reverse("admin:reports_delegationmember_import", current_app=self.admin_site.name)
            tools.append((_("Import roster"), f"{url}?{urlencode({'delegation': delegation.pk})}"))
        if self.can_export(request, delegation):
            tools += [
                (_("Export roster (%(format)s)") % {"format": label}, url)
                for label, url in self.export_links(delegation)
            ]
            tools += [
                (_("Export roster in the report system's layout (%(format)s)") % {"format": label}, url)
                for label, url in self.export_links(delegation, layout="report-system")
            ]
        return tools


@admin.register(Delegation)
class DelegationAdmin(RosterToolsAdmin, ArchiveModelAdmin):
    list_display = ["title", "organising_agency", "departure_date", "return_date"]
    list_filter = ["organising_agency__kind", ("destinations__country", CountryFieldListFilter)]
    list_select_related = ["organising_agency"]
    search_fields = [
        "title",
        "title_en",
        "slug",
        "members__person__name_zh",
        "members__person__name_en",
        "members__person__other_names__name",
    ]
    date_hierarchy = "departure_date"
    autocomplete_fields = ["organising_agency", "contact_person"]
    prepopulated_fields = {"slug": ["title_en"]}
    fields = [
        "title",
        "title_en",
        "slug",
        "organising_agency",
        "contact_person",
        "contact_phone",
        "departure_date",
        "return_date",
        "description",
    ]
    inlines = [DestinationInline, DelegationMemberInline, DelegationEventInline, SourceNoteInline]

    def is_locked(self, request, obj):
        return obj is not None and obj.pk is not None and not can_edit_delegation(request.user, obj)

    def open_to(self, request):
        return delegations_open_to(request.user)

    def locked_message(self, obj):
        return WORKFLOW_LOCKED_MESSAGE % {"record": obj}


@admin.register(Destination)
class DestinationAdmin(DelegationPartAdmin):
    list_display = ["__str__", "country", "city", "delegation"]
    list_filter = [("country", CountryFieldListFilter)]
    list_select_related = ["delegation"]
    search_fields = ["city", "as_printed", "delegation__title"]
    autocomplete_fields = ["delegation"]


@admin.register(DelegationEvent)
class DelegationEventAdmin(DelegationPartAdmin):
    list_display = ["delegation", "event", "note"]
    list_select_related = ["delegation", "event"]
    search_fields = ["delegation__title", "event__title_en", "event__title_zh"]
    autocomplete_fields = ["delegation", "event"]


@admin.register(DelegationMember)
class DelegationMemberAdmin(RosterImportAdmin, DelegationPartAdmin):
    list_display = ["order", "person", "organization", "title", "role", "sector", "delegation"]
    list_display_links = ["order", "person"]
    list_filter = ["role", "sector"]
    list_select_related = ["person", "organization", "delegation"]
    search_fields = [
        "name_as_printed",
        "person__name_zh",
        "person__name_en",
        "person__other_names__name",
        "organization_as_printed",
        "organization__name_zh",
        "organization__name_en",
        "title",
    ]
    autocomplete_fields = ["delegation", "person", "organization"]
    inlines = [SourceNoteInline]


@admin.register(Keyword)
class KeywordAdmin(ArchiveModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


# -- the publication workflow (reports.services) -------------------------------------------------


class StatusChangeInline(admin.TabularInline):
    """The report's steps through the workflow, newest first: read only."""

    model = StatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "user", "note"]
    readonly_fields = fields
    verbose_name_plural = _("publication history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class ReportAuthorInline(RecordPartInline, admin.TabularInline):
    model = ReportAuthor
    extra = 0
    fields = ["order", "person", "title", "organization"]
    autocomplete_fields = ["person", "organization"]
    ordering = ["order"]


class ReportSectionInline(RecordPartInline, admin.StackedInline):
    model = ReportSection
    extra = 0
    fields = [("order", "number", "level"), "heading", "body"]
    ordering = ["order"]


class RecommendationInline(RecordPartInline, admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["order", "text", "status", "status_note"]
    ordering = ["order"]


class FollowUpItemInline(RecordPartInline, admin.TabularInline):
    model = FollowUpItem
    extra = 0
    fields = ["order", "text", "status", "status_note"]
    ordering = ["order"]


class ReportFileInput(AdminFileWidget):
    """The file input of a report file, linking the stored file through the admin's download
    view (MEDIA_URL is never served) under its original name, not its storage name."""

    def format_value(self, value):
        value = super().format_value(value)
        instance = getattr(value, "instance", None)
        if instance is None or instance.pk is None:
            return value
        url = reverse("admin:reports_reportfile_download", args=[instance.pk])
        return StoredFileLink(url, instance.download_name)


@dataclasses.dataclass(frozen=True)
class StoredFileLink:
    url: str
    name: str

    def __str__(self):
        return self.name


REPORT_FILE_WIDGETS = {PdfFileField: {"widget": ReportFileInput}}


class ReportFileInline(RecordPartInline, admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ["kind", "title", "file", "size"]
    readonly_fields = ["size"]
    formfield_overrides = REPORT_FILE_WIDGETS


@admin.register(Report)
class ReportAdmin(ArchiveModelAdmin):
    list_display = ["title", "agency", "report_date", "category", "status", "access_level", "preview_link"]
    list_filter = ["status", "category", "access_level", "agency__kind"]
    list_select_related = ["agency"]
    search_fields = ["title", "title_en", "slug", "system_id", "keywords__name", "authors__person__name_zh"]
    date_hierarchy = "report_date"
    autocomplete_fields = ["delegation", "agency", "keywords"]
    prepopulated_fields = {"slug": ["title_en"]}
    # The status moves only through the workflow's buttons (transition_view).
    readonly_fields = ["status", "status_changed_at", "status_changed_by", "published_at"]
    change_form_template = "admin/reports/report/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "title_en", "slug", "delegation", "agency"]}),
        (
            _("Header"),
            {
                "fields": [
                    "category",
                    "category_detail",
                    ("report_date", "report_date_precision"),
                    ("pages", "pages_note"),
                    "classification",
                    "keywords",
                    "abstract",
                    ("cost", "sponsor"),
                ]
            },
        ),
        (_("Portal"), {"fields": ["system_id", "portal_url", "access_level"]}),
        (_("Publication"), {"fields": ["status", "status_changed_at", "status_changed_by", "published_at"]}),
    ]
    inlines = [
        ReportAuthorInline,
        ReportSectionInline,
        RecommendationInline,
        FollowUpItemInline,
        ReportFileInline,
        SourceNoteInline,
        StatusChangeInline,
    ]

    def is_locked(self, request, obj):
        return obj is not None and obj.pk is not None and not can_edit_report(request.user, obj)

    def open_to(self, request):
        return reports_open_to(request.user)

    def locked_message(self, obj):
        return WORKFLOW_LOCKED_MESSAGE % {"record": obj}

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(require_POST(self.transition_view))
        name = f"{opts.app_label}_{opts.model_name}_transition"
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<path:object_id>/transition/", view, name=name),
            path("<path:object_id>/preview/", preview, name=f"{opts.app_label}_{opts.model_name}_preview"),
            *super().get_urls(),
        ]

    def view_on_site(self, report):
        # A report not yet published has no public page (a 404): its preview stands in.
        return report.get_absolute_url() if report.is_public else None

    @admin.display(description=_("Preview"))
    def preview_link(self, report):
        if report.is_public:
            return ""
        url = reverse("admin:reports_report_preview", args=[report.pk], current_app=self.admin_site.name)
        return format_html('<a href="{}">{}</a>', url, _("Preview"))

    def preview_view(self, request, object_id):
        """The report as its public page will show it (ReportPreviewView), to staff who may
        see the report here."""
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        return ReportPreviewView.as_view()(request, pk=report.pk)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # No form of the admin posts a status (it is read only): one that does is forged.
        if request.method == "POST" and "status" in request.POST:
            raise PermissionDenied
        extra_context = extra_context or {}
        report = self.get_object(request, unquote(object_id)) if object_id else None
        if report is not None:
            extra_context["transitions"] = transitions_for(request.user, report)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # Whatever a form or a reverted version holds, the status and its stamps stay as the
        # workflow left them.
        if change:
            current = Report.objects.get(pk=obj.pk)
            for field in ("status", "status_changed_at", "status_changed_by_id", "published_at"):
                setattr(obj, field, getattr(current, field))
        super().save_model(request, obj, form, change)

    def transition_view(self, request, object_id):
        report = self.get_object(request, unquote(object_id))
        transition = TRANSITIONS.get(request.POST.get("transition", ""))
        if report is None or transition is None:
            raise Http404
        try:
            move_report(report, transition, request.user, note=request.POST.get("note", ""))
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, transition.done % {"report": report})
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[report.pk])
        )


@admin.register(ReportAuthor)
class ReportAuthorAdmin(ReportPartAdmin):
    list_display = ["person", "title", "organization", "report"]
    list_select_related = ["person", "organization", "report"]
    search_fields = ["person__name_zh", "person__name_en", "title", "report__title"]
    autocomplete_fields = ["report", "person", "organization"]


@admin.register(ReportSection)
class ReportSectionAdmin(ReportPartAdmin):
    list_display = ["__str__", "level", "order", "report"]
    list_filter = ["level"]
    list_select_related = ["report"]
    search_fields = ["heading", "report__title"]
    autocomplete_fields = ["report"]


@admin.register(Recommendation)
class RecommendationAdmin(ReportPartAdmin):
    list_display = ["__str__", "status", "order", "report"]
    list_filter = ["status"]
    list_select_related = ["report"]
    search_fields = ["text", "report__title"]
    autocomplete_fields = ["report"]


@admin.register(FollowUpItem)
class FollowUpItemAdmin(ReportPartAdmin):
    list_display = ["__str__", "status", "order", "report"]
    list_filter = ["status"]
    list_select_related = ["report"]
    search_fields = ["text", "report__title"]
    autocomplete_fields = ["report"]


@admin.register(ReportFile)
class ReportFileAdmin(ReportPartAdmin):
    list_display = ["__str__", "kind", "report", "size"]
    list_filter = ["kind"]
    list_select_related = ["report"]
    search_fields = ["title", "original_name", "report__title"]
    autocomplete_fields = ["report"]
    fields = ["report", "kind", "title", "file", "original_name", "size", "sha256", "extracted_text"]
    readonly_fields = ["original_name", "size", "sha256", "extracted_text"]
    formfield_overrides = {**ArchiveModelAdmin.formfield_overrides, **REPORT_FILE_WIDGETS}

    def get_urls(self):
        download = path(
            "<path:object_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="reports_reportfile_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request, object_id):
        """The stored file for staff who may view report files, whatever the report's status."""
        report_file = self.get_object(request, object_id)
        if report_file is None:
            raise Http404
        if not self.has_view_permission(request, report_file):
            raise PermissionDenied
        return stream_report_file(report_file)


@admin.register(SourceNote)
class SourceNoteAdmin(ArchiveModelAdmin):
    list_display = ["__str__", "kind", "content_type", "object_id", "report", "location"]
    list_filter = ["kind", "content_type"]
    list_select_related = ["content_type", "report"]
    search_fields = ["source_text", "note", "location"]
    autocomplete_fields = ["report"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        model_admin = self

        class SourceNoteForm(form):
            def clean(self):
                # A note on a record that published material shows is public at once, unless it
                # cites a report not yet published: that one waits for the report.
                cleaned_data = super().clean()
                content_type, object_id = cleaned_data.get("content_type"), cleaned_data.get("object_id")
                report = cleaned_data.get("report")
                if content_type is None or object_id is None:
                    return cleaned_data
                if report is not None and report.status != PublicationStatus.PUBLISHED:
                    return cleaned_data
                model = content_type.model_class()
                record = model._default_manager.filter(pk=object_id).first() if model else None
                if record is not None and model_admin.parent_is_locked(request, record):
                    raise ValidationError(LOCKED_PARENT_MESSAGE)
                return cleaned_data

        return SourceNoteForm


# Any record can carry sources and corrections. The notes live here, beside the reports they
# cite, so this app (the highest) adds their inline to the lower apps' admins rather than
# those apps importing upwards.
for model_admin in (PersonAdmin, OrganizationAdmin, EventAdmin, SessionRoleAdmin):
    model_admin.inlines = [*model_admin.inlines, SourceNoteInline]
