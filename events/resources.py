"""Programmes as spreadsheets in the admin (django-import-export): the resource that hands a file
to the programme importer (events.programme_io), its forms, and the plain row-by-row
ModelResource the benchmark compares it with."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from import_export import fields, resources

from core.import_admin import (
    PlanResource,
    SpreadsheetConfirmForm,
    SpreadsheetImportForm,
    hidden_target_field,
)

from .models import Event, EventKind
from .programme_io.cells import PROGRAMME_COLUMNS
from .programme_io.plan import ProgrammeImport

PROGRAMME_HELP_TEXT = _(
    "One row per session, with a header row (a title and notes may stand above it). Columns, "
    "in any order: key, parent, kind, format, date (required: YYYY-MM-DD or 民國 105/12/08, "
    "within the summit's dates or up to two days before or after), start and end (HH:MM in "
    "the summit's local time, also 下午 3:00; a session ending on a later day has that day in "
    "its end cell: 2023-09-07 17:00), room, tracks and languages (separated by “ | ”), "
    "title_en and/or title_zh, description, and speakers: “Name (role, affiliation); Name "
    "(role)”, the role being speaker, moderator, chair, organiser, host or participant (names "
    "may also be separated by “、” or a new line; put a name holding one in quotation marks). "
    "Chinese headers are accepted too (日期, 開始, 結束, 會議室, 主題, 語言, "
    "英文標題, 中文標題, 說明, 講者). A row "
    "with a key updates the session with that key; without one, the session with the same "
    "date, start and English or Chinese title. Unknown rooms, tracks, people and "
    "organisations are created; the preview lists them. Nothing is written until you confirm."
)


class ProgrammeResource(PlanResource):
    display_name = _("programme")
    columns = PROGRAMME_COLUMNS
    column_labels = {
        "key": pgettext_lazy("programme column", "key"),
        "parent": pgettext_lazy("programme column", "parent"),
        "kind": pgettext_lazy("programme column", "kind"),
        "format": pgettext_lazy("programme column", "format"),
        "date": pgettext_lazy("programme column", "date"),
        "start": pgettext_lazy("programme column", "start"),
        "end": pgettext_lazy("programme column", "end"),
        "room": pgettext_lazy("programme column", "room"),
        "tracks": pgettext_lazy("programme column", "tracks"),
        "languages": pgettext_lazy("programme column", "languages"),
        "title_en": pgettext_lazy("programme column", "English title"),
        "title_zh": pgettext_lazy("programme column", "Chinese title"),
        "description": pgettext_lazy("programme column", "description"),
        "speakers": pgettext_lazy("programme column", "speakers"),
    }

    def get_importer(self):
        return ProgrammeImport(self.options["target"], choices=self.options.get("choices"))


class ProgrammeImportForm(SpreadsheetImportForm):
    summit = forms.ModelChoiceField(queryset=Event.objects.filter(kind=EventKind.SUMMIT), label=_("summit"))
    field_order = ["summit", "import_file", "format", "resource"]


class ProgrammeConfirmForm(SpreadsheetConfirmForm):
    summit = hidden_target_field(Event.objects.filter(kind=EventKind.SUMMIT))


class PlainProgrammeResource(resources.ModelResource):
    """django-import-export's default: a ModelResource importing sessions row by row under a
    summit (for the benchmark): key, date, title_en, title_zh."""

    slug = fields.Field(attribute="slug", column_name="key")
    start_date = fields.Field(attribute="start_date", column_name="date")
    title_en = fields.Field(attribute="title_en", column_name="title_en")
    title_zh = fields.Field(attribute="title_zh", column_name="title_zh")

    class Meta:
        model = Event
        fields = ["slug", "start_date", "title_en", "title_zh"]
        import_id_fields = ["slug"]

    def __init__(self, summit=None, **kwargs):
        super().__init__(**kwargs)
        self.summit = summit

    def before_import_row(self, row, **kwargs):
        row["key"] = f"{self.summit.slug}-plain-{row['key']}"

    def before_save_instance(self, instance, row, **kwargs):
        instance.kind = EventKind.SESSION
        instance.parent = self.summit
