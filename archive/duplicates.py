"""Possible duplicates: people (or organisations) whose names are probably one record's.

Two records are a possible pair when they share a matching key (core.names, stored in
people.PersonKey / OrganizationKey): the same Chinese name in any of its forms, the same Latin
name, or a romanisation of one's Chinese name that is the other's Latin name ("ro:" meets
"la:", never another "ro:": homophones are different names). Pairs are found by blocking on
those keys, never by comparing every record with every other: a key held by more than
settings.POSSIBLE_DUPLICATES_MAX_BLOCK records (a common name) is too common to tell anything,
and is reported instead of paired.

- `find_all(kind)` recomputes every pair of a kind with one SQL self-join of the key table (the
  command find_possible_duplicates, nightly);
- `refresh_for(kind, ids)` recomputes only the pairs of those records (after a save or an
  import);
- `candidates_for_names(names)` are the people a new record's names would pair with (the admin
  add form's warning);
- `evidence_for(person_ids)` / `organization_evidence_for(ids)` is what a reviewer judges by:
  names, roster rows with agency, title and year, sessions, public or not.
"""

import dataclasses
import functools
import itertools
import json
import unicodedata
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bulk_insert import copy_values
from core.names import (
    Likeness,
    chinese_forms,
    has_han,
    has_latin,
    latin_keys,
    latin_words,
    likeness,
    lookup_keys,
    organisation_name_keys,
)
from events.models import SessionRole
from people.models import Organization, OrganizationKey, Person, PersonKey
from reports.models import Delegation, DelegationMember

from .models import DuplicateKind, NotDuplicate, PossibleDuplicate

OTHER_NAME = "other-name"
SHARED_AGENCY = "shared-agency"
# 同名同姓: the same name on roster rows of different agencies, shown as such, never hidden.
DIFFERENT_AGENCIES = "different-agencies"

REASON_LABELS = {
    Likeness.SAME_CHINESE: _("same Chinese name"),
    Likeness.VARIANT_CHINESE: _("same Chinese name in variant or Simplified characters"),
    Likeness.ROMANISATION: _("a romanisation of the Chinese name"),
    Likeness.SAME_LATIN: _("same Latin name"),
    OTHER_NAME: _("through another name"),
    SHARED_AGENCY: _("roster rows at the same agency"),
    DIFFERENT_AGENCIES: _("同名同姓: same name, roster rows at different agencies"),
}
# The ranking: the strongest reason counts, each further reason a little, a shared agency much.
REASON_WEIGHTS = {
    Likeness.SAME_CHINESE: 100,
    Likeness.VARIANT_CHINESE: 90,
    Likeness.ROMANISATION: 70,
    Likeness.SAME_LATIN: 50,
    OTHER_NAME: 30,
}
FURTHER_REASON_WEIGHT = 5
SHARED_AGENCY_WEIGHT = 40

# Pairs are assessed and written this many at a time.
CHUNK = 2000


def max_block():
    return settings.POSSIBLE_DUPLICATES_MAX_BLOCK


def reason_labels(reasons):
    return [REASON_LABELS.get(reason, reason) for reason in reasons]


def ordered(a, b):
    return (a, b) if a < b else (b, a)


# --- Which model a kind is about ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Side:
    kind: str
    model: type
    key_model: type
    owner: str  # the key model's column naming the record

    @property
    def key_table(self):
        return self.key_model._meta.db_table


PEOPLE = Side(DuplicateKind.PERSON, Person, PersonKey, "person_id")
ORGANIZATIONS = Side(DuplicateKind.ORGANIZATION, Organization, OrganizationKey, "organization_id")
SIDES = {side.kind: side for side in (PEOPLE, ORGANIZATIONS)}


def _meet(key):
    """The block a stored key is in: a romanisation is in the block of the same Latin text."""
    return f"la:{key[3:]}" if key.startswith("ro:") else key


