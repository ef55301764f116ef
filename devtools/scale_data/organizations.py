"""Organisations: Taiwanese bodies with their units and sections, international bodies, and
in every country of COUNTRIES its ministries, parliament, capital and civil society."""

import time
from collections import defaultdict
from dataclasses import dataclass

from core.names import organisation_keys
from core.text import clean_text, name_key
from people.models import (
    NameKind,
    NameLanguage,
    Organization,
    OrganizationKey,
    OrganizationKind,
    OrganizationName,
)

from .generated import PREFIX
from .words import (
    CITY_UNITS,
    COUNCIL_UNITS,
    COUNTY_UNITS,
    FOREIGN_MINISTRIES,
    INTERNATIONAL_BODIES,
    MINISTRY_UNITS,
    SECTIONS,
    TAIWAN_BODIES,
    UNIVERSITY_UNITS,
)

# Kinds whose top-level bodies organise delegations and file reports.
ORGANISING_KINDS = {"government", "local_government", "control", "legislature"}


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


class OrganizationsMixin:
    """The organisations part of ScaleDataGenerator (generator.py)."""

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
        # The matching keys save() would make (people.models.refresh_keys), in bulk.
        names_of = defaultdict(list)
        for short in short_names:
            names_of[short.organization_id].append(short.name)
        self.insert(
            OrganizationKey,
            [
                OrganizationKey(organization_id=org.pk, key=key)
                for org in self.orgs
                for key in sorted(organisation_keys([org.name_zh, org.name_en, *names_of[org.pk]]))
            ],
        )
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
