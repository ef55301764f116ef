"""Country names for the ISO 3166-1 codes the archive stores, in the reader's language
(django-countries' names and catalogues; settings.COUNTRIES_OVERRIDE for Taiwan's own usage)."""

from django import forms
from django.contrib import admin
from django.utils.text import capfirst
from django_countries import countries

from .widgets import SearchableSelect


def country_name(code):
    """The name of the country `code` in the active language; the code itself when unknown."""
    return countries.name(code) or code


def country_choices():
    """(code, name) of every country, by name in the active language: called when a form
    renders, so each staff member reads the list in their own language."""
    return [("", "---------"), *((country.code, country.name) for country in countries)]


def country_formfield(db_field):
    """The admin's field for a two-letter country column: a searchable list of countries
    instead of a free text box (which kept the first two letters of “Spain”)."""
    return forms.ChoiceField(
        choices=country_choices,
        required=not db_field.blank,
        label=capfirst(db_field.verbose_name),
        widget=SearchableSelect,
    )


class CountryFieldListFilter(admin.AllValuesFieldListFilter):
    """An admin list filter of a country column that names the countries its rows hold in the
    staff member's language, by name, instead of listing their codes (EE, FR)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = sorted(
            self.lookup_choices, key=lambda code: (code is None, country_name(code or ""))
        )

    def choices(self, changelist):
        codes = {str(code) for code in self.lookup_choices if code}
        for choice in super().choices(changelist):
            if choice["display"] in codes:
                choice = {**choice, "display": country_name(choice["display"])}
            yield choice
