"""The forms of a draft read from a report's PDF (archive.report_draft_admin): the upload, the
header fields as read (each with what was printed and on which page), and the sections,
recommendations, follow-up items, authors and roster rows as formsets staff correct before
saving (archive.report_drafts)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from people.models import country_code_validator
from reports.models import DatePrecision, ReportCategory

from .report_drafts import DraftValues, Part
from .report_reading import RosterRow
from .report_reading.report import FIELD_LABELS, Found

# How a keyword list is written in one field: the report's own separator, or commas.
KEYWORD_SEPARATORS = "、，,；;"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("The report's PDF (or its plain text)"),
        help_text=_("A 出國報告 as the report system publishes it. Nothing is saved until you confirm."),
    )
    # The upload's id, under which its reading reports progress (report_draft_admin).
    job = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.REPORT_FILE_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; a report file may be at most %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        return upload


def read_note(found):
    """What the report printed for a field, and where: the field's help text."""
    if not isinstance(found, Found):
        return _("Not found in the file.")
    printed = found.printed if len(found.printed) <= 200 else found.printed[:200] + "…"
    if found.page:
        return _("Read on page %(page)s: “%(printed)s”") % {"page": found.page, "printed": printed}
    return _("Read: “%(printed)s”") % {"printed": printed}


class DraftForm(forms.Form):
    """The report's header fields, as read and as corrected."""

    title = forms.CharField(label=FIELD_LABELS["title"], max_length=500)
    title_en = forms.CharField(label=FIELD_LABELS["title_en"], max_length=500, required=False)
    category = forms.ChoiceField(label=FIELD_LABELS["category"], choices=ReportCategory.choices)
    category_detail = forms.CharField(label=FIELD_LABELS["category_detail"], max_length=100, required=False)
    agency = forms.CharField(label=FIELD_LABELS["agency"], max_length=300)
    report_date = forms.DateField(label=FIELD_LABELS["report_date"])
    report_date_precision = forms.ChoiceField(label=_("report date precision"), choices=DatePrecision.choices)
    departure_date = forms.DateField(label=FIELD_LABELS["departure_date"])
    return_date = forms.DateField(label=FIELD_LABELS["return_date"])
    destination = forms.CharField(label=FIELD_LABELS["destination"], max_length=200, required=False)
    countries = forms.CharField(
        label=FIELD_LABELS["countries"],
        max_length=200,
        required=False,
        help_text=_("ISO 3166 codes, separated by spaces (FR EE)."),
    )
    system_id = forms.CharField(label=FIELD_LABELS["system_id"], max_length=50, required=False)
    pages = forms.IntegerField(label=FIELD_LABELS["pages"], min_value=1, max_value=32767, required=False)
    pages_note = forms.CharField(label=FIELD_LABELS["pages_note"], max_length=100, required=False)
    classification = forms.CharField(label=FIELD_LABELS["classification"], max_length=100, required=False)
    keywords = forms.CharField(
        label=FIELD_LABELS["keywords"],
        max_length=1000,
        required=False,
        help_text=_("Separated by 、 or commas."),
    )
    abstract = forms.CharField(label=FIELD_LABELS["abstract"], widget=forms.Textarea, required=False)
    contact_phone = forms.CharField(
        label=_("contact phone and e-mail (private)"),
        max_length=100,
        required=False,
        help_text=_("Kept on the trip for staff: never on a public page, download or search index."),
    )

    def __init__(self, *args, read=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's own widths: a title or an agency is long.
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput | forms.DateInput):
                field.widget.attrs.setdefault("class", "vTextField")
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("class", "vLargeTextField")
        if read is None:
            return
        notes = {name: read_note(getattr(read, name, None)) for name in self.fields}
        notes["report_date_precision"] = read_note(read.report_date)
        notes["countries"] = (
            read_note(read.countries[0]) if read.countries else _("No country named in the file.")
        )
        notes["contact_phone"] = read_note(read.contact_phone or read.contact_email)
        for name, field in self.fields.items():
            field.help_text = f"{notes[name]} {field.help_text}".strip()

    @staticmethod
    def initial_from(values):
        return {
            "title": values.title,
            "title_en": values.title_en,
            "category": values.category,
            "category_detail": values.category_detail,
            "agency": values.agency,
            "report_date": values.report_date,
            "report_date_precision": values.report_date_precision,
            "departure_date": values.departure_date,
            "return_date": values.return_date,
            "destination": values.destination,
            "countries": " ".join(values.countries),
            "system_id": values.system_id,
            "pages": values.pages,
            "pages_note": values.pages_note,
            "classification": values.classification,
            "keywords": "、".join(values.keywords),
            "abstract": values.abstract,
            "contact_phone": values.contact_phone,
        }

    def clean_countries(self):
        codes = self.cleaned_data["countries"].upper().split()
        for code in codes:
            country_code_validator(code)
        return codes

    def clean_keywords(self):
        text = self.cleaned_data["keywords"]
        for separator in KEYWORD_SEPARATORS:
            text = text.replace(separator, "\n")
        return [word.strip() for word in text.splitlines() if word.strip()]

    def clean(self):
        cleaned = super().clean()
        departure, back = cleaned.get("departure_date"), cleaned.get("return_date")
        if departure and back and back < departure:
            self.add_error("return_date", _("The return date is before the departure date."))
        return cleaned


