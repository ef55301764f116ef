"""A large archive shaped like the real one, for benchmarks and load tests (generate_demo_data).

What is made, for N reports: about 3×N people (names from Taiwanese surnames and given-name
characters, half with a romanised or English name, some with other names), up to 2,000
organisations (Taiwanese agencies with their units and sections, local governments,
universities, civil society, foreign ministries and international bodies), up to 50 summits and
conferences in cities worldwide with rooms, tracks and together 2×N sessions and about 6×N
session roles, and N delegations with about 10×N roster rows and one report each (header fields,
keywords, abstract, sections, recommendations, follow-up items, authors).

Everything generated is recognisable: people, organisations, events, delegations and reports
have slugs starting with "gen-", and every other generated row hangs off one of those. Real
records (the demo data, anything staff entered) are never touched, and no generated name shares
a matching key with a real record or with a name in fixtures/, so loading the demo data later
links nothing to generated records.

The same seed gives the same archive: each part draws from its own random.Random seeded from
the seed and the part's name, and nothing depends on the database (ids, today's date). Rows are
written with bulk_create, a chunk of reports at a time, so memory stays bounded. bulk_create
skips save(): the fields save() derives (name keys, cleaned names, an event's summit and time
zone, the search document of records whose document needs no related rows) are filled here the
way save() fills them; rebuild_search_index, run by the command afterwards, does the rest.
"""

import datetime
import math
import random
import time
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

import yaml
from django.conf import settings
from django.db import connection, reset_queries
from django.db.models import Exists, OuterRef
from django.utils.text import slugify

from events.models import Event, EventKind, Language, Room, SessionFormat, SessionRole, SessionRoleKind, Track
from ogparchive.bulk_insert import copy_rows
from ogparchive.text import clean_text, name_key
from people.models import (
    NameKind,
    NameLanguage,
    Organization,
    OrganizationKind,
    OrganizationName,
    Person,
    PersonName,
)
from reports.demo_data import FIXTURES_DIR
from reports.models import (
    AccessLevel,
    DatePrecision,
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    FollowUpItem,
    FollowUpStatus,
    Keyword,
    MemberRole,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportCategory,
    ReportSection,
    Sector,
)

from .words import (
    BODY_SENTENCES,
    CITY_UNITS,
    CLASSIFICATIONS,
    COUNCIL_UNITS,
    COUNTRIES,
    COUNTY_UNITS,
    ENGLISH_GIVEN_NAMES,
    FOLLOW_UPS,
    FOREIGN_GIVEN_NAMES,
    FOREIGN_MINISTRIES,
    FOREIGN_SURNAMES,
    FOREIGN_TITLES,
    GIVEN_CHARACTERS,
    GRADES,
    HEADS,
    INTERNATIONAL_BODIES,
    MINISTRY_UNITS,
    OTHER_COUNTRIES,
    PLAN_TITLES,
    PURPOSE_SENTENCES,
    RECOMMENDATIONS,
    REFLECTION_SENTENCES,
    REGIONS,
    ROLE_NOTES,
    ROOM_NAMES,
    SECTIONS,
    SERIES,
    SESSION_DESCRIPTIONS,
    SESSION_PREFIXES,
    SESSION_SUBTITLES,
    SESSION_TOPICS,
    SPONSORS,
    STATUS_NOTES,
    SUB_HEADINGS,
    SUMMIT_KEYWORDS,
    SUMMIT_PLAN_TITLES,
    SUMMIT_TOPICS,
    SUMMITS,
    SURNAMES,
    TAIWAN_BODIES,
    TITLES,
    TOPICS,
    TRACKS,
    UNIVERSITY_UNITS,
    keyword_vocabulary,
)

PREFIX = "gen-"
TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
UTC = datetime.UTC
# Trips leave between these days and nothing is dated after LAST_DAY, whatever today is.
FIRST_DEPARTURE = datetime.date(2010, 1, 4)
LAST_DEPARTURE = datetime.date(2026, 9, 30)
LAST_DAY = datetime.date(2026, 11, 20)

# ---------------------------------------------------------------------------------------------
# Proportions (the vocabularies are in words.py, read from vocabularies/)
# ---------------------------------------------------------------------------------------------

SESSION_FORMATS = [
    ("", 30),
    (SessionFormat.PANEL, 25),
    (SessionFormat.WORKSHOP, 10),
    (SessionFormat.PITCH, 8),
    (SessionFormat.ROUNDTABLE, 5),
    (SessionFormat.PLENARY, 2),
    (SessionFormat.KEYNOTE, 2),
    (SessionFormat.CAMPFIRE, 3),
    (SessionFormat.CHALLENGE_CLINIC, 2),
    (SessionFormat.FISHBOWL, 2),
    (SessionFormat.TOWNHALL, 1),
    (SessionFormat.WORLD_CAFE, 2),
    (SessionFormat.NETWORKING, 2),
    (SessionFormat.DIALOGUE, 2),
    (SessionFormat.OFFICE_HOURS, 1),
    (SessionFormat.EXPO, 1),
    (SessionFormat.OTHER, 2),
]
NUMBERS_1 = "壹貳參肆伍陸柒捌玖拾"
NUMBERS_2 = "一二三四五六七八九十"
RANK_WEIGHTS = (1, 6, 28, 65)
SECTOR_OF_KIND = {
    "government": Sector.EXECUTIVE,
    "local_government": Sector.LOCAL_GOVERNMENT,
    "legislature": Sector.LEGISLATURE,
    "control": Sector.CONTROL_YUAN,
    "academia": Sector.ACADEMIA,
    "civil_society": Sector.CIVIL_SOCIETY,
    "media": Sector.MEDIA,
    "company": Sector.BUSINESS,
}
# Where the Taiwanese people of the archive work (per cent).
PEOPLE_BY_SECTOR = {
    "government": 68,
    "local_government": 10,
    "academia": 9,
    "civil_society": 7,
    "legislature": 2,
    "control": 2,
    "media": 1,
    "company": 1,
}
# Kinds whose top-level bodies organise delegations and file reports.
ORGANISING_KINDS = {"government", "local_government", "control", "legislature"}

# Languages of a session, by the host country's own language.
LOCAL_LANGUAGE = {
    "FR": "fr",
    "BE": "fr",
    "SN": "fr",
    "TN": "fr",
    "MA": "fr",
    "CH": "fr",
    "ES": "es",
    "MX": "es",
    "AR": "es",
    "CL": "es",
    "CO": "es",
    "CR": "es",
    "PA": "es",
    "PY": "es",
    "GT": "es",
    "EE": "et",
    "MO": "zh",
}


# ---------------------------------------------------------------------------------------------
# Sizes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """How much to make for `reports` reports. Sessions, roles and roster rows grow with the
    reports; people too, with a floor so that small archives still have people to share;
    organisations and summits grow up to the size of the real world (2,000 and 50)."""

    reports: int
    people: int
    organizations: int
    summits: int
    sessions: int

    @classmethod
    def for_reports(cls, reports):
        return cls(
            reports=reports,
            people=max(3 * reports, 100),
            organizations=min(2000, max(300, reports // 20)),
            summits=min(50, max(3, reports // 200)),
            sessions=2 * reports,
        )


# ---------------------------------------------------------------------------------------------
# What is generated, and clearing it
# ---------------------------------------------------------------------------------------------


def generated(model):
    """The generated rows of a model with a slug."""
    return model.objects.filter(slug__startswith=PREFIX)


def generated_counts():
    """How many generated records of each slugged kind the database holds."""
    return {
        model._meta.verbose_name_plural: generated(model).count()
        for model in (Report, Delegation, Event, Person, Organization)
    }


def delete_in_chunks(queryset, chunk=5000):
    """Delete a queryset a chunk of primary keys at a time: the deletion collector holds only
    a chunk (and what cascades from it) in memory. The model's own querysets start each
    deletion, so receivers that refresh a parent's search document see that the parent goes too."""
    model = queryset.model
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk):
        model.objects.filter(pk__in=pks[start : start + chunk]).delete()
    return len(pks)


