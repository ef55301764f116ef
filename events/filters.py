import django_filters
from django.core.validators import slug_re
from django.utils.translation import gettext_lazy as _

from core.listing import QUERY_MAX_LENGTH, cached_choices, cached_country_choices, cached_record_choices
from core.widgets import QuickSelect

from .models import Event, EventKind, Language, Room, SessionFormat, Track


def public_summits(request=None):
    return cached_record_choices(
        "public-summits", lambda: Event.objects.public().summits().order_by("-start_date"), field="title"
    )


def event_years(request=None):
    def compute():
        years = Event.objects.public().filter(parent__isnull=True).dates("start_date", "year", order="DESC")
        return [(day.year, str(day.year)) for day in years]

    return cached_choices("event-years", compute)


def event_countries(request=None):
    return cached_country_choices(
        "event-countries",
        lambda: (
            Event.objects.public()
            .filter(parent__isnull=True)
            .exclude(country="")
            .values_list("country", flat=True)
        ),
    )


TOP_LEVEL_KINDS = [(kind.value, kind.label) for kind in EventKind if kind != EventKind.SESSION]


class EventFilter(django_filters.FilterSet):
    """Summits, visits, meetings and receptions: the events a delegation goes to."""

    q = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=QUERY_MAX_LENGTH)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=TOP_LEVEL_KINDS)
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="start_date__year", choices=event_years, empty_label=_("All years")
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=event_countries)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(("start_date", "date"), ("title_en", "title")),
        field_labels={"start_date": _("date"), "title_en": _("title")},
    )

    class Meta:
        model = Event
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


def chosen_summit(request):
    """Rooms and tracks are offered for the summit chosen in the same form (a large archive
    has thousands of rooms across its summits); none before a summit is chosen."""
    slug = request.GET.get("summit", "") if request else ""
    # Only a slug can name a summit: anything else (a NUL byte, which PostgreSQL refuses in a
    # query) names none, and the form says the summit is not a choice.
    if not slug_re.match(slug):
        return Event.objects.none()
    return Event.objects.public().summits().filter(slug=slug)


def public_rooms(request):
    return Room.objects.filter(summit__in=chosen_summit(request))


def public_tracks(request):
    return Track.objects.filter(summit__in=chosen_summit(request))


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=QUERY_MAX_LENGTH)
    summit = django_filters.ChoiceFilter(
        label=_("Summit"),
        field_name="summit__slug",
        choices=public_summits,
        empty_label=_("All summits"),
        widget=QuickSelect,
    )
    day = django_filters.DateFilter(label=_("Day"), field_name="start_date")
    room = django_filters.ModelChoiceFilter(
        label=_("Room"), queryset=public_rooms, empty_label=_("All rooms")
    )
    track = django_filters.ModelChoiceFilter(
        label=_("Track"), queryset=public_tracks, field_name="tracks", empty_label=_("All tracks")
    )
    format = django_filters.ChoiceFilter(label=_("Format"), choices=SessionFormat.choices)
    language = django_filters.ModelChoiceFilter(
        label=_("Language"),
        queryset=Language.objects.all(),
        to_field_name="code",
        field_name="languages",
        empty_label=_("All languages"),
    )
    delegate = django_filters.ChoiceFilter(
        label=_("A Taiwanese delegate took part"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        empty_label=_("Either"),
        method="filter_delegate",
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(("starts_at", "time"), ("title_en", "title")),
        field_labels={"starts_at": _("time"), "title_en": _("title")},
    )

    class Meta:
        model = Event
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_delegate(self, queryset, name, value):
        return queryset.filter(delegate_took_part=value == "yes")