def _match_kind(meet, a_ro, b_ro):
    if meet.startswith("zh:"):
        return "zh"
    return "ro" if a_ro or b_ro else "la"


# --- Finding pairs -----------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    kind: str
    pairs: int = 0
    too_common: list = dataclasses.field(default_factory=list)  # (key, records)


MEETS_TABLE = "archive_duplicate_meets"


def _meets_sql(side):
    """Each record in each block ("meet") once, with whether it is there only through a
    romanisation (ro = 1): the rows the pairs are made of, written to a temporary table."""
    table, owner = side.key_table, side.owner
    if side is PEOPLE:
        # Romanisations are read only where a Latin key of the same text exists (an index probe
        # per distinct Latin key), since alone they pair with nothing.
        keys = f"""
            SELECT {owner} AS record, key AS meet, 0 AS ro FROM {table}
            WHERE key LIKE 'zh:%%' OR key LIKE 'la:%%'
            UNION ALL
            SELECT r.{owner}, l.key, 1
            FROM (SELECT DISTINCT key FROM {table} WHERE key LIKE 'la:%%') l
            JOIN {table} r ON r.key = 'ro:' || SUBSTR(l.key, 4)"""
    else:
        keys = f"SELECT {owner} AS record, key AS meet, 0 AS ro FROM {table}"
    return f"""
        CREATE TEMPORARY TABLE {MEETS_TABLE} AS
        SELECT record, meet, MIN(ro) AS ro FROM ({keys}) k GROUP BY record, meet"""


# Blocks worth pairing: two records or more, at most the limit, one at least by a key of its own.
PAIRS_SQL = f"""
    WITH blocks AS (
        SELECT meet FROM {MEETS_TABLE} GROUP BY meet
        HAVING COUNT(*) > 1 AND COUNT(*) <= %s AND MIN(ro) = 0
    )
    SELECT DISTINCT a.record, b.record, a.meet, a.ro, b.ro
    FROM blocks
    JOIN {MEETS_TABLE} a ON a.meet = blocks.meet
    JOIN {MEETS_TABLE} b ON b.meet = blocks.meet AND a.record < b.record
    WHERE NOT (a.ro = 1 AND b.ro = 1)
    ORDER BY 1, 2
"""
TOO_COMMON_SQL = f"""
    SELECT meet, COUNT(*) FROM {MEETS_TABLE} GROUP BY meet
    HAVING COUNT(*) > %s AND MIN(ro) = 0 ORDER BY 2 DESC, 1
"""


def find_all(kind):
    """Recompute every possible pair of `kind` (a DuplicateKind): the table's pairs of that
    kind replaced in one transaction. Returns a Result."""
    side = SIDES[kind]
    result = Result(kind)
    rejected = _not_duplicates(kind)
    computed_at = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Room to group and join the block members in memory (hash) rather than sort them.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(f"DROP TABLE IF EXISTS {MEETS_TABLE}")
        cursor.execute(_meets_sql(side), [])
        try:
            if connection.vendor == "postgresql":
                # A new table has no statistics: without them the self-join is planned blind.
                cursor.execute(f"ANALYZE {MEETS_TABLE}")
            PossibleDuplicate.objects.filter(kind=kind).delete()
            cursor.execute(TOO_COMMON_SQL, [max_block()])
            result.too_common = [tuple(row) for row in cursor.fetchall()]
            # Hundreds of thousands of pairs name most records: their names and agencies are
            # read once, not a query per chunk of pairs.
            names = _all_names(side)
            agencies = _agencies_of(None) if side is PEOPLE else {}
            cursor.execute(PAIRS_SQL, [max_block()])
            found = {}
            while rows := cursor.fetchmany(CHUNK * 4):
                for first, second, meet, a_ro, b_ro in rows:
                    found.setdefault((first, second), set()).add((meet, a_ro, b_ro))
                # Pairs come sorted: all of a pair's rows have arrived once a later pair has.
                last = (rows[-1][0], rows[-1][1])
                done = {pair: kinds for pair, kinds in found.items() if pair != last}
                result.pairs += _store(
                    side, _assessed(side, done, rejected, names, agencies), computed_at, copy=True
                )
                found = {last: found[last]} if last in found else {}
            result.pairs += _store(
                side, _assessed(side, found, rejected, names, agencies), computed_at, copy=True
            )
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {MEETS_TABLE}")
    return result