def clear_generated_data(log=None):
    """Delete every generated row, dependants first; real records stay as they are. Returns
    {label: rows deleted} for the slugged models."""
    deleted = {}

    def step(label, count):
        deleted[label] = count
        if log:
            log(f"  cleared {count:,} {label}")

    # Reports take their authors, sections, recommendations, follow-up items and keyword links.
    step("reports", delete_in_chunks(generated(Report)))
    step("delegations", delete_in_chunks(generated(Delegation)))
    # Events: sessions inside sessions first, then the other sessions, then the summits (with
    # their rooms and tracks): `parent`, `summit` and `room` protect what they point at.
    events = generated(Event)
    nested = events.exclude(kind=EventKind.SUMMIT).exclude(parent__kind=EventKind.SUMMIT)
    count = 0
    while nested.exists():
        leaves = nested.exclude(Exists(Event.objects.filter(parent=OuterRef("pk"))))
        count += delete_in_chunks(leaves)
    count += delete_in_chunks(events.exclude(kind=EventKind.SUMMIT))
    count += delete_in_chunks(events)
    step("events", count)
    step("people", delete_in_chunks(generated(Person)))
    # Organisations: units before the bodies they belong to (`parent` protects).
    organizations = generated(Organization)
    count = 0
    while organizations.exists():
        leaves = organizations.exclude(Exists(Organization.objects.filter(parent=OuterRef("pk"))))
        count += delete_in_chunks(leaves)
    step("organisations", count)
    # Keywords are shared by name: only the generator's own words that no report uses any more.
    step(
        "keywords",
        delete_in_chunks(Keyword.objects.filter(name__in=keyword_vocabulary(), reports__isnull=True)),
    )
    return deleted


