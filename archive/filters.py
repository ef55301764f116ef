"""The people list's filters: by the organisation and the year of a public roster row or
session role, and by role (the Person flags reports.publication keeps)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.listing import QUERY_MAX_LENGTH, cached_choices, cached_record_choices
from core.widgets import QuickSelect
from events.models import SessionRole
from people.filters import name_ordering
from people.models import Organization, Person
from reports.models import Delegation, DelegationMember

ROLE_CHOICES = [
    ("delegate", _("delegate")),
    ("speaker", _("speaker")),
    ("moderator", _("moderator")),
    ("organiser", _("organiser")),
]


def roster_organizations(request=None):
    return cached_record_choices(
        "roster-organizations",
        lambda: Organization.objects.filter(
            pk__in=DelegationMember.objects.public().order_by().values("organization")
        ).order_by("name_zh", "name_en"),
    )


def roster_years(request=None):
    def compute():
        years = Delegation.objects.public().dates("departure_date", "year", order="DESC")
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

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_organization(self, queryset, name, value):
        members = DelegationMember.objects.public().filter(organization__slug=value)
        roles = SessionRole.objects.public().filter(organization__slug=value)
        return queryset.filter(
            Exists(members.filter(person=OuterRef("pk"))) | Exists(roles.filter(person=OuterRef("pk")))
        )

    def filter_year(self, queryset, name, value):
        members = DelegationMember.objects.public().filter(delegation__departure_date__year=value)
        roles = SessionRole.objects.public().filter(event__start_date__year=value)
        return queryset.filter(
            Exists(members.filter(person=OuterRef("pk"))) | Exists(roles.filter(person=OuterRef("pk")))
        )

    def filter_role(self, queryset, name, value):
        return queryset.filter(**{f"is_{value}": True})
