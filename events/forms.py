import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.widgets import SearchableSelect

from .models import Event, EventKind
from .programme_io.cells import SIDE_EVENT_DAYS, is_within_summit, summit_days


def time_zone_choices():
    """Every IANA time zone name the server knows, sorted (Europe/Madrid, not “Madrid”)."""
    return [("", "---------"), *((name, name) for name in sorted(zoneinfo.available_timezones()))]


def track_with_summit(track):
    """A track as the session form's picker names it: tracks of different summits may share a
    name (“Civic Space”), so the summit is named with it."""
    return f"{track} · {track.summit}"


class LocalDateTimeField(forms.SplitDateTimeField):
    """A date and time as printed in a programme, in the event's own time zone: kept naive
    here and made aware by the form, instead of in the staff member's time zone. A time typed
    without its date comes back as a time alone, for the form to date or refuse."""

    widget = AdminSplitDateTime

    def compress(self, data_list):
        day, time = data_list or (None, None)
        if day and time:
            return datetime.datetime.combine(day, time)
        if time:
            return time
        if day:
            raise ValidationError(_("Enter the time too, or leave the date empty."), code="incomplete")
        return None


class EventAdminForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        choices=time_zone_choices,
        required=False,
        widget=SearchableSelect,
        help_text=_(
            "Where the event takes place; its times are shown in this zone, e.g. Europe/Paris. "
            "Left empty, a session takes its summit's."
        ),
    )
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
        if "tracks" in self.fields:
            self.fields["tracks"].label_from_instance = track_with_summit
        if self.instance.pk:
            zone = self.instance.zone
            for name in ("starts_at", "ends_at"):
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        summit = self.summit(cleaned.get("parent"))
        self.check_tracks(cleaned.get("tracks"), summit)
        self.date_the_times(cleaned, summit)
        zone = self.zone(cleaned)
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if isinstance(value, datetime.datetime) and value.tzinfo is None:
                cleaned[name] = value.replace(tzinfo=zone)
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        both = isinstance(starts_at, datetime.datetime) and isinstance(ends_at, datetime.datetime)
        if both and ends_at <= starts_at:
            self.add_error("ends_at", _("An event must end after it starts."))
        self.check_within_summit(cleaned, summit)
        return cleaned

    @staticmethod
    def summit(parent):
        """The summit whose programme the event is part of (as Event.find_summit finds it)."""
        if parent is None:
            return None
        return parent if parent.kind == EventKind.SUMMIT else parent.summit

    def zone(self, cleaned):
        # The parent's zone was saved before zones were checked: an unknown one is not used.
        name = cleaned.get("time_zone") or getattr(cleaned.get("parent"), "time_zone", "")
        try:
            return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def check_tracks(self, tracks, summit):
        """A session's tracks are its own summit's, as its room is (Event.clean)."""
        others = [track for track in tracks or () if track.summit_id != getattr(summit, "pk", None)]
        if others:
            self.add_error(
                "tracks",
                _("These tracks belong to another summit: %(tracks)s.")
                % {"tracks": "、".join(track_with_summit(track) for track in others)},
            )

    def date_the_times(self, cleaned, summit):
        """A start time typed without its date: dated by the start date, else by the summit when
        it lasts one day, else refused (undated, the public programme would put it under “the
        source gave no date”). A start with a date gives the start date when there is none."""
        start_date = cleaned.get("start_date")
        only_day = None
        if summit is not None:
            first, last = summit_days(summit)
            only_day = first if first is not None and first == last else None
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if not isinstance(value, datetime.time):
                continue
            day = start_date or only_day
            if name == "ends_at":
                starts_at = cleaned.get("starts_at")
                day = cleaned.get("end_date") or (
                    starts_at.date() if isinstance(starts_at, datetime.datetime) else day
                )
            if day is None and summit is not None:
                self.add_error(name, _("Enter the date with the time: the summit lasts more than one day."))
            elif day is None:
                self.add_error(name, _("Enter the date with the time."))
            else:
                cleaned[name] = datetime.datetime.combine(day, value)
        starts_at = cleaned.get("starts_at")
        if isinstance(starts_at, datetime.datetime) and not start_date and "start_date" not in self.errors:
            cleaned["start_date"] = starts_at.date()

    def check_within_summit(self, cleaned, summit):
        """Dates within the summit's, side events allowing: the programme import's rule."""
        if summit is None:
            return
        first, last = summit_days(summit)
        for name in ("start_date", "end_date", "starts_at", "ends_at"):
            value = cleaned.get(name)
            if value is None or name in self.errors:
                continue
            if isinstance(value, datetime.datetime):
                value = value.astimezone(self.zone(cleaned)).date()
            if not is_within_summit(summit, value):
                self.add_error(
                    name,
                    _(
                        "%(day)s is outside the summit (%(first)s to %(last)s; side events up to "
                        "%(days)s days before or after are accepted)."
                    )
                    % {"day": value.isoformat(), "first": first, "last": last, "days": SIDE_EVENT_DAYS},
                )
