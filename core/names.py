"""Names in any spelling: the keys on which two printings of one person's name meet.

One person is printed 高嘉良, Kao Chia-liang, Chia-liang Kao, CHIA LIANG KAO or Gao Jialiang, and
Óscar Escobar is typed Oscar Escobar. Each printed name gives a set of matching keys
(`name_keys`); two names that share a key are probably the same person's:

- "zh:" keys: the Chinese characters, variant forms folded (台/臺, the VARIANTS of core.search),
  and, for a name that may be in Simplified characters, its Traditional form (OpenCC s2t);
- "la:" keys: a name in Latin letters, folded for case, accents, tone marks and punctuation
  (a hyphen or an apostrophe joins: Chia-liang → chialiang), as "surname given" with the
  surname taken first and, again, last: Kao Chia-liang and Chia-liang Kao both give
  "kao chialiang";
- "ro:" keys: the same, for each romanisation of a name in Chinese characters: Hanyu Pinyin,
  Wade–Giles as Taiwan's passports write it (no apostrophes or tone marks, ü as u or yu) and
  Tongyong Pinyin, every reading of a character that has several (曾 zeng/ceng/tseng, 柏
  bo/bai/po/pai), and systems mixed within a name as people do (a Wade–Giles surname with a
  Hanyu given name). A romanisation meets a Latin name ("ro:" = "la:"), never another
  romanisation: homophones (陳美延, 陳美言) are different names.

`name_keys` are what a record stores, `lookup_keys` what a name looks up among them.

Nothing here reorders or splits a name for display: names are stored as printed; the keys
only find them. `romanised_words` gives the words a search document holds for a Chinese name,
so that `Chen Mei-yen`, `Mei-Yen Chen` and `chen meiyan` all find 陳美延.
"""

import functools
import itertools
import re
import unicodedata

from pypinyin import Style, pinyin

from .search import VARIANTS
from .text import fold_accents, to_traditional

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHARACTER = re.compile(f"[{HAN}]")
_NOT_HAN = re.compile(f"[^{HAN}]+")
# Apostrophes and hyphens join the parts of a word (Chia-liang, O'Brien, Ts'ai); anything else
# that is not a letter or digit separates words.
_JOINERS = re.compile(r"[-‐‑‒–—'’ʼ`´]+")
_SEPARATORS = re.compile(r"[\W_]+")
# A tone number written after a syllable (gao1 jia1liang2).
_TONE_NUMBER = re.compile(r"(?<=[a-z])[1-5]")

# Two-character surnames found in Taiwan: a three-character name starting with one of them is
# also read as surname + one-character given name (歐陽修: Ouyang Xiu).
COMPOUND_SURNAMES = frozenset(
    {"歐陽", "司馬", "諸葛", "上官", "司徒", "東方", "夏侯", "皇甫", "公孫", "慕容", "長孫", "端木"}
    | {"令狐", "鍾離", "宇文", "尉遲", "張簡", "范姜", "張廖"}
)
# A name whose characters give more combinations of readings than this is keyed one system
# at a time (each system's own readings), not with the systems mixed.
MAX_MIXED_KEYS = 256


def fold_han(text):
    """The Chinese characters of `text`, in their plain forms (NFKC: compatibility and Kangxi
    forms to unified ones) with variant characters folded; everything else dropped."""
    return _NOT_HAN.sub("", unicodedata.normalize("NFKC", text or "").translate(VARIANTS))


def has_han(text):
    return bool(_HAN_CHARACTER.search(text or ""))


def has_latin(text):
    return any(character.isalpha() and not _HAN_CHARACTER.match(character) for character in text or "")


@functools.lru_cache(maxsize=100_000)
def chinese_forms(text):
    """The forms of a Chinese name that keys are made of: as printed (folded), and its
    Traditional form when it may be Simplified (陈美延 → 陳美延)."""
    printed = fold_han(text)
    if not printed:
        return ()
    traditional = fold_han(to_traditional(printed))
    return (printed,) if traditional == printed else (printed, traditional)


