"""Text normalisation shared by the apps: the keys that names are matched on."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def clean_text(value):
    """Tidy a value as typed or printed: full-width letters, digits and spaces to their plain
    forms (NFKC), runs of white space to one space, no leading or trailing space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", value or "")).strip()


def name_key(value):
    """The key two spellings of one name share: cleaned, case-folded, without white space.

    It never reorders or splits a name: "Kao Chia-liang" and "Chia-liang Kao" stay different
    and are joined only by an explicit alias.
    """
    return _SPACE.sub("", clean_text(value)).casefold()
