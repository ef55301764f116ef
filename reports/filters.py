import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from events.models import Event
from people.models import Organization

from .models import DelegationEvent, Destination, Report, ReportCategory


def report_years(request=None):
    years = Report.objects.published().dates("report_date", "year", order="DESC")
    return [(day.year, str(day.year)) for day in years]


def destination_countries(request=None):
    codes = (
        Destination.objects.filter(delegation__in=Report.objects.published().values("delegation"))
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )
    return [(code, code) for code in codes]


def report_agencies(request):
    return Organization.objects.filter(pk__in=Report.objects.published().values("agency")).order_by("name_zh")


def attended_summits(request):
    return Event.objects.public().summits().order_by("-start_date")


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
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