def _all_names(side):
    return {
        pk: (name_zh, name_en)
        for pk, name_zh, name_en in side.model._base_manager.values_list("pk", "name_zh", "name_en").iterator(
            chunk_size=20_000
        )
    }


def refresh_for(kind, ids):
    """Recompute the pairs that involve the records `ids` of `kind` (after a save or an
    import): only their keys and the keys of the same blocks are read."""
    side = SIDES[kind]
    ids = sorted(set(ids))
    if not ids:
        return 0
    keys = side.key_model.objects.filter(**{f"{side.owner}__in": ids}).values_list(side.owner, "key")
    meets = {_meet(key) for _record, key in keys}
    # Every stored form of those blocks: the key itself and, for a Latin block, the
    # romanisations of the same text.
    wanted = set(meets) | {f"ro:{meet[3:]}" for meet in meets if meet.startswith("la:")}
    members = defaultdict(set)  # meet -> {(record, is a romanisation)}
    wanted = sorted(wanted)
    for start in range(0, len(wanted), 500):
        rows = side.key_model.objects.filter(key__in=wanted[start : start + 500]).values_list(
            side.owner, "key"
        )
        for record, key in rows:
            members[_meet(key)].add((record, key.startswith("ro:")))
    touched = set(ids)
    found = defaultdict(set)
    for meet, block in members.items():
        if len({record for record, _ro in block}) > max_block():
            continue
        for (a, a_ro), (b, b_ro) in itertools.combinations(block, 2):
            if a == b or (a_ro and b_ro) or not ({a, b} & touched):
                continue
            if a < b:
                found[a, b].add((meet, a_ro, b_ro))
            else:
                found[b, a].add((meet, b_ro, a_ro))
    with transaction.atomic():
        PossibleDuplicate.objects.filter(kind=kind).filter(Q(first__in=ids) | Q(second__in=ids)).delete()
        return _write(side, found, _not_duplicates(kind), timezone.now())


def _not_duplicates(kind):
    return set(NotDuplicate.objects.filter(kind=kind).values_list("first", "second"))


def _write(side, found, rejected, computed_at):
    """Assess and store the pairs `found` ({(first, second): {(block, first by a romanisation,
    second by a romanisation)}}) but the rejected (a few records' pairs, after a save)."""
    ids = {record for pair in found for record in pair}
    names = {
        pk: (name_zh, name_en)
        for pk, name_zh, name_en in side.model._base_manager.filter(pk__in=ids).values_list(
            "pk", "name_zh", "name_en"
        )
    }
    agencies = _agencies_of(ids) if side is PEOPLE else {}
    return _store(side, _assessed(side, found, rejected, names, agencies), computed_at)


def _assessed(side, found, rejected, names, agencies):
    """(first, second, reasons, score) of the pairs `found` but the rejected and those whose
    record was deleted meanwhile, in pair order."""
    assessed = []
    for first, second in sorted(found):
        if (first, second) in rejected or first not in names or second not in names:
            continue
        reasons = _block_reasons(names[first], names[second], found[first, second])
        first_agencies, second_agencies = agencies.get(first), agencies.get(second)
        if first_agencies and second_agencies:
            reasons.append(SHARED_AGENCY if first_agencies & second_agencies else DIFFERENT_AGENCIES)
        assessed.append((first, second, reasons, score(reasons)))
    return assessed