def latin_words(text):
    """A name in Latin letters as folded words: accents and tone marks off, case folded,
    hyphens and apostrophes joining, other punctuation separating (Judy, Fu-meei Ju → judy
    fumeei ju)."""
    folded = fold_accents(unicodedata.normalize("NFKC", text or "")).casefold()
    folded = _HAN_CHARACTER.sub(" ", folded)
    folded = _TONE_NUMBER.sub("", _JOINERS.sub("", folded))
    return _SEPARATORS.sub(" ", folded).split()


def latin_keys(words):
    """The "la:" keys of a Latin name's words: its surname first, then its surname last."""
    if not words:
        return set()
    if len(words) == 1:
        return {f"la:{words[0]}"}
    return {f"la:{words[0]} {''.join(words[1:])}", f"la:{words[-1]} {''.join(words[:-1])}"}


# --- Romanisation of Chinese names -------------------------------------------------------------

_TONGYONG_WHOLE = {
    "zhi": "jhih",
    "chi": "chih",
    "shi": "shih",
    "ri": "rih",
    "zi": "zih",
    "ci": "cih",
    "si": "sih",
    "wen": "wun",
    "weng": "wong",
}


def tongyong(syllable):
    """Tongyong Pinyin of a Hanyu Pinyin syllable without tones (ü written v): the rules of the
    2002 standard (zh → jh, q → c, x → s, -i after zh ch sh r z c s → -ih, ü → yu, -iu → -iou,
    -ui → -uei, -eng after b p m f → -ong, wen → wun, weng → wong)."""
    if syllable in _TONGYONG_WHOLE:
        return _TONGYONG_WHOLE[syllable]
    initial = re.match(r"zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw]?", syllable).group()
    final = syllable[len(initial) :]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "yu" + final[1:]  # ju jue juan jun: the u is ü
    elif initial in ("j", "q", "x") and final == "iong":
        final = "yong"
    final = final.replace("v", "yu")
    if initial and final == "iu":
        final = "iou"
    elif initial and final == "ui":
        final = "uei"
    elif initial in ("b", "p", "m", "f") and final == "eng":
        final = "ong"
    initial = {"zh": "jh", "q": "c", "x": "s"}.get(initial, initial)
    return initial + final


def _u_umlaut(syllable):
    """A syllable written with v for ü, as passports and people type it: u, yu, or v."""
    if "v" not in syllable:
        return {syllable}
    if syllable.startswith("y"):  # yv (Wade–Giles yü) is yu
        return {syllable.replace("v", "u")}
    return {syllable.replace("v", "u"), syllable.replace("v", "yu"), syllable}


@functools.lru_cache(maxsize=50_000)
def readings(character):
    """{system: syllables} of one Chinese character, every reading it has: "pinyin" (Hanyu),
    "wade-giles" (as Taiwan's passports write it) and "tongyong"; empty for a character the
    dictionary does not know."""
    (hanyu,) = pinyin(character, style=Style.NORMAL, heteronym=True, errors="ignore") or [[]]
    (wade,) = pinyin(character, style=Style.WADEGILES, heteronym=True, errors="ignore") or [[]]
    hanyu = [syllable for syllable in hanyu if syllable.isascii() and syllable.isalpha()]
    if not hanyu:
        return {}
    return {
        "pinyin": set().union(*(_u_umlaut(syllable) for syllable in hanyu)),
        "wade-giles": set().union(*(_u_umlaut(re.sub(r"[^a-z]", "", syllable)) for syllable in wade)),
        "tongyong": {tongyong(syllable) for syllable in hanyu},
    }


def _splits(characters):
    """Where the surname of a Chinese name of two to four characters may end."""
    if len(characters) == 2:
        return [1]
    if len(characters) == 3:
        return [1, 2] if characters[:2] in COMPOUND_SURNAMES else [1]
    if len(characters) == 4:
        return [2, 1]  # a double surname (張簡, 范姜) or two surnames (陳林) are the common case
    return []


def _joined(per_character):
    return {"".join(parts) for parts in itertools.product(*per_character)}


