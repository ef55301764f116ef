"""Text normalisation shared by the apps: the keys that names are matched on."""

import functools
import re
import unicodedata

from opencc import OpenCC

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


# Latin, Greek and Cyrillic letters with their marks (U+00C0–U+04FF, U+1E00–U+1FFF): only
# these are stripped of accents, so that Japanese kana keep their voicing marks (が is not か).
_ACCENTED = re.compile(r"[\u00c0-\u04ff\u1e00-\u1fff]+")


def _without_marks(match):
    decomposed = unicodedata.normalize("NFD", match.group())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fold_accents(value):
    """Latin (and Greek, Cyrillic) letters without their accents: Óscar → Oscar, Jérémy →
    Jeremy, Łódź → Łodz (Ł is a letter of its own, not L with a mark)."""
    return _ACCENTED.sub(_without_marks, value or "")


@functools.cache
def _simplified_to_traditional():
    return OpenCC("s2t")


def to_traditional(value):
    """`value` with Simplified Chinese characters in their Traditional forms (OpenCC's s2t,
    which reads phrases: 国会 → 國會, 皇后 stays 皇后); other text unchanged."""
    return _simplified_to_traditional().convert(value) if value else ""
