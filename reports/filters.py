import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.listing import QUERY_MAX_LENGTH, cached_choices, cached_country_choices, cached_record_choices
from core.widgets import QuickSelect
from events.models import Event
from people.models import Organization

from .models import DelegationEvent, Destination, Report, ReportCategory


def report_years(request=None):
    def compute():
        years = Report.objects.published().dates("report_date", "year", order="DESC")
        return [(day.year, str(day.year)) for day in years]

    return cached_choices("report-years", compute)


def destination_countries(request=None):
    def codes():
        delegations = Report.objects.published().values("delegation")
        return Destination.objects.filter(delegation__in=delegations).values_list("country", flat=True)

    return cached_country_choices("destination-countries", codes)


def report_agencies(request=None):
    return cached_record_choices(
        "report-agencies",
        lambda: Organization.objects.filter(
            pk__in=Report.objects.published().order_by().values("agency")
        ).order_by("name_zh", "name_en"),
    )


def attended_summits(request=None):
    return cached_record_choices(
        "public-summits", lambda: Event.objects.public().summits().order_by("-start_date"), field="title"
    )


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=QUERY_MAX_LENGTH)
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="report_date__year", choices=report_years, empty_label=_("All years")
    )
    agency = django_filters.ChoiceFilter(
        label=_("Agency"),
        field_name="agency__slug",
        choices=report_agencies,
        empty_label=_("All agencies"),
        widget=QuickSelect,
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ReportCategory.choices)
    country = django_filters.ChoiceFilter(
        label=_("Destination country"), choices=destination_countries, method="filter_country"
    )
    event = django_filters.ChoiceFilter(
        label=_("Event"),
        choices=attended_summits,
        method="filter_event",
        empty_label=_("All events"),
        widget=QuickSelect,
    )
    keyword = django_filters.CharFilter(label=_("Keyword"), field_name="keywords__name")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(("report_date", "date"), ("title", "title")),
        field_labels={"report_date": _("report date"), "title": _("title")},
    )

    class Meta:
        model = Report
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(
            Exists(Destination.objects.filter(delegation=OuterRef("delegation"), country=value))
        )

    def filter_event(self, queryset, name, value):
        return queryset.filter(
            Exists(DelegationEvent.objects.filter(delegation=OuterRef("delegation"), event__slug=value))
        )