@functools.lru_cache(maxsize=100_000)
def romanisations(name):
    """The romanised "surname given" forms of a Chinese name of two to four characters (every
    reading, every system, systems mixed within a name); () for anything else."""
    forms = set()
    for characters in chinese_forms(name):
        per_character = [readings(character) for character in characters]
        if not _splits(characters) or not all(per_character):
            continue
        mixed = [set().union(*systems.values()) for systems in per_character]
        if _product_size(mixed) <= MAX_MIXED_KEYS:
            choices = [mixed]
        else:
            choices = [[systems[system] for systems in per_character] for system in per_character[0]]
        for syllables in choices:
            for split in _splits(characters):
                for surname in _joined(syllables[:split]):
                    forms.update(f"{surname} {given}" for given in _joined(syllables[split:]))
    return tuple(sorted(forms))


def _product_size(sets):
    size = 1
    for values in sets:
        size *= len(values)
    return size


@functools.lru_cache(maxsize=100_000)
def romanised_words(name):
    """The words a search document holds for a Chinese name, so that any romanisation of it
    finds it: every syllable of every reading, and each system's given name written as one word
    (meiyan, meiyen): `Chen Mei-yen`, `Mei-Yen Chen` and `chen meiyan` then all match."""
    words = set()
    for characters in chinese_forms(name):
        per_character = [readings(character) for character in characters]
        if not _splits(characters) or not all(per_character):
            continue
        for systems in per_character:
            words.update(*systems.values())
        for system in per_character[0]:
            syllables = [systems[system] for systems in per_character]
            if _product_size(syllables) > MAX_MIXED_KEYS:
                continue
            for split in _splits(characters):
                words.update(_joined(syllables[:split]) | _joined(syllables[split:]))
    return tuple(sorted(words))


@functools.lru_cache(maxsize=100_000)
def name_keys(name):
    """The matching keys a record stores for one of its names: "zh:" its Chinese forms, "ro:"
    the romanisations of a Chinese name, "la:" a name printed in Latin letters; empty for a
    name with no letters."""
    keys = set()
    if has_han(name):
        keys.update(f"zh:{form}" for form in chinese_forms(name))
        keys.update(f"ro:{form}" for form in romanisations(name))
    if has_latin(name):
        keys.update(latin_keys(latin_words(name)))
    return frozenset(keys)


@functools.lru_cache(maxsize=100_000)
def lookup_keys(name):
    """The stored keys that `name` finds: a Chinese name its Chinese forms and, through its
    romanisations, names printed in Latin letters; a Latin name the same Latin name and the
    romanisations of Chinese names. Two romanisations never meet: 陳美延 and 陳美言 are both
    Chen Mei-yan, and are two names."""
    keys = set()
    if has_han(name):
        keys.update(f"zh:{form}" for form in chinese_forms(name))
        keys.update(f"la:{form}" for form in romanisations(name))
    if has_latin(name):
        latin = latin_keys(latin_words(name))
        keys.update(latin)
        keys.update(f"ro:{key[3:]}" for key in latin)
    return frozenset(keys)


def person_keys(names):
    """The matching keys of a person with all of `names`."""
    return frozenset().union(*(name_keys(name) for name in names if name))


@functools.lru_cache(maxsize=100_000)
def organisation_name_keys(name):
    """The matching keys of an organisation's name: its Chinese forms, and its Latin words in
    their order (an organisation's words are not a surname and a given name)."""
    keys = {f"zh:{form}" for form in chinese_forms(name)}
    words = latin_words(name)
    if words and has_latin(name):
        keys.add(f"lo:{' '.join(words)}")
    return frozenset(keys)


def organisation_keys(names):
    """The matching keys of an organisation with all of `names`."""
    return frozenset().union(*(organisation_name_keys(name) for name in names if name))


class Likeness:
    """Why two names are probably one person's, from the strongest reason down."""

    SAME_CHINESE = "same-chinese"
    VARIANT_CHINESE = "variant-chinese"
    ROMANISATION = "romanisation"
    SAME_LATIN = "same-latin"


def likeness(name, other):
    """How `name` and `other` spell one name (a Likeness value), or None when they do not."""
    shared = lookup_keys(name) & name_keys(other)
    if not shared:
        return None
    if any(key.startswith("zh:") for key in shared):
        return Likeness.SAME_CHINESE if fold_han(name) == fold_han(other) else Likeness.VARIANT_CHINESE
    if has_han(name) or has_han(other):
        return Likeness.ROMANISATION
    return Likeness.SAME_LATIN
