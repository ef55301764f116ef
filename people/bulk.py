"""People and organisations for importers that write thousands of rows at once: who each of many
names matches (a few queries, not one per name), free slugs (the archive's one slug rule, which
the demo loader follows too), and records created in bulk with their matching keys and search
documents set (core.bulk_insert calls no save()): `create_new` makes the people and
organisations both importers (the roster's and the programme's) found no record for."""

import hashlib
import re
from collections import defaultdict

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.text import slugify
from django.utils.translation import gettext

from core import history
from core.bulk_insert import insert
from core.names import Likeness, has_han, likeness, lookup_keys
from core.text import clean_text, name_key

from .models import (
    NameKind,
    NameLanguage,
    Organization,
    OrganizationName,
    Person,
    PersonKey,
    PersonName,
    refresh_keys,
)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
BATCH = 2000


def is_chinese(name):
    return bool(CJK.search(name or ""))


def chunks(values, size=BATCH):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def among(field, texts):
    """A Q: `field` is one of `texts`. On PostgreSQL the texts go as one array parameter:
    psycopg builds a statement with thousands of IN placeholders value by value, which cost
    importers more than the queries themselves."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::text[])", (list(texts),))})
    return Q(**{f"{field}__in": texts})


class NameIndex:
    """Which records of `model` (Person or Organization) each of `names` matches by any of their
    names, as Model.objects.matching(name) would answer, looked up in a few queries."""

    def __init__(self, model, names):
        self.model = model
        keys = {name_key(name) for name in names} - {""}
        self.ids = defaultdict(set)
        other = PersonName if model is Person else OrganizationName
        owner = "person_id" if model is Person else "organization_id"
        for chunk in chunks(sorted(keys)):
            rows = model.objects.filter(among("name_zh_key", chunk) | among("name_en_key", chunk))
            for pk, zh_key, en_key in rows.values_list("pk", "name_zh_key", "name_en_key"):
                if zh_key in keys:
                    self.ids[zh_key].add(pk)
                if en_key in keys:
                    self.ids[en_key].add(pk)
            for pk, key in other.objects.filter(among("key", chunk)).values_list(owner, "key"):
                self.ids[key].add(pk)

    def matching(self, name):
        return set(self.ids.get(name_key(name), ()))

    def records(self, ids):
        """{pk: Named} of the given ids: their names, without a model instance each."""
        found = {}
        for chunk in chunks(sorted(ids)):
            for pk, name_zh, name_en in self.model.objects.filter(pk__in=chunk).values_list(
                "pk", "name_zh", "name_en"
            ):
                found[pk] = Named(pk, name_zh, name_en)
        return found


# How alike two names are, strongest first: printed the same (case, width and spaces aside),
# then core.names' reasons. A folded Latin name (Óscar, Oscar) is a closer match than a
# romanisation, which several Chinese names share.
EXACT = "exact"
LIKENESS_ORDER = (
    EXACT,
    Likeness.SAME_CHINESE,
    Likeness.VARIANT_CHINESE,
    Likeness.SAME_LATIN,
    Likeness.ROMANISATION,
)


class Likely:
    """One person a name probably names: their id, how alike the closest of their names is
    (`likeness`, a LIKENESS_ORDER value), which of their names that is (`matched`), and whether
    it is one of their further names (`other_name`: an English given name, a known alias)."""

    __slots__ = ("likeness", "matched", "other_name", "pk")

    def __init__(self, pk, likeness, matched, other_name):
        self.pk, self.likeness, self.matched, self.other_name = pk, likeness, matched, other_name

    @property
    def rank(self):
        return LIKENESS_ORDER.index(self.likeness)

    def __repr__(self):
        return f"Likely({self.pk}, {self.likeness}, {self.matched!r})"


def likeness_text(likely):
    """Why a name probably names this person, in the active language (“a romanisation of the
    same name: 高嘉良”), with “(one of their further names)” when it met one of those (an
    English given name, a known alias)."""
    texts = {
        EXACT: gettext("the same name as printed: %(name)s"),
        # Printed otherwise, the same once variant characters (台/臺) are folded.
        Likeness.SAME_CHINESE: gettext("the same Chinese name in variant characters: %(name)s"),
        Likeness.VARIANT_CHINESE: gettext(
            "the same Chinese name in Simplified or Traditional characters: %(name)s"
        ),
        Likeness.SAME_LATIN: gettext("the same name in Latin letters: %(name)s"),
        Likeness.ROMANISATION: gettext("a romanisation of the same name: %(name)s"),
    }
    text = texts[likely.likeness] % {"name": likely.matched}
    if likely.other_name:
        text += " " + gettext("(one of their further names)")
    return text


class LikelyIndex:
    """Which people each of `names` probably names, in any spelling (core.names): the lookup
    keys of all the names are looked up among the people's matching keys (PersonKey) in a few
    queries, then each candidate's names are compared with the name to say how alike they are.
    `likely(name)` lists them strongest first; `names[pk]` are a candidate's names (their
    Chinese and English names, then their further names)."""

    # Candidates kept per name before their names are read: a common name romanised meets many
    # people in a large archive, and staff are shown the closest few (the importers show ten).
    LIMIT = 30

    def __init__(self, names, exact=None, limit=LIMIT):
        names = {name for name in names if name}
        keys_of = {name: lookup_keys(name) for name in names}
        wanted = set().union(*keys_of.values()) if keys_of else set()
        owners = defaultdict(set)
        for chunk in chunks(sorted(wanted)):
            for pk, key in PersonKey.objects.filter(among("key", chunk)).values_list("person_id", "key"):
                owners[key].add(pk)
        self.ids = {}
        for name, keys in keys_of.items():
            # How close each candidate probably is, from the kind of key it was found by (the
            # exact likeness is worked out from their names, below): the same name as printed,
            # a Chinese form, a Latin name, a romanisation.
            closeness = {}
            if exact is not None:
                # The people the importer's NameIndex found by the name as printed are candidates
                # too, whether or not their keys are there yet (a bulk load may have skipped them).
                closeness.update(dict.fromkeys(exact.matching(name), 0))
            latin = {key for key in keys if key.startswith("la:")} if not has_han(name) else set()
            for key in keys:
                rank = 1 if key.startswith("zh:") else 2 if key in latin else 3
                for pk in owners.get(key, ()):
                    closeness[pk] = min(closeness.get(pk, rank), rank)
            self.ids[name] = set(sorted(closeness, key=lambda pk: (closeness[pk], pk))[:limit])
        candidates = set().union(*self.ids.values()) if self.ids else set()
        self.names, self.other_names = defaultdict(list), defaultdict(list)
        for chunk in chunks(sorted(candidates)):
            rows = Person.objects.filter(pk__in=chunk).values_list("pk", "name_zh", "name_en")
            for pk, name_zh, name_en in rows:
                self.names[pk] += [name for name in (name_zh, name_en) if name]
            for pk, name in PersonName.objects.filter(person_id__in=chunk).values_list("person_id", "name"):
                self.other_names[pk].append(name)
        self._likely = {}

    def likely(self, name):
        """[Likely] of the people `name` probably names, strongest first (then by id)."""
        if name not in self._likely:
            found = []
            for pk in self.ids.get(name, ()):
                best = None
                own = self.names.get(pk, [])
                for other in own + self.other_names.get(pk, []):
                    alike = EXACT if name_key(other) == name_key(name) else likeness(name, other)
                    if alike is None:
                        continue
                    candidate = Likely(pk, alike, other, other not in own)
                    if best is None or candidate.rank < best.rank:
                        best = candidate
                if best is None:
                    continue
                if (
                    best.likeness == Likeness.ROMANISATION
                    and has_han(name)
                    and any(has_han(other) for other in own + self.other_names.get(pk, []))
                ):
                    # A Chinese name meets a person's Latin name as its romanisation only when
                    # their Chinese name is not known to differ: 陳美言 is not 陳美延 (Chen
                    # Mei-yen), though both romanise alike.
                    continue
                found.append(best)
            self._likely[name] = sorted(found, key=lambda likely: (likely.rank, likely.pk))
        return self._likely[name]

    def label(self, pk):
        """A candidate's names: 高嘉良 (Kao Chia-liang; also: Gao Jialiang)."""
        own = self.names.get(pk, [])
        others = [name for name in self.other_names.get(pk, []) if name not in own]
        text = own[0] if own else str(pk)
        rest = own[1:] + others
        return f"{text} ({'; '.join(rest)})" if rest else text


