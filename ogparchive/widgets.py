"""Form widgets of the public filter forms."""

import html

from django import forms
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