def _store(side, assessed, computed_at, copy=False):
    """Write the assessed pairs; with `copy`, into a table emptied of this kind (the full
    computation), else beside pairs a concurrent save may have written meanwhile."""
    if copy and connection.vendor == "postgresql":
        # COPY of plain values, no model instance per pair: at 300,000 people there are
        # hundreds of thousands of pairs. The reasons go as JSON text, which PostgreSQL parses.
        copy_values(
            PossibleDuplicate,
            ["kind", "first", "second", "reasons", "score", "computed_at"],
            (
                (side.kind, first, second, _reasons_json(tuple(reasons)), points, computed_at)
                for first, second, reasons, points in assessed
            ),
        )
    else:
        PossibleDuplicate.objects.bulk_create(
            [
                PossibleDuplicate(
                    kind=side.kind,
                    first=first,
                    second=second,
                    reasons=reasons,
                    score=points,
                    computed_at=computed_at,
                )
                for first, second, reasons, points in assessed
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
    return len(assessed)


@functools.lru_cache(maxsize=1024)
def _reasons_json(reasons):
    return json.dumps(list(reasons))


def _block_reasons(first, second, matches):
    """Why two records met in the blocks `matches`, from their main names (Chinese, English)
    without romanising anything again (at 300,000 people the pairs are too many to): a block
    that neither main name explains was reached through another name. A romanisation is
    taken to be of the Chinese name of the record it belongs to."""
    (first_zh, first_en), (second_zh, second_en) = first, second
    reasons = set()
    for meet, first_ro, second_ro in matches:
        text = meet[3:]
        if meet.startswith("zh:"):
            if text in chinese_forms(first_zh) and text in chinese_forms(second_zh):
                same = _printed_han(first_zh) == _printed_han(second_zh)
                reasons.add(Likeness.SAME_CHINESE if same else Likeness.VARIANT_CHINESE)
                continue
        elif meet.startswith("lo:"):
            if _organisation_words(first_en) == text == _organisation_words(second_en):
                reasons.add(Likeness.SAME_LATIN)
                continue
        elif not first_ro and not second_ro:
            if meet in _latin_keys_of(first_en) and meet in _latin_keys_of(second_en):
                reasons.add(Likeness.SAME_LATIN)
                continue
        else:
            latin_en, romanised_zh = (second_en, first_zh) if first_ro else (first_en, second_zh)
            if meet in _latin_keys_of(latin_en) and has_han(romanised_zh):
                reasons.add(Likeness.ROMANISATION)
                continue
        reasons.add(OTHER_NAME)
    if len(reasons) > 1:
        reasons.discard(OTHER_NAME)
    return sorted(reasons, key=lambda reason: -REASON_WEIGHTS[reason])


# The full computation reads hundreds of thousands of pairs whose names repeat: each name's
# forms are worked out once.
@functools.lru_cache(maxsize=500_000)
def _organisation_words(name):
    return " ".join(latin_words(name)) if has_latin(name) else None


@functools.lru_cache(maxsize=500_000)
def _latin_keys_of(name):
    return latin_keys(latin_words(name))


def _names_of(side, ids):
    """{id: (main names, other names)} of the records `ids`, in two queries."""
    names = {
        pk: ([zh for zh in (name_zh, name_en) if zh], [])
        for pk, name_zh, name_en in side.model._base_manager.filter(pk__in=ids).values_list(
            "pk", "name_zh", "name_en"
        )
    }
    other_model = side.model._meta.get_field("other_names").related_model
    record_field = f"{other_model.record_field}_id"
    for pk, name in other_model.objects.filter(**{f"{record_field}__in": ids}).values_list(
        record_field, "name"
    ):
        if pk in names:
            names[pk][1].append(name)
    return names


def _agencies_of(person_ids):
    """{person id: {organisation ids of their roster rows}} of the people `person_ids` (None:
    everyone's)."""
    agencies = defaultdict(set)
    rows = DelegationMember.objects.filter(organization__isnull=False)
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    for person_id, organization_id in rows.values_list("person_id", "organization_id").iterator(
        chunk_size=20_000
    ):
        agencies[person_id].add(organization_id)
    return agencies


def _organisation_likeness(name, other):
    shared = organisation_name_keys(name) & organisation_name_keys(other)
    if not shared:
        return None
    if any(key.startswith("zh:") for key in shared):
        return Likeness.SAME_CHINESE
    return Likeness.SAME_LATIN


@functools.lru_cache(maxsize=500_000)
def _printed_han(name):
    return "".join(character for character in unicodedata.normalize("NFKC", name) if has_han(character))


def _name_likeness(kind, name, other):
    if kind == DuplicateKind.ORGANIZATION:
        found = _organisation_likeness(name, other)
    else:
        found = likeness(name, other) or likeness(other, name)
    # core.names.likeness compares the names with variants folded, so 黃臺生 and 黃台生 come out
    # "same": a reviewer is told they are printed in different characters.
    if found == Likeness.SAME_CHINESE and _printed_han(name) != _printed_han(other):
        found = Likeness.VARIANT_CHINESE
    return found


def assess(kind, names, other_names, agencies=None, other_agencies=None):
    """Why two records are probably one, strongest first: how their names meet (their main
    names; else "through another name"), then whether their roster rows share an agency or are
    at different ones (同名同姓). `names`: (main names, other names) of each."""
    main, others = names
    other_main, other_others = other_names
    reasons = {
        found
        for name, other in itertools.product(main, other_main)
        if (found := _name_likeness(kind, name, other))
    }
    if not reasons and any(
        _name_likeness(kind, name, other)
        for name, other in itertools.product(main + others, other_main + other_others)
    ):
        reasons.add(OTHER_NAME)
    if not reasons:
        return []
    ranked = sorted(reasons, key=lambda reason: -REASON_WEIGHTS[reason])
    if agencies and other_agencies:
        ranked.append(SHARED_AGENCY if agencies & other_agencies else DIFFERENT_AGENCIES)
    return ranked


def score(reasons):
    weights = [REASON_WEIGHTS[reason] for reason in reasons if reason in REASON_WEIGHTS]
    if not weights:
        return 0
    total = max(weights) + FURTHER_REASON_WEIGHT * (len(weights) - 1)
    if SHARED_AGENCY in reasons:
        total += SHARED_AGENCY_WEIGHT
    return total


# --- A new record's candidates (the admin add forms) -------------------------------------------


def candidates_for_names(kind, names, limit=20):
    """[(record id, reasons)] of the existing records that records with `names` would pair with,
    strongest first; `names`: (main names, other names)."""
    side = SIDES[kind]
    main, others = ([name for name in group if name] for group in names)
    keys = set()
    for name in main + others:
        if kind == DuplicateKind.PERSON:
            keys |= lookup_keys(name)
        else:
            keys |= organisation_name_keys(name)
    if not keys:
        return []
    ids = set()
    keys = sorted(keys)
    for start in range(0, len(keys), 500):
        ids |= set(
            side.key_model.objects.filter(key__in=keys[start : start + 500]).values_list(
                side.owner, flat=True
            )
        )
    known = _names_of(side, ids)
    found = []
    for pk, record_names in known.items():
        reasons = assess(kind, (main, others), record_names)
        if reasons:
            found.append((pk, reasons))
    found.sort(key=lambda item: (-score(item[1]), item[0]))
    return found[:limit]


# --- Evidence ----------------------------------------------------------------------------------


@dataclasses.dataclass
class Evidence:
    """What a reviewer judges a record by."""

    record: object
    names: list  # (name, what it is)
    admin_url: str
    is_public: bool
    roster: list = dataclasses.field(default_factory=list)  # dicts: agency, title, year, delegation
    sessions: list = dataclasses.field(default_factory=list)  # dicts: event, role, year
    agencies: set = dataclasses.field(default_factory=set)  # organisation ids of the roster rows
    facts: list = dataclasses.field(default_factory=list)  # (label, value) for organisations


def _names_with_labels(record):
    names = []
    if record.name_zh:
        names.append((record.name_zh, _("Chinese name")))
    if record.name_en:
        names.append((record.name_en, _("English name")))
    names += [(other.name, other.get_kind_display()) for other in record.other_names.all()]
    return names


def evidence_for(person_ids):
    """{person id: Evidence} of the people `person_ids`: their names, their roster rows (agency,
    title, year and trip), their sessions (role, year) and whether they are public; in four
    queries, however many people."""
    people = Person.objects.filter(pk__in=person_ids).prefetch_related("other_names").defer("search_document")
    evidence = {
        person.pk: Evidence(
            record=person,
            names=_names_with_labels(person),
            admin_url=reverse("admin:people_person_change", args=[person.pk]),
            is_public=person.is_public,
        )
        for person in people
    }
    rows = (
        DelegationMember.objects.filter(person_id__in=evidence)
        .select_related("delegation", "organization")
        .only(
            "person_id",
            "title",
            "organization_as_printed",
            "organization__name_zh",
            "organization__name_en",
            "delegation__title",
            "delegation__slug",
            "delegation__departure_date",
            "delegation__is_public",
        )
        .order_by("person_id", "-delegation__departure_date", "pk")
    )
    for row in rows:
        record = evidence[row.person_id]
        if row.organization_id:
            record.agencies.add(row.organization_id)
        record.roster.append(
            {
                "agency": row.organization or row.organization_as_printed,
                "title": row.title,
                "year": row.delegation.departure_date.year,
                "delegation": row.delegation.title,
                "delegation_url": reverse("admin:reports_delegation_change", args=[row.delegation_id]),
            }
        )
    roles = (
        SessionRole.objects.filter(person_id__in=evidence)
        .select_related("event")
        .only("person_id", "role", "event__title_zh", "event__title_en", "event__start_date")
        .order_by("person_id", "event__start_date", "pk")
    )
    for role in roles:
        evidence[role.person_id].sessions.append(
            {
                "event": role.event,
                "role": role.get_role_display(),
                "year": role.event.start_date.year if role.event.start_date else "",
            }
        )
    return evidence


def organization_evidence_for(organization_ids):
    """{organisation id: Evidence} of the organisations: names, kind, country, parent, how many
    roster rows name them and in which years, delegations organised, sessions; six queries."""
    organisations = (
        Organization.objects.filter(pk__in=organization_ids)
        .select_related("parent")
        .prefetch_related("other_names")
        .defer("search_document", "description")
    )
    evidence = {
        organisation.pk: Evidence(
            record=organisation,
            names=_names_with_labels(organisation),
            admin_url=reverse("admin:people_organization_change", args=[organisation.pk]),
            is_public=organisation.is_public,
        )
        for organisation in organisations
    }
    for record in evidence.values():
        organisation = record.record
        record.facts = [
            (_("kind"), organisation.get_kind_display()),
            (_("country"), organisation.country),
            (_("parent organisation"), organisation.parent or ""),
        ]
    roster = (
        DelegationMember.objects.filter(organization_id__in=evidence)
        .values("organization_id")
        .annotate(
            rows=Count("pk"),
            first=Min("delegation__departure_date"),
            last=Max("delegation__departure_date"),
        )
        .order_by()
    )
    for row in roster:
        years = f"{row['first']:%Y}–{row['last']:%Y}"
        evidence[row["organization_id"]].facts.append((_("roster rows"), f"{row['rows']} ({years})"))
    organised = (
        Delegation.objects.filter(organising_agency_id__in=evidence)
        .values("organising_agency_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in organised:
        evidence[row["organising_agency_id"]].facts.append((_("delegations organised"), row["count"]))
    sessions = (
        SessionRole.objects.filter(organization_id__in=evidence)
        .values("organization_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in sessions:
        evidence[row["organization_id"]].facts.append((_("session roles"), row["count"]))
    return evidence


def evidence_of(kind, ids):
    return evidence_for(ids) if kind == DuplicateKind.PERSON else organization_evidence_for(ids)
