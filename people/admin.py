from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ArchiveModelAdmin, RecordPartInline
from core.countries import CountryFieldListFilter

from .models import Organization, OrganizationName, Person, PersonName


class AnySpellingSearch:
    """The change list's search also finds a record by a name in any spelling (core.names:
    Audrey Tang, Kao Chia-liang, 陈美延) and by its search terms, besides the admin's own
    substring search."""

    def get_search_results(self, request, queryset, search_term):
        everything = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            spelled = self.model.objects.matching(search_term) | self.model.objects.search(search_term)
            queryset |= everything.filter(pk__in=spelled.values("pk"))
        return queryset, may_have_duplicates


class PersonNameInline(RecordPartInline, admin.TabularInline):
    model = PersonName
    extra = 0
    fields = ["name", "language", "kind", "note"]


@admin.register(Person)
class PersonAdmin(AnySpellingSearch, ArchiveModelAdmin):
    list_display = ["name_zh", "name_en", "other_names_list", "slug", "updated_at"]
    list_display_links = ["name_zh", "name_en"]
    search_fields = ["name_zh", "name_en", "other_names__name", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name_zh", "name_en", "slug", "biography"]
    inlines = [PersonNameInline]
    ordering = ["name_en", "name_zh"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("other_names")

    @admin.display(description=_("other names"))
    def other_names_list(self, person):
        return " · ".join(name.name for name in person.other_names.all())


@admin.register(PersonName)
class PersonNameAdmin(ArchiveModelAdmin):
    part_of = ("person",)
    # The record first, as the form has always shown it: a model's fields come in the order
    # they were declared, and the record's foreign key is declared after OtherName's fields.
    fields = ["person", "name", "language", "kind", "note"]
    list_display = ["name", "person", "language", "kind", "note"]
    list_filter = ["language", "kind"]
    search_fields = ["name", "person__name_zh", "person__name_en"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]


class OrganizationNameInline(RecordPartInline, admin.TabularInline):
    model = OrganizationName
    extra = 0
    fields = ["name", "language", "kind", "note"]


@admin.register(Organization)
class OrganizationAdmin(AnySpellingSearch, ArchiveModelAdmin):
    list_display = ["name_zh", "name_en", "kind", "country", "parent"]
    list_display_links = ["name_zh", "name_en"]
    list_filter = ["kind", ("country", CountryFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name_zh", "name_en", "other_names__name", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name_zh", "name_en", "slug", "kind", "country", "parent", "website", "description"]
    inlines = [OrganizationNameInline]


@admin.register(OrganizationName)
class OrganizationNameAdmin(ArchiveModelAdmin):
    part_of = ("organization",)
    fields = ["organization", "name", "language", "kind", "note"]
    list_display = ["name", "organization", "language", "kind"]
    list_filter = ["language", "kind"]
    search_fields = ["name", "organization__name_zh", "organization__name_en"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
