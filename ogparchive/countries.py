"""Country names for the ISO 3166-1 codes the archive stores, in the reader's language
(django-countries' names and catalogues; settings.COUNTRIES_OVERRIDE for Taiwan's own usage)."""

from django_countries import countries


def country_name(code):
    """The name of the country `code` in the active language; the code itself when unknown."""
    return countries.name(code) or code
