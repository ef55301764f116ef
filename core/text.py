"""Text normalisation shared by the apps: the keys that names are matched on."""

import functools
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def clean_text(value):
    """Tidy a value as typed or printed: full-width letters, digits and spaces to their plain
    forms (NFKC), runs of white space to one space, no leading or trailing space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", value or "")).strip()


# Importers ask for the keys of the same names many times over (a file's names, then each
# match): kept, they cost a look-up instead of a normalisation.
@functools.lru_cache(maxsize=100_000)
def name_key(value):
    """The key two spellings of one name share: cleaned, case-folded, without white space.

    It never reorders or splits a name: "Kao Chia-liang" and "Chia-liang Kao" stay different
    and are joined only by an explicit alias.
    """
    return _SPACE.sub("", clean_text(value)).casefold()


_CJK_EDGE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def unwrap(text):
    """Text wrapped at a fixed width (in a fixture file or a PDF) as flowing paragraphs: lines
    of a paragraph joined, with a space between Latin words and none between Chinese
    characters; blank lines still separate paragraphs."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        joined = ""
        for line in (line.strip() for line in block.splitlines() if line.strip()):
            if joined and not (_CJK_EDGE.match(joined[-1]) or _CJK_EDGE.match(line[0])):
                joined += " "
            joined += line
        paragraphs.append(joined)
    return "\n\n".join(paragraphs)
