import django_filters
from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.listing import QUERY_MAX_LENGTH, cached_choices, cached_country_choices, cached_record_choices
from core.widgets import QuickSelect

from .models import Organization, OrganizationKind, Person


def name_ordering():
    """Sorting by Chinese or English name, as people and organisations both offer."""
    return django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(("name_zh", "name_zh"), ("name_en", "name_en")),
        field_labels={"name_zh": _("Chinese name"), "name_en": _("English name")},
    )


ROLE_CHOICES = [
    ("delegate", _("delegate")),
    ("speaker", _("speaker")),
    ("moderator", _("moderator")),
    ("organiser", _("organiser")),
]


def roster_organizations(request=None):
    member = apps.get_model("reports", "DelegationMember")
    return cached_record_choices(
        "roster-organizations",
        lambda: Organization.objects.filter(
            pk__in=member.objects.public().order_by().values("organization")
        ).order_by("name_zh", "name_en"),
    )


def roster_years(request=None):
    delegation = apps.get_model("reports", "Delegation")

    def compute():
        years = delegation.objects.public().dates("departure_date", "year", order="DESC")
        return [(day.year, str(day.year)) for day in years]

    return cached_choices("roster-years", compute)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_text", max_length=QUERY_MAX_LENGTH)
    organization = django_filters.ChoiceFilter(
        label=_("Organisation"),
        choices=roster_organizations,
        method="filter_organization",
        empty_label=_("All organisations"),
        widget=QuickSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=roster_years, method="filter_year", empty_label=_("All years")
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ROLE_CHOICES, method="filter_role")
    sort = name_ordering()

    class Meta:
        model = Person
        fields = []

    @staticmethod
    def _public(app, model):
        return apps.get_model(app, model).objects.public()

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_organization(self, queryset, name, value):
        members = self._public("reports", "DelegationMember").filter(organization__slug=value)
        roles = self._public("events", "SessionRole").filter(organization__slug=value)
        return queryset.filter(
            Exists(members.filter(person=OuterRef("pk"))) | Exists(roles.filter(person=OuterRef("pk")))
        )

    def filter_year(self, queryset, name, value):
        members = self._public("reports", "DelegationMember").filter(delegation__departure_date__year=value)
        roles = self._public("events", "SessionRole").filter(event__start_date__year=value)
        return queryset.filter(
            Exists(members.filter(person=OuterRef("pk"))) | Exists(roles.filter(person=OuterRef("pk")))
        )

    def filter_role(self, queryset, name, value):
        return queryset.filter(**{f"is_{value}": True})


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
