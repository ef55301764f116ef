"""Rosters as spreadsheets in the admin (django-import-export): the resource that hands a file
to the roster importer (reports.roster_io), its forms, and the plain row-by-row ModelResource the
benchmark compares it with."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from import_export import fields, resources, widgets

from core.import_admin import (
    PlanResource,
    SpreadsheetConfirmForm,
    SpreadsheetImportForm,
    hidden_target_field,
)
from people.models import Person

from .models import Delegation, DelegationMember
from .roster_io import ROSTER_COLUMNS, RosterImport

ROSTER_HELP_TEXT = _(
    "One row per member, with a header row. Columns, in any order, in Chinese as the report prints "
    "them or in English: 序號 (order), 單位 (organization), 姓名 (name), 職稱 (title), and optionally "
    "官職等 (grade), 團內角色 (role: 團長, 團員, 聯絡人, 講者, 幕僚) and 英文姓名 (english_name). A row is "
    "the roster row with its 序號. Names are matched to people by any of their names, units to "
    "organisations by name, short name or alias; the preview lists who would be created. CSV may be "
    "UTF-8 (with or without BOM) or Big5 (cp950). Nothing is written until you confirm."
)
REPORT_SYSTEM_HELP_TEXT = _(
    "The report system's layout imports as it is: 姓名, 服務機關 (or 機關), 單位 (or 服務單位), 職稱, "
    "官職等 and 電話, without 序號. The member's organisation is then the 單位 under its 服務機關 "
    "(created if new; an empty 單位 is the agency itself), the rows keep the file's order, grades "
    "are kept as printed, a leading apostrophe is dropped, and 電話 is kept for staff only, never "
    "published."
)


class RosterResource(PlanResource):
    display_name = _("roster")
    columns = ROSTER_COLUMNS
    column_labels = {
        "order": pgettext_lazy("roster column", "order"),
        "organization": pgettext_lazy("roster column", "unit"),
        "name": pgettext_lazy("roster column", "name"),
        "title": pgettext_lazy("roster column", "title"),
        "grade": pgettext_lazy("roster column", "grade"),
        "role": pgettext_lazy("roster column", "role"),
        "english_name": pgettext_lazy("roster column", "English name"),
        "agency": pgettext_lazy("roster column", "agency"),
        "phone": pgettext_lazy("roster column", "phone (private)"),
    }

    def get_importer(self):
        return RosterImport(
            self.options["target"],
            remove_missing=bool(self.options.get("remove_missing")),
            may_change_public=self.options.get("may_change_public", True),
            choices=self.options.get("choices"),
        )


class RosterImportForm(SpreadsheetImportForm):
    delegation = forms.ModelChoiceField(queryset=Delegation.objects.all(), label=_("delegation"))
    remove_missing = forms.BooleanField(
        label=_("Delete the roster rows that the file does not have"),
        required=False,
        help_text=_("Without this, rows of the roster that the file does not list are kept."),
    )
    field_order = ["delegation", "import_file", "format", "remove_missing", "resource"]


class RosterConfirmForm(SpreadsheetConfirmForm):
    delegation = hidden_target_field(Delegation.objects.all())
    remove_missing = forms.BooleanField(required=False, widget=forms.HiddenInput())


class PlainRosterResource(resources.ModelResource):
    """django-import-export's default: a ModelResource importing row by row (for the benchmark).
    The delegation is given; 姓名 names an existing person by Chinese name."""

    order = fields.Field(attribute="order", column_name="序號", widget=widgets.IntegerWidget())
    organization_as_printed = fields.Field(attribute="organization_as_printed", column_name="單位")
    name_as_printed = fields.Field(attribute="name_as_printed", column_name="姓名")
    person = fields.Field(
        attribute="person", column_name="姓名", widget=widgets.ForeignKeyWidget(Person, field="name_zh")
    )
    title = fields.Field(attribute="title", column_name="職稱")

    class Meta:
        model = DelegationMember
        fields = ["order", "organization_as_printed", "name_as_printed", "person", "title"]
        import_id_fields = ["order"]

    def __init__(self, delegation=None, **kwargs):
        super().__init__(**kwargs)
        self.delegation = delegation

    def get_queryset(self):
        return DelegationMember.objects.filter(delegation=self.delegation)

    def before_save_instance(self, instance, row, **kwargs):
        instance.delegation = self.delegation