# ---------------------------------------------------------------------------------------------
# Names that must not be generated
# ---------------------------------------------------------------------------------------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def reserved_name_keys(fixtures=FIXTURES_DIR):
    """Matching keys that generated names must avoid: every name in the demo data set's files
    and of every person and organisation already in the database that was not generated. The
    demo loader and staff match people and organisations by these keys; a generated namesake
    would make a real name ambiguous, or link a real roster row to a generated record."""
    texts = []
    for path in sorted(fixtures.rglob("*.csv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split(","):
                for part in cell.split("|"):
                    texts += [part, part.partition(":")[2]]
    for path in sorted(fixtures.rglob("*.yaml")):
        texts += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    keys = {name_key(text.strip().strip('"')) for text in texts if len(text) < 300}
    real_people = Person.objects.exclude(slug__startswith=PREFIX)
    real_organizations = Organization.objects.exclude(slug__startswith=PREFIX)
    for queryset, fields in [
        (real_people, ["name_zh_key", "name_en_key"]),
        (PersonName.objects.filter(person__in=real_people), ["key"]),
        (real_organizations, ["name_zh_key", "name_en_key"]),
        (OrganizationName.objects.filter(organization__in=real_organizations), ["key"]),
    ]:
        for field in fields:
            keys.update(queryset.values_list(field, flat=True).distinct())
    keys.discard("")
    return keys


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


class Stats:
    """Rows written and seconds spent writing, per table."""

    def __init__(self):
        self.rows = defaultdict(int)
        self.seconds = defaultdict(float)

    def add(self, label, rows, seconds):
        self.rows[label] += rows
        self.seconds[label] += seconds


@dataclass
class Org:
    pk: int
    name_zh: str
    name_en: str
    kind: str
    country: str
    level: int
    group: int  # index of the top-level body
    unit_suffix: str
    weight: int


@dataclass
class SummitInfo:
    pk: int
    slug: str
    title_zh: str
    title_en: str
    country: str
    country_zh: str
    city_en: str
    city_zh: str
    start: datetime.date
    end: datetime.date
    session_ids: list
    role_counts: list  # roles per session, parallel to session_ids
    title_codes: list  # session_titles() of each session, parallel to session_ids


def _parse_units(text):
    """[(zh, en)] of lines "zh: en"."""
    return [
        tuple(part.strip() for part in line.partition(":")[::2]) for line in text.split("\n") if line.strip()
    ]


def _taiwan_bodies():
    """[(fields of the body line, [(unit zh, unit en)])] of TAIWAN_BODIES."""
    bodies = []
    for line in TAIWAN_BODIES.strip("\n").split("\n"):
        if line.startswith(" "):
            bodies[-1][1].extend(_parse_units(line))
        else:
            bodies.append((line.split("|"), []))
    return bodies


def _head_title(unit_name):
    """The title of who heads a body or unit, from how its name ends."""
    if unit_name.endswith("市政府"):
        return "市長"
    if unit_name.endswith("縣政府"):
        return "縣長"
    for suffix, title in [
        ("委員會", "主任委員"),
        ("學院", "院長"),
        ("中心", "主任"),
        ("研究所", "所長"),
        ("學系", "系主任"),
        ("司", "司長"),
        ("處", "處長"),
        ("署", "署長"),
        ("局", "局長"),
        ("科", "科長"),
        ("室", "主任"),
        ("廳", "廳長"),
        ("部", "部長"),
        ("院", "院長"),
        ("會", "主任委員"),
    ]:
        if unit_name.endswith(suffix):
            return title
    return "主任"


class ScaleDataGenerator:
    def __init__(self, reports, seed=1, batch_size=5000, log=None):
        self.size = Size.for_reports(reports)
        self.seed = seed
        self.batch_size = batch_size
        self.log = log or (lambda message: None)
        self.stats = Stats()
        # A chunk of reports is generated and written at a time (about 10 roster rows each).
        self.chunk = max(100, batch_size // 2)

    # -- plumbing ------------------------------------------------------------------------------

    def rng(self, part):
        """The random generator of one part of the archive: parts do not shift one another."""
        return random.Random(f"ogparchive-scale/{self.seed}/{part}")

    def insert(self, model, objects, ids=False):
        """Write unsaved `objects` as new rows; with `ids`, their primary keys are set afterwards.

        bulk_create in batches, except on PostgreSQL, where COPY writes the same values several
        times faster (the ids reserved first from the table's own sequence, so that concurrent
        writers are safe). Like bulk_create, it calls no save() and sends no signals."""
        if not objects:
            return objects
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            for start in range(0, len(objects), self.batch_size):
                copy_rows(model, objects[start : start + self.batch_size], ids)
        else:
            model.objects.bulk_create(objects, batch_size=self.batch_size)
        if settings.DEBUG:
            # With DEBUG on, Django keeps the text of every query: not that of 5,000-row INSERTs.
            reset_queries()
        self.stats.add(model._meta.label, len(objects), time.perf_counter() - started)
        return objects

    def progress(self, label, done, total, started):
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0
        self.log(
            f"  {label}: {done:,}/{total:,} in {elapsed:,.1f} s ({rate:,.0f} {label}/s, with what they hold)"
        )

    @staticmethod
    def with_search_document(record):
        """The search document as save() computes it for a new record, when the model keeps one
        (records whose document also holds related rows are completed by rebuild_search_index)."""
        build = getattr(record, "build_search_document", None)
        if build is not None:
            record.search_document = build()
        return record

    def fresh(self, rng, make, attempts=50):
        """A value of make(rng) whose name keys are not reserved."""
        for _ in range(attempts):
            value = make(rng)
            if not any(name_key(name) in self.reserved for name in value[:2] if name):
                return value
        raise RuntimeError("could not find a name that no real record has")

    # -- the whole ------------------------------------------------------------------------------

    def generate(self):
        """Write the archive. The caller holds the transaction."""
        if not connection.features.can_return_rows_from_bulk_insert:
            raise RuntimeError("generate_demo_data needs a database that returns ids from bulk inserts")
        self.reserved = reserved_name_keys()
        self.language_ids = dict(Language.objects.values_list("code", "pk"))
        self.countries = {}
        for line in COUNTRIES.strip().splitlines():
            code, en, zh, capital_en, capital_zh, zone = line.split("|")
            self.countries[code] = (en, zh, capital_en, capital_zh, zone)
        self.make_keywords()
        self.make_organizations()
        self.make_people()
        self.make_summits()
        self.make_reports()
        return self.stats

    def country_names(self, code):
        """(English, Chinese) name of a country."""
        if code in self.countries:
            return self.countries[code][:2]
        return OTHER_COUNTRIES[code]

    # -- keywords -------------------------------------------------------------------------------

    def make_keywords(self):
        words = keyword_vocabulary()
        existing = set(Keyword.objects.filter(name__in=words).values_list("name", flat=True))
        self.insert(Keyword, [Keyword(name=word) for word in words if word not in existing])
        self.keyword_id = dict(Keyword.objects.filter(name__in=words).values_list("name", "pk"))
        self.keyword_ids = [self.keyword_id[word] for word in words]

    # -- organisations --------------------------------------------------------------------------

    def organization_catalogue(self):
        """Every organisation the generator knows, as (level, parent index, fields, short names),
        parents before their units."""
        entries = []

        def add(level, parent, name_zh, name_en, kind, country, shorts=(), weight=1, unit_suffix=""):
            entries.append(
                {
                    "level": level,
                    "parent": parent,
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "kind": kind,
                    "country": country,
                    "shorts": list(shorts),
                    "weight": weight,
                    "unit_suffix": unit_suffix,
                }
            )
            return len(entries) - 1

        standard = {
            "MINISTRY": MINISTRY_UNITS,
            "COUNCIL": COUNCIL_UNITS,
            "CITY": CITY_UNITS,
            "COUNTY": COUNTY_UNITS,
            "UNIVERSITY": UNIVERSITY_UNITS,
        }
        for fields, own_units in _taiwan_bodies():
            name_zh, name_en = fields[0], fields[1]
            kind_at = next(i for i, value in enumerate(fields) if value in OrganizationKind.values)
            shorts = fields[2:kind_at]
            kind, weight = fields[kind_at], int(fields[kind_at + 1])
            unit_set = fields[kind_at + 2] if len(fields) > kind_at + 2 else ""
            units = own_units + _parse_units(standard.get(unit_set, ""))
            top = add(1, None, name_zh, name_en, kind, "TW", shorts, weight)
            seen = set()
            for unit_zh, unit_en in units:
                if unit_zh in seen:
                    continue
                seen.add(unit_zh)
                unit = add(
                    2, top, name_zh + unit_zh, f"{unit_en}, {name_en}", kind, "TW", unit_suffix=unit_zh
                )
                if unit_set in ("MINISTRY", "COUNCIL") and unit_zh[-1] in "司處署局":
                    for section_zh, section_en in _parse_units(SECTIONS):
                        add(
                            3,
                            unit,
                            name_zh + unit_zh + section_zh,
                            f"{section_en}, {unit_en}, {name_en}",
                            kind,
                            "TW",
                            unit_suffix=section_zh,
                        )
        for line in INTERNATIONAL_BODIES.strip().splitlines():
            name_en, name_zh, kind, short = line.split("|")
            add(1, None, name_zh, name_en, kind, "", [short] if short else [])
        for code, (country_en, country_zh, capital_en, capital_zh, _) in self.countries.items():
            for ministry_en, ministry_zh, _ in FOREIGN_MINISTRIES:
                add(1, None, country_zh + ministry_zh, f"{ministry_en} of {country_en}", "government", code)
            add(1, None, f"{country_zh}國會", f"Parliament of {country_en}", "legislature", code)
            add(1, None, f"{capital_zh}市政府", f"City of {capital_en}", "local_government", code)
            add(1, None, "", f"Open Knowledge {country_en}", "civil_society", code)
            add(1, None, "", f"Code for {country_en}", "civil_society", code)
        return entries

    def make_organizations(self):
        rng = self.rng("organizations")
        catalogue = self.organization_catalogue()
        # Leave out what a real record is called, and every unit of what is left out.
        kept = []
        for index, entry in enumerate(catalogue):
            names = [entry["name_zh"], entry["name_en"]]
            parent_kept = entry["parent"] is None or catalogue[entry["parent"]].get("kept")
            entry["kept"] = parent_kept and not any(name_key(name) in self.reserved for name in names if name)
            entry["shorts"] = [short for short in entry["shorts"] if name_key(short) not in self.reserved]
            if entry["kept"]:
                kept.append(index)
        tops = [i for i in kept if catalogue[i]["level"] == 1]
        taiwan_tops = [i for i in tops if catalogue[i]["country"] == "TW"]
        foreign_tops = [i for i in tops if catalogue[i]["country"] != "TW"]
        target = self.size.organizations
        if target < len(tops):
            foreign_tops = rng.sample(foreign_tops, max(30, target - len(taiwan_tops)))
        chosen = set(taiwan_tops) | set(foreign_tops)
        for level in (2, 3):
            candidates = [
                i for i in kept if catalogue[i]["level"] == level and catalogue[i]["parent"] in chosen
            ]
            rng.shuffle(candidates)
            chosen.update(candidates[: max(0, target - len(chosen))])
        # Written level by level, each in catalogue order, so parents have ids before their units.
        started = time.perf_counter()
        self.orgs = []
        position_of = {}
        for level in (1, 2, 3):
            indexes = [i for i in sorted(chosen) if catalogue[i]["level"] == level]
            objects = []
            for i in indexes:
                entry = catalogue[i]
                name_zh, name_en = clean_text(entry["name_zh"]), clean_text(entry["name_en"])
                parent = entry["parent"]
                objects.append(
                    self.with_search_document(
                        Organization(
                            slug=f"{PREFIX}org-{len(self.orgs) + len(objects) + 1:05d}",
                            name_zh=name_zh,
                            name_en=name_en,
                            name_zh_key=name_key(name_zh),
                            name_en_key=name_key(name_en),
                            kind=entry["kind"],
                            country=entry["country"],
                            parent_id=self.orgs[position_of[parent]].pk if parent is not None else None,
                        )
                    )
                )
            self.insert(Organization, objects, ids=True)
            for i, record in zip(indexes, objects, strict=True):
                entry = catalogue[i]
                position_of[i] = len(self.orgs)
                group = position_of[i] if level == 1 else self.orgs[position_of[entry["parent"]]].group
                self.orgs.append(
                    Org(
                        pk=record.pk,
                        name_zh=record.name_zh,
                        name_en=record.name_en,
                        kind=entry["kind"],
                        country=entry["country"],
                        level=level,
                        group=group,
                        unit_suffix=entry["unit_suffix"],
                        weight=entry["weight"],
                    )
                )
        short_names = []
        for i in sorted(chosen):
            for short in catalogue[i]["shorts"]:
                name = clean_text(short)
                language = NameLanguage.ZH_HANT if not name.isascii() else NameLanguage.EN
                short_names.append(
                    OrganizationName(
                        organization_id=self.orgs[position_of[i]].pk,
                        name=name,
                        key=name_key(name),
                        language=language,
                        kind=NameKind.SHORT,
                    )
                )
        self.insert(OrganizationName, short_names)
        self.progress("organisations", len(self.orgs), len(self.orgs), started)

        # Who belongs where: the bodies of each group, by kind and country.
        self.group_members = defaultdict(list)  # top-level index -> indexes of its orgs
        for index, org in enumerate(self.orgs):
            self.group_members[org.group].append(index)
        self.taiwan_tops = [i for i, org in enumerate(self.orgs) if org.level == 1 and org.country == "TW"]
        self.organising_tops = [i for i in self.taiwan_tops if self.orgs[i].kind in ORGANISING_KINDS]
        self.foreign_orgs = [i for i, org in enumerate(self.orgs) if org.country != "TW"]
        self.foreign_by_country = defaultdict(list)
        for i in self.foreign_orgs:
            self.foreign_by_country[self.orgs[i].country].append(i)

    # -- people ---------------------------------------------------------------------------------

    def make_people(self):
        rng = self.rng("people")
        surnames = SURNAMES.split()
        surname_chars = surnames[0::3]
        surname_roman = dict(zip(surname_chars, surnames[1::3], strict=True))
        surname_weights = list(_cumulative(int(w) for w in surnames[2::3]))
        given = [item.partition(":") for item in GIVEN_CHARACTERS.split()]
        given_chars = [g[0] for g in given]
        given_roman = {g[0]: g[2] for g in given}
        taiwan_count = round(self.size.people * 0.75)
        # Which sector a Taiwanese person works in, then which body (the larger, the likelier).
        kinds = [
            kind for kind in PEOPLE_BY_SECTOR if any(self.orgs[i].kind == kind for i in self.taiwan_tops)
        ]
        kind_weights = list(_cumulative(PEOPLE_BY_SECTOR[kind] for kind in kinds))
        tops_of_kind = {kind: [i for i in self.taiwan_tops if self.orgs[i].kind == kind] for kind in kinds}
        top_weights = {
            kind: list(_cumulative(self.orgs[i].weight * len(self.group_members[i]) for i in tops))
            for kind, tops in tops_of_kind.items()
        }

        def taiwanese(rng):
            surname = rng.choices(surname_chars, cum_weights=surname_weights)[0]
            chars = rng.sample(given_chars, 1 if rng.random() < 0.08 else 2)
            name_zh = surname + "".join(chars)
            syllables = [given_roman[c] for c in chars]
            romanised = syllables[0].capitalize() + "".join("-" + s for s in syllables[1:])
            family = surname_roman[surname]
            name_en = ""
            if rng.random() < 0.33:
                form = rng.random()
                if form < 0.55:
                    name_en = f"{family} {romanised}"
                elif form < 0.85:
                    name_en = f"{romanised} {family}"
                else:
                    name_en = f"{rng.choice(ENGLISH_GIVEN_NAMES)} {family}"
            return name_zh, name_en, family, romanised

        def foreign(rng):
            return "", f"{rng.choice(FOREIGN_GIVEN_NAMES)} {rng.choice(FOREIGN_SURNAMES)}", "", ""

        started = time.perf_counter()
        total = self.size.people
        # What the rest of the generator needs of each person, by index.
        self.person_ids = []
        self.person_name = []  # the name a roster prints
        self.person_name_en = []
        self.person_org = []  # index into self.orgs
        self.person_rank = bytearray()
        self.misprints = {}  # index -> a misspelt name that programmes print
        self.taiwan_people = []
        self.foreign_people = []
        self.people_of_group = defaultdict(list)
        self.people_of_kind = defaultdict(list)
        batch, other_names = [], []
        for index in range(total):
            is_taiwanese = index < taiwan_count
            name_zh, name_en, family, romanised = self.fresh(rng, taiwanese if is_taiwanese else foreign)
            if is_taiwanese:
                kind = kinds[_pick_cumulative(rng, kind_weights)]
                top = tops_of_kind[kind][_pick_cumulative(rng, top_weights[kind])]
                org = rng.choice(self.group_members[top])
                rank = rng.choices(range(4), weights=RANK_WEIGHTS)[0]
                rank = max(rank, self.orgs[org].level - 1)
                self.taiwan_people.append(index)
                self.people_of_group[self.orgs[org].group].append(index)
                self.people_of_kind[self.orgs[org].kind].append(index)
            else:
                org = rng.choice(self.foreign_orgs)
                rank = rng.randrange(len(FOREIGN_TITLES[self.orgs[org].kind]))
                self.foreign_people.append(index)
            self.person_name.append(name_zh or name_en)
            self.person_name_en.append(name_en)
            self.person_org.append(org)
            self.person_rank.append(rank)
            batch.append(
                self.with_search_document(
                    Person(
                        slug=f"{PREFIX}person-{index + 1:06d}",
                        name_zh=name_zh,
                        name_en=name_en,
                        name_zh_key=name_key(name_zh),
                        name_en_key=name_key(name_en),
                    )
                )
            )
            other_names.append(self.other_names_of(rng, index, name_zh, name_en, family, romanised))
            if len(batch) >= self.batch_size or index == total - 1:
                self.insert(Person, batch, ids=True)
                self.person_ids += [person.pk for person in batch]
                names = [
                    PersonName(
                        person_id=person.pk, name=name, key=name_key(name), language=language, kind=kind
                    )
                    for person, names in zip(batch, other_names, strict=True)
                    for name, language, kind in names
                ]
                self.insert(PersonName, names)
                batch, other_names = [], []
        self.progress("people", total, total, started)

    def other_names_of(self, rng, index, name_zh, name_en, family, romanised):
        """(name, language, kind) of the other names of a new person: other spellings and
        orders of a romanised name, a romanisation of a Chinese-only name, a programme's misprint."""
        candidates = []
        draw = rng.random()
        if name_zh and name_en and draw < 0.25:
            if name_en.startswith(family + " "):
                candidates.append((f"{romanised} {family}", NameLanguage.EN, NameKind.ALTERNATE))
            else:
                candidates.append((f"{family} {romanised}", NameLanguage.EN, NameKind.ALTERNATE))
            if rng.random() < 0.4:
                candidates.append(
                    (f"{romanised.replace('-', ' ')} {family}", NameLanguage.EN, NameKind.ROMANISED)
                )
        elif name_zh and not name_en and draw < 0.08:
            candidates.append((f"{family} {romanised}", NameLanguage.EN, NameKind.ROMANISED))
        elif not name_zh and draw < 0.12:
            misprint = _misspell(rng, name_en)
            candidates.append((misprint, NameLanguage.EN, NameKind.MISSPELLING))
            self.misprints[index] = misprint
        names, seen = [], {name_key(name_zh), name_key(name_en)}
        for name, language, kind in candidates:
            key = name_key(name)
            if key and key not in seen and key not in self.reserved:
                seen.add(key)
                names.append((clean_text(name), language, kind))
        return names

    def pick(self, rng, pool):
        """Someone of `pool`, the first ones more often: some people travel and speak a lot."""
        return pool[int(len(pool) * rng.random() ** 1.6)]

    # -- summits, sessions, roles ---------------------------------------------------------------

    def summit_catalogue(self):
        entries = []
        for line in SUMMITS.strip().splitlines():
            series, year, month, day, days, city_en, city_zh, country, zone, venue = line.split("|")
            series, _, detail = series.partition(":")
            title_en, title_zh, weight = SERIES[series]
            year = int(year)
            region_en, region_zh = REGIONS.get(detail, ("", ""))
            n = int(detail) if detail.isdigit() else 0
            values = {"year": year, "region": region_en, "region_zh": region_zh, "n": n, "nth": _ordinal(n)}
            start = datetime.date(year, int(month), int(day))
            entries.append(
                {
                    "series": series,
                    "title_en": title_en.format(**values),
                    "title_zh": title_zh.format(**values),
                    "weight": weight,
                    "start": start,
                    "end": start + datetime.timedelta(days=int(days) - 1),
                    "city_en": city_en,
                    "city_zh": city_zh,
                    "country": country,
                    "zone": zone,
                    "venue": venue,
                }
            )
        return entries

    def make_summits(self):
        rng = self.rng("summits")
        catalogue = self.summit_catalogue()
        chosen = rng.sample(catalogue, min(self.size.summits, len(catalogue)))
        chosen.sort(key=lambda entry: (entry["start"], entry["title_en"]))
        shares = _split(self.size.sessions, [entry["weight"] for entry in chosen])
        summits = []
        for number, entry in enumerate(chosen, start=1):
            summits.append(
                self.with_search_document(
                    Event(
                        kind=EventKind.SUMMIT,
                        slug=f"{PREFIX}{entry['series']}-{entry['start'].year}-{number:02d}",
                        title_en=entry["title_en"],
                        title_zh=entry["title_zh"],
                        description=(
                            f"{entry['title_en']}, hosted in {entry['city_en']}: plenaries, panels, "
                            f"workshops and side events over {(entry['end'] - entry['start']).days + 1} days."
                        ),
                        start_date=entry["start"],
                        end_date=entry["end"],
                        time_zone=entry["zone"],
                        city=entry["city_en"],
                        country=entry["country"],
                        venue=entry["venue"],
                    )
                )
            )
        self.insert(Event, summits, ids=True)
        self.summits = []
        started = time.perf_counter()
        done = 0
        for number, (entry, summit, share) in enumerate(zip(chosen, summits, shares, strict=True)):
            info = SummitInfo(
                pk=summit.pk,
                slug=summit.slug,
                title_zh=summit.title_zh,
                title_en=summit.title_en,
                country=entry["country"],
                country_zh=self.country_names(entry["country"])[1],
                city_en=entry["city_en"],
                city_zh=entry["city_zh"],
                start=entry["start"],
                end=entry["end"],
                session_ids=[],
                role_counts=[],
                title_codes=[],
            )
            self.make_programme(self.rng(f"summits/{number}"), info, entry, share)
            self.summits.append(info)
            done += share
            if number == len(chosen) - 1 or (number + 1) % max(1, len(chosen) // 10) == 0:
                self.progress("sessions", done, self.size.sessions, started)

    def make_programme(self, rng, summit, entry, count):
        """A summit's rooms, tracks, `count` sessions (a few split into parts printed under them)
        and their roles."""
        zone = zoneinfo.ZoneInfo(entry["zone"])
        days = (summit.end - summit.start).days + 1
        # The timetable: room after room, each day, sessions one after another from 08:30 to 18:00,
        # as many rooms as it takes.
        slots, room_count = [], 0
        while len(slots) < count or room_count < 4:
            room_count += 1
            for day in range(days):
                minute = 8 * 60 + 30 + 15 * rng.randrange(3)
                while minute < 18 * 60 and len(slots) < count:
                    duration = rng.choice((30, 45, 60, 60, 75, 90))
                    slots.append((day, minute, duration, room_count - 1))
                    minute += duration + 15
        slots.sort()
        rooms = [
            Room(
                summit_id=summit.pk,
                slug=f"room-{position:03d}",
                venue=entry["venue"]
                if position <= max(1, room_count * 3 // 4)
                else f"{entry['city_en']} Centre",
                name=_room_name(position),
                position=position,
            )
            for position in range(1, room_count + 1)
        ]
        self.insert(Room, rooms, ids=True)
        local = LOCAL_LANGUAGE.get(summit.country)
        self.insert(
            Room.languages.through,
            [
                Room.languages.through(room_id=room.pk, language_id=self.language_ids[code])
                for room in rooms[:3]
                for code in dict.fromkeys(["en", local or "fr", "es"])
                if code in self.language_ids
            ],
        )
        tracks = [
            Track(
                summit_id=summit.pk,
                slug=slugify(name_en),
                name_en=name_en if rng.random() < 0.8 else "",
                name_zh=name_zh,
                position=position,
            )
            for position, (name_en, name_zh) in enumerate(rng.sample(TRACKS, rng.randint(6, 12)), start=1)
        ]
        self.insert(Track, tracks, ids=True)

        sessions, parts, codes, part_codes = [], [], [], []  # parts: (part, the session it is printed under)
        for day, minute, duration, room_index in slots:
            if len(sessions) + len(parts) >= count:
                break
            position = len(sessions) + len(parts) + 1
            session, code = self.session(rng, summit, entry, zone, tracks, position, day, minute, duration)
            codes.append(code)
            session.room_id = rooms[room_index].pk if session.start_date and rng.random() < 0.95 else None
            sessions.append(session)
            if duration >= 60 and session.starts_at and rng.random() < 0.1:
                for number in range(1, min(rng.randint(2, 3), count - len(sessions) - len(parts)) + 1):
                    parts.append((self.part(rng, session, number, position + number, zone), session))
                    part_codes.append(code + number)
        self.insert(Event, sessions, ids=True)
        for part, session in parts:
            part.parent_id = session.pk
        self.insert(Event, [part for part, _ in parts], ids=True)
        programme = sessions + [part for part, _ in parts]
        summit.title_codes += codes + part_codes

        self.insert(
            Event.tracks.through,
            [
                Event.tracks.through(event_id=event.pk, track_id=track.pk)
                for event in programme
                for track in self.pick_tracks(rng, tracks)
            ],
        )
        self.insert(
            Event.languages.through,
            [
                Event.languages.through(event_id=event.pk, language_id=self.language_ids[code])
                for event in programme
                for code in self.pick_languages(rng, local)
            ],
        )
        roles = []
        for event in programme:
            summit.session_ids.append(event.pk)
            summit.role_counts.append(self.roles_of(rng, event, summit, roles))
            if len(roles) >= self.batch_size:
                self.insert(SessionRole, roles)
                roles = []
        self.insert(SessionRole, roles)

    def pick_tracks(self, rng, tracks):
        draw = rng.random()
        return rng.sample(tracks, 2) if draw < 0.15 else [rng.choice(tracks)] if draw < 0.85 else []

    def pick_languages(self, rng, local):
        draw = rng.random()
        if draw < 0.8:
            languages = ["en"]
        elif draw < 0.9 and local:
            languages = ["en", local]
        elif draw < 0.95:
            languages = ["en", "fr", "es"]
        else:
            languages = []
        return [code for code in dict.fromkeys(languages) if code in self.language_ids]

    def part(self, rng, session, number, position, zone):
        """A part of a session printed under it: twenty minutes of its time, same room."""
        starts_at = session.starts_at + datetime.timedelta(minutes=20 * (number - 1))
        return self.with_search_document(
            Event(
                kind=EventKind.SESSION,
                summit_id=session.summit_id,
                slug=f"{session.slug.rsplit('-', 1)[0]}-{position:05d}",
                title_en=f"{session.title_en} – Part {number}",  # as session_titles() gives it
                format=rng.choice([SessionFormat.PITCH, SessionFormat.PANEL, ""]),
                start_date=session.start_date,
                end_date=session.end_date,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=20),
                time_zone=session.time_zone,
                room_id=session.room_id,
                position=position,
            )
        )

    def session(self, rng, summit, entry, zone, tracks, position, day, minute, duration):
        prefix = rng.randrange(len(SESSION_PREFIXES))
        code = _title_code(prefix, rng.randrange(len(SESSION_TOPICS)), rng.randrange(len(SESSION_SUBTITLES)))
        code = code * 2 + (rng.random() < 0.35)
        title_zh, title_en = session_titles(code * 4)
        date = summit.start + datetime.timedelta(days=day)
        starts_at = ends_at = None
        time_as_printed = ""
        draw = rng.random()
        if draw < 0.01:
            # The programme prints a time but no day.
            date = None
            time_as_printed = f"{_clock(minute)}–{_clock(minute + duration)}"
        elif draw >= 0.03:  # else a day and no time
            local = datetime.datetime.combine(date, datetime.time(minute // 60, minute % 60), tzinfo=zone)
            starts_at = local.astimezone(UTC)
            # A fifth of the programme prints the start only.
            if draw >= 0.23:
                ends_at = (local + datetime.timedelta(minutes=duration)).astimezone(UTC)
        return self.with_search_document(
            Event(
                kind=EventKind.SIDE_EVENT if rng.random() < 0.05 else EventKind.SESSION,
                parent_id=summit.pk,
                summit_id=summit.pk,
                slug=f"{summit.slug}-{position:05d}",
                title_en=title_en,
                title_zh=title_zh,
                description=rng.choice(SESSION_DESCRIPTIONS) if rng.random() < 0.4 else "",
                format=SESSION_PREFIXES[prefix][2] or _weighted(rng, SESSION_FORMATS),
                start_date=date,
                end_date=date,
                starts_at=starts_at,
                ends_at=ends_at,
                time_as_printed=time_as_printed,
                time_zone=entry["zone"],
                position=position,
            )
        ), code * 4

    def roles_of(self, rng, event, summit, roles):
        """Append an event's roles to `roles`; how many."""
        count = rng.choices((1, 2, 3, 4, 5, 6), weights=(15, 20, 30, 20, 10, 5))[0]
        host_orgs = self.foreign_by_country.get(summit.country) or self.foreign_orgs
        for order in range(1, count + 1):
            note = rng.choice(ROLE_NOTES) if rng.random() < 0.03 else ""
            if order == 1 and rng.random() < 0.15:
                org = self.orgs[rng.choice(host_orgs if rng.random() < 0.5 else self.foreign_orgs)]
                roles.append(
                    SessionRole(
                        event_id=event.pk,
                        role=SessionRoleKind.ORGANISER,
                        order=order,
                        organization_id=org.pk,
                        name_as_printed=org.name_en or org.name_zh,
                        note=note,
                    )
                )
                continue
            if order == 1 and rng.random() < 0.4:
                role = SessionRoleKind.MODERATOR
            else:
                role = SessionRoleKind.SPEAKER if rng.random() < 0.95 else SessionRoleKind.CHAIR
            taiwanese = rng.random() < 0.2 and self.taiwan_people
            person = self.pick(rng, self.taiwan_people if taiwanese else self.foreign_people)
            roles.append(self.role_of(rng, event.pk, person, role, order, note))
        return count

    def role_of(self, rng, event_id, person, role, order, note=""):
        org = self.orgs[self.person_org[person]]
        if org.country == "TW":
            name = self.person_name_en[person] if self.person_name_en[person] and rng.random() < 0.7 else ""
            name = name or self.person_name[person]
            title = self.title_of(rng, person, self.rank_of(rng, person))
            affiliation = f"{org.name_zh}{title}" if rng.random() < 0.6 else org.name_en or org.name_zh
        else:
            name = self.misprints.get(person) if rng.random() < 0.3 else None
            name = name or self.person_name_en[person]
            title_en, title_zh = FOREIGN_TITLES[org.kind][self.person_rank[person]]
            draw = rng.random()
            if draw < 0.3:
                affiliation = ""
            elif draw < 0.5 and org.name_zh:
                affiliation = f"{org.name_zh}{title_zh}"
            else:
                affiliation = f"{title_en}, {org.name_en}" if draw < 0.8 else org.name_en
        return SessionRole(
            event_id=event_id,
            role=role,
            order=order,
            person_id=self.person_ids[person],
            organization_id=org.pk if rng.random() < 0.5 else None,
            name_as_printed=name,
            affiliation_as_printed=affiliation,
            note=note,
        )

    def rank_of(self, rng, person):
        """The rank a Taiwanese person holds on one appearance: theirs, now and then one up
        (acting, or promoted by then); 0 heads a body, 3 is staff."""
        rank = self.person_rank[person]
        if rank >= 2 and rng.random() < 0.15:
            rank -= 1
        return max(rank, self.orgs[self.person_org[person]].level - 1)

    def title_of(self, rng, person, rank):
        """A title of `rank` that fits the person's body or unit (a 處 has a 處長, a 部 a 部長)."""
        org = self.orgs[self.person_org[person]]
        if org.kind in ("government", "control", "local_government"):
            if org.level == 1:
                head = HEADS.get(org.name_zh) or _head_title(org.name_zh)
                if rank == 0:
                    return head
                if rank == 1:
                    deputies = ["政務次長", "常務次長"] if org.name_zh.endswith("部") else ["副" + head]
                    return rng.choice([*deputies, *deputies, "主任秘書", "參事"])
            else:
                head = _head_title(org.unit_suffix)
                if rank == org.level - 1:
                    return head
                if rank == org.level and org.level == 2 and rng.random() < 0.3:
                    return "副" + head
        elif org.kind == "academia" and org.level > 1 and rank == 1:
            return _head_title(org.unit_suffix)
        return rng.choice(TITLES[org.kind][rank])

    # -- delegations and reports ----------------------------------------------------------------

    def make_reports(self):
        started = time.perf_counter()
        total = self.size.reports
        cities = [(code, values) for code, values in self.countries.items() if code not in ("TW",)]
        self.cities = cities
        self.group_weights = list(_cumulative(self.orgs[i].weight for i in self.organising_tops))
        for start in range(0, total, self.chunk):
            rng = self.rng(f"reports/{start}")
            self.make_report_chunk(rng, range(start, min(total, start + self.chunk)))
            done = min(total, start + self.chunk)
            if done == total or (done // self.chunk) % max(1, total // self.chunk // 10) == 0:
                self.progress("reports", done, total, started)

    def make_report_chunk(self, rng, indexes):
        plans = [self.plan_delegation(rng, index) for index in indexes]
        delegations = [plan["delegation"] for plan in plans]
        self.insert(Delegation, delegations, ids=True)
        destinations, links, members, extra_roles = [], [], [], []
        for plan, delegation in zip(plans, delegations, strict=True):
            for order, (code, city, as_printed) in enumerate(plan["destinations"], start=1):
                destinations.append(
                    Destination(
                        delegation_id=delegation.pk,
                        order=order,
                        country=code,
                        city=city,
                        as_printed=as_printed,
                    )
                )
            for event_id in plan["events"]:
                links.append(DelegationEvent(delegation_id=delegation.pk, event_id=event_id))
            for member in plan["members"]:
                member.delegation_id = delegation.pk
                members.append(member)
            extra_roles += plan["roles"]
        self.insert(Destination, destinations)
        self.insert(DelegationEvent, links)
        self.insert(DelegationMember, members)
        self.insert(SessionRole, extra_roles)

        reports = []
        for plan, delegation in zip(plans, delegations, strict=True):
            plan["report"].delegation_id = delegation.pk
            reports.append(plan["report"])
        self.insert(Report, reports, ids=True)
        authors, sections, recommendations, follow_ups, keyword_links = [], [], [], [], []
        for plan, report in zip(plans, reports, strict=True):
            for item in plan["authors"]:
                item.report_id = report.pk
                authors.append(item)
            for item in plan["sections"]:
                item.report_id = report.pk
                sections.append(item)
            for item in plan["recommendations"]:
                item.report_id = report.pk
                recommendations.append(item)
            for item in plan["follow_ups"]:
                item.report_id = report.pk
                follow_ups.append(item)
            for keyword_id in plan["keywords"]:
                keyword_links.append(Report.keywords.through(report_id=report.pk, keyword_id=keyword_id))
        self.insert(ReportAuthor, authors)
        self.insert(ReportSection, sections)
        self.insert(Recommendation, recommendations)
        self.insert(FollowUpItem, follow_ups)
        self.insert(Report.keywords.through, keyword_links)

    def plan_delegation(self, rng, index):
        """One delegation and its report, as unsaved records plus what links them."""
        agency_index = self.organising_tops[_pick_cumulative(rng, self.group_weights)]
        agency = self.orgs[agency_index]
        summit = (
            self.summits[rng.randrange(len(self.summits))] if rng.random() < 0.3 and self.summits else None
        )
        topic_zh, topic_en, topic_keywords = rng.choice(SUMMIT_TOPICS if summit else TOPICS)
        events, roles, attended = [], [], []
        if summit:
            departure = summit.start - datetime.timedelta(days=rng.randint(1, 2))
            return_date = summit.end + datetime.timedelta(days=rng.randint(1, 3))
            destinations = [(summit.country, summit.city_en, f"{summit.country_zh}{summit.city_zh}")]
            if rng.random() < 0.2:
                destinations.append(self.destination(rng, exclude=summit.country))
            attended = sorted(
                rng.sample(range(len(summit.session_ids)), min(len(summit.session_ids), rng.randint(0, 6)))
            )
            events = [summit.pk, *(summit.session_ids[i] for i in attended)]
            place_zh = f"{summit.country_zh}{summit.city_zh}"
            country_zh = summit.country_zh
            event_name = summit.title_zh
            title = rng.choice(SUMMIT_PLAN_TITLES).format(summit=summit.title_zh, country=country_zh)
            title_en = f"Attending the {summit.title_en}" if rng.random() < 0.4 else ""
            category, category_detail = ReportCategory.OTHER, rng.choice(["出席會議", "會議", "國際會議"])
            foreign_country = self.country_names(summit.country)[0]
        else:
            day = rng.randrange((LAST_DEPARTURE - FIRST_DEPARTURE).days)
            departure = FIRST_DEPARTURE + datetime.timedelta(days=day)
            return_date = departure + datetime.timedelta(days=rng.randint(3, 13))
            destinations = [self.destination(rng)]
            if rng.random() < 0.3:
                destinations.append(self.destination(rng, exclude=destinations[0][0]))
            code = destinations[0][0]
            country_en, country_zh = self.countries[code][0], self.countries[code][1]
            place_zh = destinations[0][2]
            event_name = f"{topic_zh}國際研討會"
            template, category, category_detail = rng.choice(PLAN_TITLES)
            title = template.format(dest=place_zh, topic=topic_zh, country=country_zh, year=departure.year)
            title_en = (
                f"Study visit to {destinations[0][1]}, {country_en}: {topic_en}"
                if rng.random() < 0.25
                else ""
            )
            foreign_country = country_en
        members, persons, contact = self.roster(rng, agency_index, summit is not None)
        # A tenth of summit delegations had a speaker: the head, in one attended session.
        if summit and attended and rng.random() < 0.1:
            position = attended[0]
            summit.role_counts[position] += 1
            roles.append(
                self.role_of(
                    rng, events[1], persons[0], SessionRoleKind.SPEAKER, summit.role_counts[position]
                )
            )
        report_date = min(LAST_DAY, return_date + datetime.timedelta(days=rng.randint(10, 90)))
        delegation = Delegation(
            slug=f"{PREFIX}delegation-{index + 1:06d}",
            title=title,
            title_en=title_en,
            organising_agency_id=agency.pk,
            contact_person_id=contact.person_id if contact else None,
            contact_phone=f"(02){rng.randint(2000, 2999)}-{rng.randint(0, 9999):04d}" if contact else "",
            departure_date=departure,
            return_date=return_date,
        )
        host = self.orgs[rng.choice(self.foreign_by_country.get(destinations[0][0]) or self.foreign_orgs)]
        context = {
            "topic": topic_zh,
            "topic_en": topic_en,
            "country": country_zh,
            "place": place_zh,
            "agency": agency.name_zh or agency.name_en,
            "event": event_name,
            "trip": "出國考察" if not summit else "出席會議",
            "year": departure.year,
            "org": host.name_zh or host.name_en,
            "speaker": self.person_name_en[self.pick(rng, self.foreign_people)]
            if self.foreign_people
            else "",
            "count": rng.randint(30, 120),
            "people": rng.choice([500, 800, 1000, 1500, 2000, 2500]),
            "track": "、".join(rng.sample([zh for _, zh in TRACKS], 3)),
            "foreign_country": foreign_country,
            "decks": {},
        }
        report = self.report(
            rng, index, agency_index, title, title_en, category, category_detail, report_date, context
        )
        authors = [
            ReportAuthor(
                order=order,
                person_id=member.person_id,
                title=member.title,
                organization_id=member.organization_id,
            )
            for order, member in enumerate(members[: rng.choice((1, 1, 2, 2, 3, 4))], start=1)
        ]
        return {
            "delegation": delegation,
            "destinations": destinations,
            "events": events,
            "members": members,
            "roles": roles,
            "report": report,
            "authors": authors,
            "sections": self.sections(rng, context, summit, attended),
            "recommendations": self.recommendations(rng, context, report_date),
            "follow_ups": self.follow_ups(rng, context, report_date),
            "keywords": self.keywords_of(rng, topic_keywords, summit),
        }

    def keywords_of(self, rng, topic_keywords, summit):
        """3-8 keywords: the topic's, the summit's, and others from the vocabulary."""
        words = topic_keywords.split()
        if summit:
            words += rng.sample(SUMMIT_KEYWORDS, 2)
        ids = list(dict.fromkeys(self.keyword_id[word] for word in words if word in self.keyword_id))
        wanted = rng.randint(3, 8)
        while len(ids) < wanted:
            keyword_id = rng.choice(self.keyword_ids)
            if keyword_id not in ids:
                ids.append(keyword_id)
        return ids[:wanted]

    def destination(self, rng, exclude=None):
        code, (_, country_zh, city_en, city_zh, _) = rng.choice(self.cities)
        if code == exclude:
            code, (_, country_zh, city_en, city_zh, _) = rng.choice(self.cities)
        as_printed = country_zh if city_zh == country_zh else f"{country_zh}{city_zh}"
        return code, city_en, as_printed

    def roster(self, rng, agency_index, at_summit):
        """A delegation's roster rows in printed order (most senior first) and its contact row."""
        size = min(25, max(3, round(rng.lognormvariate(math.log(9.2), 0.42))))
        own = self.people_of_group.get(agency_index, [])
        own_share = 0.5 if at_summit else 0.65
        others = [
            (self.people_of_kind.get("government", []), 45),
            (self.people_of_kind.get("local_government", []), 10),
            (self.people_of_kind.get("civil_society", []), 25 if at_summit else 10),
            (self.people_of_kind.get("academia", []), 15),
            (self.people_of_kind.get("legislature", []), 3),
            (self.people_of_kind.get("control", []), 3),
            (self.people_of_kind.get("media", []), 4),
            (self.people_of_kind.get("company", []), 4),
        ]
        others = [(pool, weight) for pool, weight in others if pool]
        chosen, seen = [], set()
        attempts = heads = 0
        while len(chosen) < size:
            attempts += 1
            if attempts > 200:
                # A small archive: anyone not on the roster yet.
                person = next(p for p in self.taiwan_people if p not in seen)
            elif own and len(chosen) < size * own_share:
                person = self.pick(rng, own)
            else:
                pool = rng.choices([pool for pool, _ in others], weights=[w for _, w in others])[0]
                person = self.pick(rng, pool)
            if person in seen or (self.person_rank[person] == 0 and heads and attempts <= 200):
                continue  # one head of a body on a roster at most
            seen.add(person)
            heads += self.person_rank[person] == 0
            chosen.append(person)
        chosen.sort(key=lambda person: (self.person_rank[person], self.orgs[self.person_org[person]].level))
        members = []
        for order, person in enumerate(chosen, start=1):
            org = self.orgs[self.person_org[person]]
            rank = self.rank_of(rng, person)
            title = self.title_of(rng, person, rank) if rng.random() < 0.97 else ""
            grade = ""
            if org.kind in ("government", "control", "local_government") and rng.random() < 0.5:
                grade = rng.choice(GRADES[rank])
            member = DelegationMember(
                order=order,
                person_id=self.person_ids[person],
                name_as_printed=self.person_name[person],
                organization_id=org.pk,
                organization_as_printed=org.name_zh or org.name_en,
                title=title,
                grade=grade,
                role=MemberRole.HEAD if order == 1 else MemberRole.MEMBER,
                sector=SECTOR_OF_KIND.get(org.kind, ""),
            )
            members.append(member)
        contact = None
        if len(members) > 2 and rng.random() < 0.9:
            position = len(members) - 1 if rng.random() < 0.5 else rng.randrange(1, len(members))
            contact = members[position]
            contact.role = MemberRole.CONTACT
            contact.phone = f"(02){rng.randint(2000, 2999)}-{rng.randint(0, 9999):04d}"
            # From the person's number, as the slug: never from a database id.
            contact.email = f"contact-{chosen[position] + 1:06d}@example.org"
        for member in members[1:]:
            if member.role == MemberRole.MEMBER and rng.random() < 0.05:
                member.role = rng.choice([MemberRole.STAFF, MemberRole.SPEAKER])
        return members, chosen, contact

    def report(
        self, rng, index, agency_index, title, title_en, category, category_detail, report_date, context
    ):
        agency = self.orgs[agency_index]
        if rng.random() < 0.15 and len(self.group_members[agency_index]) > 1:
            agency = self.orgs[rng.choice(self.group_members[agency_index][1:])]
        draw = rng.random()
        status = (
            PublicationStatus.PUBLISHED
            if draw < 0.95
            else PublicationStatus.DRAFT
            if draw < 0.975
            else PublicationStatus.IN_REVIEW
        )
        changed_day = min(LAST_DAY, report_date + datetime.timedelta(days=rng.randint(1, 60)))
        changed_at = datetime.datetime.combine(
            changed_day, datetime.time(rng.randint(9, 17), rng.randrange(60)), tzinfo=TAIPEI
        ).astimezone(UTC)
        roc_year = report_date.year - 1911
        system_id = f"G{roc_year:03d}{index + 1:06d}"
        if rng.random() < 0.2:
            title = f"{title}報告"
        return Report(
            slug=f"{PREFIX}report-{index + 1:06d}",
            title=title,
            title_en=title_en,
            category=category,
            category_detail=category_detail,
            agency_id=agency.pk,
            report_date=report_date,
            report_date_precision=DatePrecision.DAY if rng.random() < 0.85 else DatePrecision.MONTH,
            pages=min(400, max(4, round(rng.lognormvariate(math.log(35), 0.6)))),
            pages_note="含附錄" if rng.random() < 0.4 else "",
            classification=rng.choice(CLASSIFICATIONS) if rng.random() < 0.3 else "",
            abstract=self.abstract(rng, context),
            system_id=system_id,
            portal_url=f"https://report.nat.gov.tw/ReportFront/ReportDetail/detail?sysId={system_id}",
            access_level=AccessLevel.PUBLIC if rng.random() < 0.97 else AccessLevel.RESTRICTED,
            cost=rng.randrange(30, 1500) * 1000 if rng.random() < 0.6 else None,
            sponsor=rng.choice(SPONSORS) if rng.random() < 0.1 else "",
            status=status,
            status_changed_at=changed_at,
            published_at=changed_at if status == PublicationStatus.PUBLISHED else None,
        )

    def paragraph(self, rng, sentences, count, context):
        """`count` sentences of `sentences`, dealt from a deck shuffled once per report so that a
        report repeats itself only when the deck runs out."""
        deck = context["decks"].setdefault(id(sentences), [])
        text = []
        for _ in range(count):
            if not deck:
                deck.extend(rng.sample(sentences, len(sentences)))
            text.append(deck.pop().format(**context))
        return "".join(text)

    def abstract(self, rng, context):
        paragraphs = [
            self.paragraph(rng, PURPOSE_SENTENCES, rng.randint(1, 2), context),
            self.paragraph(rng, BODY_SENTENCES, rng.randint(1, 3), context),
            f"This report summarises the delegation's findings on {context['topic_en']} "
            f"in {context['foreign_country']}.",
        ]
        return "\n\n".join(paragraphs)

    def body(self, rng, sentences, low, high, context):
        count = rng.randint(low, high)
        paragraphs, done = [], 0
        while done < count:
            take = min(count - done, rng.randint(2, 3))
            paragraphs.append(self.paragraph(rng, sentences, take, context))
            done += take
        return "\n\n".join(paragraphs)

    def sections(self, rng, context, summit, attended):
        """4-8 sections: 目的, 過程 with its parts (at a summit, the sessions attended, headed as
        the real reports head them: 中文標題(English title)), 心得及建議, sometimes 附錄."""
        parts = rng.randint(1, 4)
        appendix = rng.random() < 0.5
        headings = [("目的", 1, self.body(rng, PURPOSE_SENTENCES, 2, 5, context))]
        headings.append(
            ("過程", 1, "" if rng.random() < 0.5 else self.body(rng, BODY_SENTENCES, 1, 2, context))
        )
        for part in range(parts):
            if summit and part < len(attended):
                title_zh, title_en = session_titles(summit.title_codes[attended[part]])
                heading = f"{title_zh}({title_en})" if title_zh else title_en
            else:
                heading = rng.choice(SUB_HEADINGS).format(**context)
            headings.append((heading, 2, self.body(rng, BODY_SENTENCES, 3, 8, context)))
        headings.append(("心得及建議", 1, self.body(rng, REFLECTION_SENTENCES, 2, 5, context)))
        if appendix:
            headings.append(("附錄", 1, "附錄一 議程\n附錄二 團員名單"))
        sections, level1, level2 = [], 0, 0
        for order, (heading, level, body) in enumerate(headings, start=1):
            if level == 1:
                number, level1, level2 = NUMBERS_1[level1], level1 + 1, 0
            else:
                number, level2 = NUMBERS_2[level2], level2 + 1
            sections.append(
                ReportSection(order=order, number=number, heading=heading, level=level, body=body)
            )
        return sections

    def follow_up_status(self, rng, report_date):
        if (LAST_DAY - report_date).days > 730:
            choices = [
                (FollowUpStatus.DONE, 40),
                (FollowUpStatus.IN_PROGRESS, 25),
                (FollowUpStatus.NOT_ADOPTED, 10),
                (FollowUpStatus.PROPOSED, 25),
            ]
        else:
            choices = [
                (FollowUpStatus.PROPOSED, 60),
                (FollowUpStatus.IN_PROGRESS, 35),
                (FollowUpStatus.DONE, 5),
            ]
        return _weighted(rng, choices)

    def status_note(self, rng, context, status):
        if status == FollowUpStatus.PROPOSED or rng.random() < 0.8:
            return ""
        return rng.choice(STATUS_NOTES).format(year=context["year"] + 1)

    def recommendations(self, rng, context, report_date):
        texts = rng.sample(RECOMMENDATIONS, rng.randint(2, 5))
        items = []
        for order, text in enumerate(texts, start=1):
            status = self.follow_up_status(rng, report_date)
            items.append(
                Recommendation(
                    order=order,
                    text=text.format(**context),
                    status=status,
                    status_note=self.status_note(rng, context, status),
                )
            )
        return items

    def follow_ups(self, rng, context, report_date):
        texts = rng.sample(FOLLOW_UPS, rng.choice((0, 1, 1, 2, 2, 3)))
        items = []
        for order, text in enumerate(texts, start=1):
            status = self.follow_up_status(rng, report_date)
            items.append(
                FollowUpItem(
                    order=order,
                    text=text.format(**context),
                    status=status,
                    status_note=self.status_note(rng, context, status),
                )
            )
        return items


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _cumulative(weights):
    total = 0
    for weight in weights:
        total += weight
        yield total


def _pick_cumulative(rng, cumulative):
    """The index drawn from cumulative weights."""
    target = rng.random() * cumulative[-1]
    low, high = 0, len(cumulative) - 1
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] > target:
            high = middle
        else:
            low = middle + 1
    return low


def _weighted(rng, choices):
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _split(total, weights):
    """`total` split in proportion to `weights`, the parts adding up to `total` exactly."""
    whole = sum(weights)
    parts = [total * weight // whole for weight in weights]
    for i in range(total - sum(parts)):
        parts[i % len(parts)] += 1
    return parts


def _title_code(prefix, topic, subtitle):
    return (prefix * len(SESSION_TOPICS) + topic) * len(SESSION_SUBTITLES) + subtitle


def session_titles(code):
    """(Chinese, English) title of a generated session from its code: which prefix, topic and
    subtitle, whether it has a Chinese title, and which part (0 for the whole session). The
    generator keeps these small numbers, not 200,000 titles, to put attended sessions in reports."""
    code, part = divmod(code, 4)
    code, has_zh = divmod(code, 2)
    code, subtitle = divmod(code, len(SESSION_SUBTITLES))
    prefix, topic = divmod(code, len(SESSION_TOPICS))
    prefix_en, prefix_zh, _ = SESSION_PREFIXES[prefix]
    topic_en, topic_zh = SESSION_TOPICS[topic]
    subtitle_en, subtitle_zh = SESSION_SUBTITLES[subtitle]
    title_en = f"{prefix_en}{topic_en}: {subtitle_en}"
    if part:
        return "", f"{title_en} – Part {part}"
    return (f"{prefix_zh}{topic_zh}：{subtitle_zh}" if has_zh else ""), title_en


def _clock(minute):
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _room_name(position):
    """Plenary Hall, Main Auditorium, then numbered rooms and halls."""
    base = ROOM_NAMES[(position - 1) % len(ROOM_NAMES)]
    return base if position <= 2 else f"{base} {position}"


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _misspell(rng, name):
    """A misprint of a name as programmes make them: a letter dropped, doubled or swapped."""
    letters = list(name)
    positions = [i for i in range(1, len(letters) - 1) if letters[i].isalpha() and letters[i - 1].isalpha()]
    if not positions:
        return name + "e"
    i = rng.choice(positions)
    kind = rng.randrange(3)
    if kind == 0:
        del letters[i]
    elif kind == 1:
        letters.insert(i, letters[i])
    else:
        letters[i - 1], letters[i] = letters[i], letters[i - 1]
    return "".join(letters)