class Named:
    """A person's or organisation's id and names, read without a model instance."""

    __slots__ = ("name_en", "name_zh", "pk")

    def __init__(self, pk, name_zh, name_en):
        self.pk, self.name_zh, self.name_en = pk, name_zh, name_en

    def __str__(self):
        if self.name_zh and self.name_en:
            return f"{self.name_zh} ({self.name_en})"
        return self.name_zh or self.name_en


def slug_base(name, prefix):
    """The slug a record named `name` is given unless it is taken: slugify(name), or
    `prefix`-hash when that is empty (a Chinese name)."""
    return slugify(name)[:90] or f"{prefix}-{hashlib.sha1(name.encode()).hexdigest()[:8]}"


def free_slug(model, name, prefix):
    """One unused slug of `model` for `name`: its slug_base, then -2, -3 … while taken."""
    return free_slugs(model, [name], prefix)[0]


def free_slugs(model, names, prefix):
    """One unused slug of `model` per name, each as free_slug makes it, none twice."""
    bases = [slug_base(name, prefix) for name in names]
    result = [None] * len(names)
    attempt = [1] * len(names)
    used = set()
    pending = list(range(len(names)))
    while pending:
        candidates = {i: bases[i] if attempt[i] == 1 else f"{bases[i]}-{attempt[i]}" for i in pending}
        taken = set()
        for chunk in chunks(set(candidates.values())):
            taken.update(model.objects.filter(among("slug", chunk)).values_list("slug", flat=True))
        still = []
        for i in pending:
            if candidates[i] in taken or candidates[i] in used:
                attempt[i] += 1
                still.append(i)
            else:
                result[i] = candidates[i]
                used.add(candidates[i])
        pending = still
    return result


