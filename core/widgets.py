"""Form widgets of the public filter forms and of the admin."""

import html

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import get_select2_language
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A single <select> written in Python. A list filter may offer a thousand organisations,
    and the template renderer spends about a third of a millisecond on each option (Django's
    format_html a tenth): the options are escaped with the standard library instead."""

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, (list, tuple)) for _, label in self.choices):
            return super().render(name, value, attrs, renderer)  # option groups: the template's way
        chosen = {str(v) for v in self.format_value(value)}
        attributes = self.build_attrs(self.attrs, attrs)
        attributes["name"] = name
        options = []
        for option, label in self.choices:
            option = "" if option is None else str(option)
            selected = " selected" if option in chosen else ""
            options.append(
                f'<option value="{html.escape(option)}"{selected}>{html.escape(str(label))}</option>'
            )
        return mark_safe(f"<select{flatatt(attributes)}>{''.join(options)}</select>")


class SearchableSelect(QuickSelect):
    """A long admin <select> (time zones, countries) that staff can search by typing: Django
    admin's Select2 over the options in the page, started by a static script (the CSP allows
    no inline script). Without JavaScript it is a plain <select>."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "searchable-select", "data-width": "20em", **(attrs or {})}, choices)

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        language = get_select2_language()
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                *([f"admin/js/vendor/select2/i18n/{language}.js"] if language else []),
                "admin/js/jquery.init.js",
                "admin/ogparchive/searchable-select.js",
            ),
            css={"screen": (f"admin/css/vendor/select2/select2{extra}.css", "admin/css/autocomplete.css")},
        )
