"""People: Taiwanese names from surnames and given-name characters (some with a romanised or
English name, some with other names), people abroad, where they work and what they are called
on each appearance (their rank and title)."""

import time
from collections import defaultdict

from core.names import person_keys
from core.text import clean_text, name_key
from people.models import NameKind, NameLanguage, Person, PersonKey, PersonName

from .draws import cumulative, pick_cumulative
from .generated import PREFIX
from .words import (
    ENGLISH_GIVEN_NAMES,
    FOREIGN_GIVEN_NAMES,
    FOREIGN_SURNAMES,
    FOREIGN_TITLES,
    GIVEN_CHARACTERS,
    HEADS,
    SURNAMES,
    TITLES,
)

# How many Taiwanese people of each rank (0 heads a body … 3 staff), per cent.
RANK_WEIGHTS = (1, 6, 28, 65)
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


class PeopleMixin:
    """The people part of ScaleDataGenerator (generator.py)."""

    def make_people(self):
        rng = self.rng("people")
        surnames = SURNAMES.split()
        surname_chars = surnames[0::3]
        surname_roman = dict(zip(surname_chars, surnames[1::3], strict=True))
        surname_weights = list(cumulative(int(w) for w in surnames[2::3]))
        given = [item.partition(":") for item in GIVEN_CHARACTERS.split()]
        given_chars = [g[0] for g in given]
        given_roman = {g[0]: g[2] for g in given}
        taiwan_count = round(self.size.people * 0.75)
        # Which sector a Taiwanese person works in, then which body (the larger, the likelier).
        kinds = [
            kind for kind in PEOPLE_BY_SECTOR if any(self.orgs[i].kind == kind for i in self.taiwan_tops)
        ]
        kind_weights = list(cumulative(PEOPLE_BY_SECTOR[kind] for kind in kinds))
        tops_of_kind = {kind: [i for i in self.taiwan_tops if self.orgs[i].kind == kind] for kind in kinds}
        top_weights = {
            kind: list(cumulative(self.orgs[i].weight * len(self.group_members[i]) for i in tops))
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
                kind = kinds[pick_cumulative(rng, kind_weights)]
                top = tops_of_kind[kind][pick_cumulative(rng, top_weights[kind])]
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
                # The matching keys save() would make (people.models.refresh_keys), written
                # in bulk here: the possible-duplicates list and the name search read them.
                keys = [
                    PersonKey(person_id=person.pk, key=key)
                    for person, names in zip(batch, other_names, strict=True)
                    for key in sorted(person_keys([person.name_zh, person.name_en, *(n[0] for n in names)]))
                ]
                self.insert(PersonKey, keys)
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
