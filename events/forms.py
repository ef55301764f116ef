import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from .models import Event


class LocalDateTimeField(forms.SplitDateTimeField):
    """A date and time as printed in a programme, in the event's own time zone: kept naive
    here and made aware by the form, instead of in the staff member's time zone."""

    widget = AdminSplitDateTime

    def compress(self, data_list):
        if data_list and all(data_list):
            return datetime.datetime.combine(*data_list)
        return None


class EventAdminForm(forms.ModelForm):
    starts_at = LocalDateTimeField(
        label=_("starts at (local time)"),
        required=False,
        help_text=_("As printed in the programme, in the event's time zone."),
    )
    ends_at = LocalDateTimeField(
        label=_("ends at (local time)"),
        required=False,
        help_text=_("Only when the source gives it."),
    )

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "kind",
            "parent",
            "title_zh",
            "title_en",
            "slug",
            "format",
            "tracks",
            "languages",
            "time_zone",
            "start_date",
            "end_date",
            "starts_at",
            "ends_at",
            "position",
            "room",
            "venue",
            "address",
            "city",
            "country",
            "description",
            "website",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = self.instance.zone
            for name in ("starts_at", "ends_at"):
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone") or getattr(cleaned.get("parent"), "time_zone", "")
        zone = zoneinfo.ZoneInfo(zone_name or settings.TIME_ZONE)
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if value is not None and value.tzinfo is None:
                cleaned[name] = value.replace(tzinfo=zone)
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("An event must end after it starts."))
        return cleaned
