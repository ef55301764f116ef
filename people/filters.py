import django_filters
from django.utils.translation import gettext_lazy as _

from core.listing import QUERY_MAX_LENGTH, cached_country_choices

from .models import Organization, OrganizationKind


def name_ordering():
    """Sorting by Chinese or English name, as people and organisations both offer (the people
    list's filters, which join the reports, are archive.filters.PersonFilter)."""
    return django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(("name_zh", "name_zh"), ("name_en", "name_en")),
        field_labels={"name_zh": _("Chinese name"), "name_en": _("English name")},
    )


def organization_countries(request=None):
    return cached_country_choices(
        "organization-countries",
        lambda: Organization.objects.public().exclude(country="").values_list("country", flat=True),
    )


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_text", max_length=QUERY_MAX_LENGTH)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=organization_countries)
    sort = name_ordering()

    class Meta:
        model = Organization
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
