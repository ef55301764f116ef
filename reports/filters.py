import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from events.models import Event
from ogparchive.listing import QUERY_MAX_LENGTH, cached_choices
from people.models import Organization

from .models import DelegationEvent, Destination, Report, ReportCategory


def report_years(request=None):
    def compute():
        years = Report.objects.published().dates("report_date", "year", order="DESC")
        return [(day.year, str(day.year)) for day in years]

    return cached_choices("report-years", compute)


def destination_countries(request=None):
    def compute():
        delegations = Report.objects.published().values("delegation")
        codes = (
            Destination.objects.filter(delegation__in=delegations)
            .order_by("country")
            .values_list("country", flat=True)
        )
        return [(code, code) for code in codes.distinct()]

    return cached_choices("destination-countries", compute)


def report_agencies(request):
    ids = cached_choices(
        "report-agencies",
        lambda: Report.objects.published().order_by().values_list("agency", flat=True).distinct(),
    )
    return Organization.objects.filter(pk__in=ids).order_by("name_zh")


def attended_summits(request):
    ids = cached_choices(
        "public-summits", lambda: Event.objects.public().summits().values_list("pk", flat=True)
    )
    return Event.objects.filter(pk__in=ids).order_by("-start_date")


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=QUERY_MAX_LENGTH)
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="report_date__year", choices=report_years, empty_label=_("All years")
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), queryset=report_agencies, to_field_name="slug", empty_label=_("All agencies")
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ReportCategory.choices)
    country = django_filters.ChoiceFilter(
        label=_("Destination country"), choices=destination_countries, method="filter_country"
    )
    event = django_filters.ModelChoiceFilter(
        label=_("Event"),
        queryset=attended_summits,
        to_field_name="slug",
        method="filter_event",
        empty_label=_("All events"),
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
            Exists(DelegationEvent.objects.filter(delegation=OuterRef("delegation"), event=value))
        )