def _prepare(record):
    record.name_zh = clean_text(record.name_zh)
    record.name_en = clean_text(record.name_en)
    record.name_zh_key = name_key(record.name_zh)
    record.name_en_key = name_key(record.name_en)
    record.search_document = record.build_search_document()
    return record


def new_record(model, name, english=""):
    """An unsaved Person or Organization named `name` as printed: a Chinese name as its Chinese
    name (with `english` as its English one), any other as its English name."""
    if is_chinese(name):
        return model(name_zh=name, name_en=english)
    return model(name_en=name)


def create_records(model, records, slug_names, prefix):
    """Save unsaved `records` of `model` in bulk, slugs made from `slug_names`; returns them with
    their primary keys."""
    for record, slug in zip(records, free_slugs(model, slug_names, prefix), strict=True):
        record.slug = slug
        _prepare(record)
    created = history.record_bulk(model, insert(model, records), history.ADDED)
    for chunk in chunks([record.pk for record in created]):
        refresh_keys(model.objects.filter(pk__in=chunk))
    return created


class NewRecord:
    """A person or organisation an import would create, shared by the rows that name it: its
    name as printed (and a person's English name besides, if the file gives one); `pk` is set
    once create_new has made it. An organisation may have a `parent` (a record, or a NewRecord
    created first)."""

    def __init__(self, name, english="", parent=None):
        self.name = name
        self.english = english
        self.parent = parent
        self.pk = None

    def __str__(self):
        return f"{self.name} ({self.english})" if self.english and self.english != self.name else self.name


def create_new(people=(), organizations=()):
    """Create the people and organisations of NewRecords, in bulk, and give each NewRecord its
    record's primary key. A name in Chinese is the record's Chinese name (the English name, if
    any, its English one), any other its English name; a person printed in Latin letters with a
    different English name gets that name too, as a further name."""
    organizations, people = list(organizations), list(people)
    # Agencies before the new units under them (a unit's parent id is its agency's).
    first = [record for record in organizations if not isinstance(record.parent, NewRecord)]
    units = [record for record in organizations if isinstance(record.parent, NewRecord)]
    for level in (first, units):
        records = []
        for record in level:
            organization = new_record(Organization, record.name)
            organization.parent_id = record.parent.pk if record.parent is not None else None
            records.append(organization)
        created = create_records(Organization, records, [record.name for record in level], "o")
        for record, organization in zip(level, created, strict=True):
            record.pk = organization.pk
    created = create_records(
        Person,
        [new_record(Person, record.name, record.english) for record in people],
        [record.name for record in people],
        "p",
    )
    aliases = []
    for record, person in zip(people, created, strict=True):
        record.pk = person.pk
        # A name printed in Latin letters with a different English name: both are theirs.
        english = record.english
        if english and not is_chinese(record.name) and name_key(english) != name_key(record.name):
            aliases.append((person.pk, english))
    if aliases:
        add_person_names(aliases)
        rebuild_search_documents(Person, {pk for pk, _name in aliases})


def update_names(model, records):
    """Save changed Chinese/English names of `records` in bulk, with their keys (their search
    documents are rebuilt after: see rebuild_search_documents)."""
    for record in records:
        record.name_zh = clean_text(record.name_zh)
        record.name_en = clean_text(record.name_en)
        record.name_zh_key = name_key(record.name_zh)
        record.name_en_key = name_key(record.name_en)
    model.objects.bulk_update(records, ["name_zh", "name_en", "name_zh_key", "name_en_key"], batch_size=1000)
    history.record_bulk(model, records, history.CHANGED)


def add_person_names(pairs):
    """Give people further names: `pairs` of (person id, name), languages told by script."""
    names = PersonName.objects.bulk_create(
        [
            PersonName(
                person_id=person_id,
                name=clean_text(name),
                key=name_key(name),
                language=NameLanguage.ZH_HANT if is_chinese(name) else NameLanguage.EN,
                kind=NameKind.ALTERNATE,
            )
            for person_id, name in pairs
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    history.record_bulk(PersonName, names, history.ADDED, match=("person_id", "name"))


def rebuild_search_documents(model, ids):
    for chunk in chunks(sorted(ids), 2000):
        model.objects.filter(pk__in=chunk).rebuild_search_documents()