class SectionForm(forms.Form):
    number = forms.CharField(label=_("number"), max_length=20, required=False)
    heading = forms.CharField(label=_("heading"), max_length=300)
    level = forms.IntegerField(label=_("level"), min_value=1, max_value=6, initial=1)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    page = forms.IntegerField(label=_("page in the PDF"), min_value=1, max_value=32767, required=False)


SECTION_FIELDS = ("number", "heading", "level", "body", "page")


class ItemForm(forms.Form):
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 2}))


class AuthorForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    title = forms.CharField(label=_("title (職稱)"), max_length=200, required=False)


class TravellerForm(forms.Form):
    order = forms.IntegerField(label=_("order (序號)"), min_value=1, max_value=32767)
    name = forms.CharField(label=_("name"), max_length=200)
    agency = forms.CharField(label=_("agency (服務機關)"), max_length=300, required=False)
    unit = forms.CharField(label=_("unit (單位)"), max_length=300, required=False)
    title = forms.CharField(label=_("title (職稱)"), max_length=200, required=False)
    grade = forms.CharField(label=_("civil-service grade (官職等)"), max_length=100, required=False)
    phone = forms.CharField(label=_("phone (private)"), max_length=100, required=False)
    page = forms.IntegerField(label=_("page in the PDF"), min_value=1, max_value=32767, required=False)


def _formset(form):
    # One blank row at the end of each table: a part the file did not give (a roster printed
    # without a table, say) is added there, one a check.
    return forms.formset_factory(form, extra=1, can_delete=True, max_num=2000, absolute_max=2000)


SectionFormSet = _formset(SectionForm)
ItemFormSet = _formset(ItemForm)
AuthorFormSet = _formset(AuthorForm)
TravellerFormSet = _formset(TravellerForm)

PREFIXES = {
    "sections": "section",
    "recommendations": "recommendation",
    "follow_up_items": "follow-up",
    "authors": "author",
    "roster": "traveller",
}


class DraftForms:
    """The header form and the formsets of one draft, bound together."""

    def __init__(self, data=None, values=None, read=None):
        initial = {}
        if values is not None:
            initial = {
                "sections": [
                    {field: getattr(part, "text" if field == "body" else field) for field in SECTION_FIELDS}
                    for part in values.sections
                ],
                "recommendations": [{"text": p.text} for p in values.recommendations],
                "follow_up_items": [{"text": p.text} for p in values.follow_up_items],
                "authors": [{"name": name, "title": title} for name, title in values.authors],
                "roster": [vars(row) for row in values.roster],
            }
        self.header = DraftForm(
            data, initial=DraftForm.initial_from(values) if values is not None else None, read=read
        )
        kinds = {
            "sections": SectionFormSet,
            "recommendations": ItemFormSet,
            "follow_up_items": ItemFormSet,
            "authors": AuthorFormSet,
            "roster": TravellerFormSet,
        }
        self.formsets = {
            name: formset(data, initial=initial.get(name), prefix=PREFIXES[name])
            for name, formset in kinds.items()
        }

    def is_valid(self):
        valid = self.header.is_valid()
        return all([valid, *(formset.is_valid() for formset in self.formsets.values())])

    def kept(self, name):
        return [
            form.cleaned_data
            for form in self.formsets[name].forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def values(self):
        """The DraftValues the valid forms say."""
        header = self.header.cleaned_data
        return DraftValues(
            title=header["title"],
            title_en=header["title_en"],
            category=header["category"],
            category_detail=header["category_detail"],
            agency=header["agency"],
            report_date=header["report_date"],
            report_date_precision=header["report_date_precision"],
            departure_date=header["departure_date"],
            return_date=header["return_date"],
            destination=header["destination"],
            countries=header["countries"],
            system_id=header["system_id"],
            pages=header["pages"],
            pages_note=header["pages_note"],
            classification=header["classification"],
            keywords=header["keywords"],
            abstract=header["abstract"],
            contact_phone=header["contact_phone"],
            authors=[(row["name"], row["title"]) for row in self.kept("authors")],
            sections=[
                Part(row["body"], row["heading"], row["number"], row["level"], row["page"])
                for row in self.kept("sections")
            ],
            recommendations=[Part(row["text"]) for row in self.kept("recommendations")],
            follow_up_items=[Part(row["text"]) for row in self.kept("follow_up_items")],
            roster=[
                RosterRow(**{key: row[key] for key in TravellerForm.base_fields})
                for row in sorted(self.kept("roster"), key=lambda row: row["order"])
            ],
        )
