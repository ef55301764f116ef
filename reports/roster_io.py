"""A delegation's roster (團員名單) in and out as a spreadsheet.

Columns, found by header in any order (Chinese as the reports print them, or English):

    單位 organization · 姓名 name · 職稱 title                   (required)
    序號 order                                (optional: without it, the file's order)
    官職等 grade · 團內角色 role · 英文姓名 english_name          (optional)
    服務機關 agency · 電話 phone (private)                         (optional)

The government report system's layout, 姓名,服務機關,單位,職稱,官職等[,電話] without 序號, reads
as it is: the row's organisation is the 單位 under its 服務機關, the rows are numbered in the
file's order (_number_rows), a leading apostrophe an earlier export left is dropped, and
`roster_rows(delegation, layout="report-system")` writes that layout back. 服務機關 without 單位
is the older layout's one organisation column.

A row is the roster row with its 序號. Its 姓名 is matched to a person by any of their names
(the 英文姓名 settles a name two people share), its 單位 to an organisation by name, short
name or alias; an unknown person is created, and an unknown organisation too unless
`create_organizations` is off (the demo loader keeps such a 單位 as printed only). A row whose
printed name and unit are what the archive already holds keeps the person and organisation it
is linked to, so links made by hand in the admin survive a re-import. A column the file does not
have is left as it is. Rows the archive has and the file does not are kept, or deleted with
`remove_missing`.

`RosterImport(delegation).run(table, dry_run=True)` returns the Plan (core.imports);
without dry_run and with no problems it writes everything in one transaction, set-based
(bulk_create / bulk_update, lookups gathered in a few queries), then refreshes the public flags
and search documents that bulk writes skip. `roster_rows(delegation)` are the rows an export
writes: export then import changes nothing.
"""

import re
import time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import history
from core.bulk_insert import insert
from core.imports import (
    ASK,
    DELETED,
    ERROR,
    NEW,
    NEW_PERSON,
    UNCHANGED,
    UPDATED,
    Candidate,
    Importer,
    Plan,
    PossibleDuplicate,
    RowPlan,
)
from core.spreadsheets.cells import cell_text
from core.spreadsheets.columns import Column, Columns, Problem
from core.text import name_key
from people import bulk
from people.models import Organization, Person

from .models import DelegationMember, MemberRole, SourceNote

ROSTER_COLUMNS = Columns(
    [
        # Without 序號 (the report system's layout) the rows keep their printed order.
        Column("order", "序號", ("序", "編號", "no", "number", "order")),
        # 單位 is required, or 服務機關 alone in its place (ROSTER_COLUMNS.locate, below).
        Column(
            "organization",
            "單位",
            ("服務單位", "服務機關單位", "organization", "organisation", "unit"),
            required=True,
        ),
        # The report system's 服務機關: with 單位 beside it, the row's organisation is the unit
        # under this agency; alone, it is the one organisation column of the older layout.
        Column("agency", "服務機關", ("機關", "agency")),
        Column("name", "姓名", ("name",), required=True),
        Column("title", "職稱", ("title", "position", "job title"), required=True),
        Column("grade", "官職等", ("職等", "grade", "civil service grade")),
        Column("role", "團內角色", ("角色", "role", "role in the delegation")),
        Column("english_name", "英文姓名", ("英文名", "english name", "name en", "name_en")),
        # Private: kept on the roster row for staff, never published (DelegationMember.phone).
        Column("phone", "電話", ("聯絡電話", "phone", "telephone", "tel")),
    ]
)
# The columns the archive's own export writes (the older, one-organisation layout).
ARCHIVE_KEYS = ("order", "organization", "name", "title", "grade", "role", "english_name")
# The government report system's roster layout (and what `layout="report-system"` exports).
REPORT_SYSTEM_KEYS = ("name", "agency", "organization", "title", "grade", "phone")
LAYOUTS = {"archive": ARCHIVE_KEYS, "report-system": REPORT_SYSTEM_KEYS}
# How a unit under its agency is kept "as printed" on the roster row (organization_as_printed),
# so that the report system's export can give the two columns back.
UNIT_SEPARATOR = "／"


def layout_headers(layout="archive"):
    by_key = {column.key: column.header for column in ROSTER_COLUMNS}
    return [by_key[key] for key in LAYOUTS[layout]]


def locate_columns(table):
    """ROSTER_COLUMNS.locate, with 服務機關 alone standing in for a missing 單位."""
    found, problems = ROSTER_COLUMNS.locate(table)
    if "organization" not in found and "agency" in found:
        # The older layout with its one organisation column headed 服務機關: as it always read.
        found["organization"] = found.pop("agency")
        problems = [problem for problem in problems if not (problem.row is None and problem.column == "單位")]
        if all(problem.row is None and problem.column == "" for problem in problems):
            problems = []  # only the note on the workbook's other sheets, which no longer applies
    return found, problems


def without_apostrophe(text):
    """A cell's text without the apostrophe an earlier spreadsheet export left before it
    ('糖業處). A CSV the archive wrote has had its own formula prefix taken off already
    (core.downloads.unneutralise, in the CSV reader), so what is left is such a stray one: no
    roster value begins with an apostrophe, and export then import still changes nothing."""
    return text[1:].lstrip() if text.startswith("'") else text


# A possible duplicate shows at most this many candidates, each with this many roster rows.
MAX_CANDIDATES = 10
MAX_EVIDENCE = 6


class Evidence:
    """One roster row of a candidate person, as the preview shows it (`text`), with what it
    says of their agency: organisation ids (the unit and its parent) and name keys."""

    __slots__ = ("ids", "keys", "text")

    def __init__(self, ids, keys, text):
        self.ids, self.keys, self.text = ids, keys, text


def roster_evidence(person_ids):
    """{person id: [Evidence]} of the roster rows of these people, the latest trip first: the
    year, the agency and unit as printed, the title, the delegation, and whether it is public."""
    found = {}
    fields = (
        "person_id",
        "organization_id",
        "organization__parent_id",
        "organization__name_zh",
        "organization__name_en",
        "organization_as_printed",
        "title",
        "delegation__title",
        "delegation__departure_date",
        "delegation__is_public",
    )
    public, private = _("public"), _("not public")
    for chunk in bulk.chunks(sorted(person_ids)):
        rows = (
            DelegationMember.objects.filter(person_id__in=chunk)
            .order_by("-delegation__departure_date", "delegation_id")
            .values_list(*fields)
        )
        for pk, org, parent, org_zh, org_en, printed, title, trip, departure, is_public in rows:
            ids = {org, parent} - {None}
            names = [*printed.split(UNIT_SEPARATOR), org_zh or "", org_en or ""]
            keys = {name_key(name) for name in names} - {""}
            where = printed or org_zh or org_en or "—"
            parts = [str(departure.year), where, title, f"{trip} ({public if is_public else private})"]
            found.setdefault(pk, []).append(Evidence(ids, keys, " · ".join(part for part in parts if part)))
    return found


# Longest value each column's field holds.
LIMITS = {
    "name": 200,
    "organization": 300,
    "agency": 300,
    "title": 200,
    "grade": 100,
    "english_name": 200,
    "phone": 100,
}
MAX_ORDER = 32767
ROLE_ALIASES = {
    "團員": MemberRole.MEMBER,
    "成員": MemberRole.MEMBER,
    "工作人員": MemberRole.STAFF,
    "head": "head",
}


def role_words():
    """{key of a word staff may write: role code}: codes, labels in both languages, aliases."""
    words = {name_key(alias): code for alias, code in ROLE_ALIASES.items()}
    for choice in MemberRole:
        words[name_key(choice.value)] = choice.value
        for language in ("zh-hant", "en"):
            with translation.override(language):
                words[name_key(str(choice.label))] = choice.value
    return words


def role_choices_text():
    return "、".join(str(choice.label) for choice in MemberRole)


def _display(record):
    if record is None:
        return ""
    return record.name_zh or record.name_en


def _id(value):
    return value.pk if value is not None else None


class RosterImport(Importer):
    columns = ROSTER_COLUMNS
    name_columns = ("name", "organization", "agency", "english_name")

    def __init__(
        self,
        delegation,
        *,
        remove_missing=False,
        create_organizations=True,
        may_change_public=True,
        policy=ASK,
        choices=None,
    ):
        self.delegation = self.target = delegation
        self.remove_missing = remove_missing
        self.create_organizations = create_organizations
        # A row whose person is probably one already in the archive (see _person): what staff
        # chose for it in the preview ({row number as text: person id or "new"}), and what
        # happens without a choice (core.imports.ASK, BEST, NEW_PERSON).
        self.policy = policy
        self.choices = {str(key): value for key, value in (choices or {}).items()}
        # Without a reviewer, the names of a person published material shows stay as they are
        # (core.admin.ArchiveModelAdmin): the row links to the person all the same.
        self.may_change_public = may_change_public

    def _names_required(self, header):
        """A header row names 姓名, 職稱 and 單位, or 服務機關 in place of 單位 (locate_columns)."""
        columns = {column.key: column for column in ROSTER_COLUMNS}
        named = {key for key, column in columns.items() if any(column.accepts(text) for text in header)}
        return {"name", "title"} <= named and bool(named & {"organization", "agency"})

    def exported_texts(self):
        return (cell for row in member_rows(self.delegation.members.all()) for cell in row)

    # -- reading -------------------------------------------------------------------------------

    def plan(self, table, progress=None):
        plan = Plan(kind="roster", table=table)
        found, problems = locate_columns(table)
        plan.file_problems += problems
        if problems:
            return plan
        plan.columns = [
            (column.key, table.header[found[column.key]]) for column in ROSTER_COLUMNS if column.key in found
        ]
        self.headers = dict(plan.columns)
        if not table.rows:
            plan.file_problems.append(Problem(None, "", _("The file has a header row but no roster rows.")))
            return plan

        members = DelegationMember.objects.filter(delegation=self.delegation).select_related(
            "person", "organization"
        )
        existing = {
            member.order: member
            for member in members.only(
                *(field.name for field in DelegationMember._meta.concrete_fields),
                "person__name_zh",
                "person__name_en",
                "organization__name_zh",
                "organization__name_en",
            )
        }
        rows = [self._read_row(number, cells, found) for number, cells in table.rows]
        if "order" not in found:
            self._number_rows(rows, sorted(existing))
        self._find_repeats(rows)
        names = [row.cells["name"] for row in rows] + [row.cells.get("english_name", "") for row in rows]
        names += [member.name_as_printed for member in existing.values()]
        self.people = bulk.NameIndex(Person, names)
        self.organizations = bulk.NameIndex(
            Organization,
            [row.cells["organization"] for row in rows] + [row.cells.get("agency", "") for row in rows],
        )
        self.units = self._units(rows)
        started = time.perf_counter()
        self.likely = bulk.LikelyIndex(
            [row.cells["name"] for row in rows] + [row.cells.get("english_name", "") for row in rows],
            exact=self.people,
        )
        candidates = set().union(*self.people.ids.values()) if self.people.ids else set()
        # Evidence is read for the people a row may be shown with: those its name names exactly
        # and its closest few likely ones.
        shown = {
            likely.pk
            for row in rows
            for likely in self._likely(row.cells["name"], row.cells.get("english_name", ""))
        }
        self.person_records = self.people.records(candidates | shown)
        self.evidence = roster_evidence(candidates | shown)
        # The possible-duplicate matching (keys looked up, candidates' names and roster rows read),
        # which the benchmark prints.
        plan.timings["matching"] = time.perf_counter() - started
        self.plan_ = plan
        self.new_people, self.new_organizations, self.added_names = {}, {}, {}
        self.name_updates, self.name_people = {}, {}
        taken = {}  # person id or new-person key: row number
        for done, row in enumerate(rows, start=1):
            if not row.problems:
                self._resolve(row, existing.get(row.values["order"]), taken)
            if progress and done % 500 == 0:
                progress("plan", done, len(rows))
        in_file = {row.values.get("order") for row in rows}
        self._check_people_kept(rows, existing, in_file)
        for row in rows:
            if row.problems:
                row.status = ERROR
        plan.rows = rows
        missing = [member for order, member in sorted(existing.items()) if order not in in_file]
        if self.remove_missing:
            plan.rows += [self._deleted_row(member) for member in missing]
        else:
            plan.kept = len(missing)
        plan.created = {
            "people": [str(record) for record in self.new_people.values()],
            "organizations": [str(record) for record in self.new_organizations.values()],
            "names": [
                f"{_display(self.name_people[pk])}: {name}"
                for pk, name in [
                    *self.added_names,
                    *((pk, name) for pk, update in self.name_updates.items() for name in update.values()),
                ]
            ],
        }
        return plan

    def _header(self, key):
        return self.headers.get(key) or next(column.header for column in ROSTER_COLUMNS if column.key == key)

    def _problem(self, line, key, message, **params):
        params.setdefault("column", self._header(key))
        line.problems.append(Problem(line.number, self._header(key), message % params))

    def _read_row(self, number, cells, found):
        values = {
            key: without_apostrophe(cell_text(cells[index])) if index < len(cells) else ""
            for key, index in found.items()
        }
        row = RowPlan(number=number, cells=values)
        order_text = values.get("order")
        if order_text is None:
            pass  # no 序號 column: numbered by _number_rows
        elif not order_text:
            self._problem(row, "order", _("%(column)s is empty."))
        elif not re.fullmatch(r"\d+", order_text):
            self._problem(row, "order", _("%(column)s “%(value)s” is not a number"), value=order_text)
        elif not 1 <= int(order_text) <= MAX_ORDER:
            self._problem(
                row,
                "order",
                _("%(column)s “%(value)s” is not between 1 and %(max)s."),
                value=order_text,
                max=MAX_ORDER,
            )
        else:
            row.values["order"] = int(order_text)
        if not values["name"]:
            self._problem(row, "name", _("%(column)s is empty: every roster row needs a name."))
        if (
            len(printed_organization(values.get("agency", ""), values["organization"]))
            > LIMITS["organization"]
        ):
            # Kept as printed, 服務機關／單位, in one field of that length.
            self._problem(
                row,
                "organization",
                _("%(column)s is longer than %(limit)s characters."),
                limit=LIMITS["organization"] - len(values.get("agency", "")) - 1,
            )
        for key, limit in LIMITS.items():
            if len(values.get(key, "")) > limit:
                self._problem(row, key, _("%(column)s is longer than %(limit)s characters."), limit=limit)
        if "role" in values:
            role = values["role"]
            if role and name_key(role) not in self.role_words:
                self._problem(
                    row,
                    "role",
                    _("%(column)s “%(value)s” is not a role in a delegation; write one of: %(choices)s."),
                    value=role,
                    choices=role_choices_text(),
                )
            else:
                row.values["role"] = self.role_words.get(name_key(role), "")
        return row

    def _number_rows(self, rows, orders):
        """序號 for a file without them, in the rows' printed order. The archive keys a roster
        row by its 序號 (a file's row updates the row with its 序號), so the file's n-th row
        takes the delegation's n-th 序號 as it stands, and rows beyond the roster continue
        after its last: importing the same file twice changes nothing, an export in this layout
        (which has no 序號, and is written in 序號 order) imports back unchanged even when the
        序號 have gaps, and an empty roster is numbered 1..n. Numbering after the existing rows
        instead would add every row again on a second import."""
        following = orders[-1] if orders else 0
        for index, row in enumerate(rows):
            if index < len(orders):
                order = orders[index]
            else:
                following += 1
                order = following
            row.cells["order"] = str(order)
            if order > MAX_ORDER:
                self._problem(
                    row,
                    "order",
                    _("%(column)s “%(value)s” is not between 1 and %(max)s."),
                    value=order,
                    max=MAX_ORDER,
                )
            else:
                row.values["order"] = order

    def _units(self, rows):
        """{organisation id: parent id} of the existing organisations a 單位 of a row with a
        服務機關 names, so a unit is matched among its agency's units only."""
        ids = set()
        for row in rows:
            if row.cells.get("agency") and row.cells.get("organization"):
                ids |= self.organizations.matching(row.cells["organization"])
        parents = {}
        for chunk in bulk.chunks(sorted(ids)):
            parents.update(Organization.objects.filter(pk__in=chunk).values_list("pk", "parent_id"))
        return parents

    @property
    def role_words(self):
        if not hasattr(self, "_role_words"):
            self._role_words = role_words()
        return self._role_words

    def _find_repeats(self, rows):
        orders, names = {}, {}
        for row in rows:
            order = row.values.get("order")
            if order is not None:
                if order in orders:
                    self._problem(
                        row,
                        "order",
                        _("%(column)s %(value)s repeats row %(row)s."),
                        value=order,
                        row=orders[order],
                    )
                else:
                    orders[order] = row.number
            key = name_key(row.cells["name"])
            if key:
                if key in names:
                    self._problem(
                        row,
                        "name",
                        _("%(column)s “%(value)s” repeats row %(row)s: a roster names each person once."),
                        value=row.cells["name"],
                        row=names[key],
                    )
                else:
                    names[key] = row.number

    # -- matching ------------------------------------------------------------------------------

    def _resolve(self, row, member, taken):
        name, english = row.cells["name"], row.cells.get("english_name", "")
        row.record = member
        person = self._person(row, name, english, member)
        if person is None:
            return
        key = person.pk if not isinstance(person, bulk.NewRecord) else ("new", name_key(person.name))
        if key in taken:
            self._problem(
                row,
                "name",
                _("%(column)s “%(value)s” is the same person as row %(row)s."),
                value=name,
                row=taken[key],
            )
            return
        taken[key] = row.number
        row.values["person"] = person
        if english and not isinstance(person, bulk.NewRecord):
            self._add_name(row, person, english)
        organization = self._organization(row, member)
        if organization is not False:
            row.values["organization"] = organization
        row.values.update({key: row.cells[key] for key in ("title", "grade") if key in row.cells})
        self._compare(row, member)

    def _person(self, row, name, english, member):
        """The person of the row: the one it is linked to already, or the one its name (or its
        English name) names exactly when their roster rows agree with the row's agency, or a
        new person; a row whose person is probably someone already in the archive (another
        spelling, or the same name at another agency: 同名同姓) is a possible duplicate, linked
        or created only as staff choose (_possible_duplicate)."""
        matches = self.people.matching(name)
        if member is not None and (
            member.person_id in matches
            or (member.name_as_printed and name_key(member.name_as_printed) == name_key(name))
        ):
            return member.person
        if len(matches) > 1 and english and len(matches & self.people.matching(english)) == 1:
            matches &= self.people.matching(english)
        if len(matches) == 1:
            pk = next(iter(matches))
            if self._consistent(row, pk):
                return self.person_records[pk]
            return self._possible_duplicate(row, name, english)
        if len(matches) > 1:
            self._problem(
                row,
                "name",
                _(
                    "%(column)s “%(value)s” names more than one person (%(people)s): add the English name, "
                    "or link the row in the admin."
                ),
                value=name,
                people="、".join(sorted(str(self.person_records[pk]) for pk in matches)),
            )
            return None
        if english:
            matches = self.people.matching(english)
            if len(matches) == 1:
                pk = next(iter(matches))
                if not self._consistent(row, pk):
                    return self._possible_duplicate(row, name, english)
                person = self.person_records[pk]
                self._add_name(row, person, name)
                return person
            if len(matches) > 1:
                self._problem(
                    row,
                    "english_name",
                    _(
                        "%(column)s “%(value)s” names more than one person (%(people)s): "
                        "link the row in the admin."
                    ),
                    value=english,
                    people="、".join(sorted(str(self.person_records[pk]) for pk in matches)),
                )
                return None
        if self._likely(name, english):
            return self._possible_duplicate(row, name, english)
        return self._new_person(row, name, english)

    def _new_person(self, row, name, english):
        key = name_key(name)
        if key not in self.new_people:
            self.new_people[key] = bulk.NewRecord(name, english)
        row.notes.append(_("new person"))
        return self.new_people[key]

    def _likely(self, name, english):
        """[bulk.Likely] of the people the row's name or English name probably names, the
        strongest first, each person once, at most MAX_CANDIDATES."""
        found = {}
        for likely in self.likely.likely(name) + (self.likely.likely(english) if english else []):
            if likely.pk not in found or likely.rank < found[likely.pk].rank:
                found[likely.pk] = likely
        return sorted(found.values(), key=lambda likely: (likely.rank, likely.pk))[:MAX_CANDIDATES]

    def _row_agency(self, row):
        """(organisation ids, name keys) of what the row prints as its 服務機關 and 單位."""
        printed = [row.cells.get("agency", ""), row.cells.get("organization", "")]
        ids = set()
        for text in printed:
            if text:
                ids |= self.organizations.matching(text)
        return ids, {name_key(text) for text in printed} - {""}

    def _consistent(self, row, pk):
        """Whether the roster rows of person `pk` agree with the row: one of them at the row's
        agency or unit, or none of them at another."""
        seen = [entry for entry in self.evidence.get(pk, []) if entry.ids or entry.keys]
        if not seen:
            return True
        ids, keys = self._row_agency(row)
        return any(entry.ids & ids or entry.keys & keys for entry in seen)

    def _possible_duplicate(self, row, name, english):
        """The row names someone who is probably already in the archive: its candidates with
        their evidence go into the plan, and the row takes the person chosen (the choice made in
        the preview, else the policy), a new person, or, undecided, a placeholder the write
        never sees (an undecided plan is refused: core.imports.Importer._check_choices)."""
        likely = self._likely(name, english)
        candidates = [
            Candidate(
                pk=entry.pk,
                label=self.likely.label(entry.pk),
                likeness=bulk.likeness_text(entry),
                evidence=[line.text for line in self.evidence.get(entry.pk, [])[:MAX_EVIDENCE]]
                or [str(_("on no roster yet"))],
                consistent=self._consistent(row, entry.pk),
            )
            for entry in likely
        ]
        # Among equally alike candidates, one whose roster rows agree with the row first.
        candidates.sort(key=lambda candidate: not candidate.consistent)
        candidates.sort(key=lambda candidate: next(e.rank for e in likely if e.pk == candidate.pk))
        duplicate = PossibleDuplicate(
            key=str(row.number),
            name=name if not english else f"{name} ({english})",
            rows=[row.number],
            context=printed_organization(row.cells.get("agency", ""), row.cells.get("organization", "")),
            candidates=candidates,
        )
        self.plan_.duplicates.append(duplicate)
        row.deciding = True
        choice = self.decide(duplicate, row)
        if choice is None:
            row.notes.append(_("possibly a person already in the archive: choose below"))
            return bulk.NewRecord(name, english)
        if choice == NEW_PERSON:
            person = self._new_person(row, name, english)
            self.plan_.created_by_choice.setdefault("people", []).append(str(person))
            return person
        person = self.person_records[choice]
        row.notes.append(_("chosen: %(person)s") % {"person": person})
        self._add_name(row, person, name)
        return person

    def _add_name(self, row, person, name):
        """Note `name` as a further name of `person`, unless it is one of theirs already."""
        if person.pk in self.people.matching(name):
            return
        if not self.may_change_public and Person.objects.filter(pk=person.pk, is_public=True).exists():
            row.notes.append(
                _("“%(name)s” not added to the names of a public person: only a reviewer can add it.")
                % {"name": name}
            )
            return
        self.name_people[person.pk] = person
        if getattr(row, "deciding", False):
            self.plan_.created_by_choice.setdefault("names", []).append(f"{_display(person)}: {name}")
        update = self.name_updates.setdefault(person.pk, {})
        if bulk.is_chinese(name) and not person.name_zh and "name_zh" not in update:
            update["name_zh"] = name
        elif not bulk.is_chinese(name) and not person.name_en and "name_en" not in update:
            update["name_en"] = name
        else:
            self.added_names[person.pk, name] = True
        row.names_added = True
        row.changed.add("english_name" if not bulk.is_chinese(name) else "name")
        row.notes.append(_("“%(name)s” added to the person’s names") % {"name": name})

    def _organization(self, row, member):
        """The organisation of the row: a record, a NewRecord, None; False when the file has no
        單位 column or the name is ambiguous (a problem is noted)."""
        if row.cells.get("agency"):
            return self._unit_under_agency(row, member)
        return self._named_organization(row, row.cells["organization"], member)

    def _named_organization(self, row, unit, member, key="organization"):
        """The organisation `unit` names (the row's 單位, or its 服務機關 under `key`)."""
        if not unit:
            return None
        matches = self.organizations.matching(unit)
        if (
            member is not None
            and member.organization_id is not None
            and (
                member.organization_id in matches
                or name_key(member.organization_as_printed) == name_key(unit)
            )
        ):
            return member.organization
        if member is not None and member.organization_id is None and member.organization_as_printed == unit:
            return None
        if len(matches) == 1:
            return Organization(pk=matches.pop())
        if len(matches) > 1:
            names = Organization.objects.filter(pk__in=matches).order_by("name_zh", "name_en")
            self._problem(
                row,
                key,
                _(
                    "%(column)s “%(value)s” names more than one organisation (%(names)s): "
                    "link the row in the admin."
                ),
                value=unit,
                names="、".join(str(organization) for organization in names),
            )
            return False
        if not self.create_organizations:
            return None
        new_key = name_key(unit)
        if new_key not in self.new_organizations:
            self.new_organizations[new_key] = bulk.NewRecord(unit)
        row.notes.append(_("new organisation"))
        return self.new_organizations[new_key]

    def _unit_under_agency(self, row, member):
        """The report system's two columns: the 單位 under its 服務機關 (the agency matched as
        the one organisation column is, or created), matched among the agency's units or created
        with the agency as its parent; an empty 單位 is the agency itself."""
        printed = printed_organization(row.cells["agency"], row.cells.get("organization", ""))
        if (
            member is not None
            and member.organization_id is not None
            and name_key(member.organization_as_printed) == name_key(printed)
        ):
            return member.organization
        if (
            member is not None
            and member.organization_id is None
            and member.organization_as_printed == printed
        ):
            return None
        agency = self._named_organization(row, row.cells["agency"], None, key="agency")
        unit = row.cells.get("organization", "")
        if agency in (None, False) or not unit:
            return agency
        if not isinstance(agency, bulk.NewRecord):
            under = {pk for pk in self.organizations.matching(unit) if self.units.get(pk) == agency.pk}
            if len(under) == 1:
                return Organization(pk=under.pop())
            if len(under) > 1:
                self._problem(
                    row,
                    "organization",
                    _(
                        "%(column)s “%(value)s” names more than one unit of “%(agency)s”: "
                        "link the row in the admin."
                    ),
                    value=unit,
                    agency=row.cells["agency"],
                )
                return False
        # One new unit for the rows naming it under the same agency (a new agency is one
        # NewRecord shared by its rows; an existing one is known by its id).
        key = ("unit", id(agency) if isinstance(agency, bulk.NewRecord) else agency.pk, name_key(unit))
        if key not in self.new_organizations:
            self.new_organizations[key] = bulk.NewRecord(unit, parent=agency)
        row.notes.append(_("new unit of “%(agency)s”") % {"agency": row.cells["agency"]})
        return self.new_organizations[key]

    def _check_people_kept(self, rows, existing, in_file):
        """A person on a roster row the file does not have (and that stays) cannot be given a
        second row."""
        if self.remove_missing:
            return
        kept = {member.person_id: member for order, member in existing.items() if order not in in_file}
        for row in rows:
            person = row.values.get("person")
            if person is not None and not isinstance(person, bulk.NewRecord) and person.pk in kept:
                self._problem(
                    row,
                    "name",
                    _(
                        "%(column)s “%(value)s” is already on this roster as %(order_column)s %(order)s, "
                        "a row the file does not have."
                    ),
                    value=row.cells["name"],
                    order_column=self._header("order"),
                    order=kept[person.pk].order,
                )

    def _compare(self, row, member):
        values = row.values
        person = values["person"]
        name = row.cells["name"]
        unit = printed_organization(row.cells.get("agency", ""), row.cells["organization"])
        write = {
            "order": values["order"],
            "person": person,
            "name_as_printed": name,
            "organization_as_printed": unit,
        }
        if "organization" in values:
            write["organization"] = values["organization"]
        write.update({key: values[key] for key in ("title", "grade", "role") if key in values})
        if "phone" in row.cells:
            write["phone"] = row.cells["phone"]
        row.values = write
        if member is None:
            row.status = NEW
            return
        fields = row.fields
        if _id(person) != member.person_id:
            fields.add("person")
            row.changed.add("name")
            row.notes.append(_("was %(name)s") % {"name": member.name_as_printed or _display(member.person)})
        elif member.name_as_printed != name and (
            member.name_as_printed or name_key(name) not in self._keys_of(member.person)
        ):
            fields.add("name_as_printed")
            row.changed.add("name")
        if "organization" in write and _id(write["organization"]) != member.organization_id:
            fields.add("organization")
            row.changed.add("organization")
        if member.organization_as_printed != unit and (
            member.organization_as_printed
            or member.organization is None
            or name_key(unit)
            not in {name_key(member.organization.name_zh), name_key(member.organization.name_en)}
        ):
            fields.add("organization_as_printed")
            row.changed.add("organization")
        for key in ("title", "grade", "role", "phone"):
            if key in write and getattr(member, key) != write[key]:
                fields.add(key)
                row.changed.add(key)
        row.status = UPDATED if fields or row.names_added else UNCHANGED

    def _keys_of(self, person):
        return {name_key(person.name_zh), name_key(person.name_en)} | {
            key for key, ids in self.people.ids.items() if person.pk in ids
        }

    def _deleted_row(self, member):
        row = RowPlan(number=None, cells=member_cells(member), status=DELETED, record=member)
        return row

    # -- writing -------------------------------------------------------------------------------

    def write(self, plan, progress=None):
        from reports.publication import refresh_public_flags
        from reports.receivers import deferred_public_flags

        with deferred_public_flags():
            self._create(progress)
            delete, update, create = [], [], []
            fields = set()
            # The delegation's roster as it ends up is in refresh_public_flags' scope already;
            # the people and organisations it no longer names are not.
            gone_organisations = set()
            for row in plan.rows:
                member, values = row.record, row.values
                if row.status == DELETED:
                    delete.append(member)
                elif row.status == NEW:
                    create.append(self._member(values))
                elif "person" in row.fields:
                    # Another human on this row: the row is replaced (its notes were about someone else).
                    delete.append(member)
                    create.append(self._member(values))
                elif row.fields:
                    gone_organisations.add(member.organization_id)
                    for name in row.fields:
                        if name == "organization":
                            # A NewRecord has its pk now (created above): set the id.
                            member.organization_id = _id(values[name])
                        else:
                            setattr(member, name, values[name])
                    fields |= row.fields
                    update.append(member)
            gone_people = {member.person_id for member in delete}
            gone_organisations |= {member.organization_id for member in delete}
            if delete:
                pks = [member.pk for member in delete]
                SourceNote.objects.filter(
                    content_type=ContentType.objects.get_for_model(DelegationMember), object_id__in=pks
                ).delete()
                history.record_bulk(DelegationMember, pks, history.DELETED)
                for chunk in bulk.chunks(pks):
                    DelegationMember.objects.filter(pk__in=chunk).delete()
            if update and fields:
                DelegationMember.objects.bulk_update(update, sorted(fields), batch_size=1000)
                history.record_bulk(DelegationMember, update, history.CHANGED)
            history.record_bulk(DelegationMember, insert(DelegationMember, create), history.ADDED)
            if progress:
                progress("write", len(plan.rows), len(plan.rows))
        started = time.perf_counter()
        # A roster bears on its people and units (and, through them, on the sessions its people
        # spoke at), not on the delegation's own flag or its events'.
        roster = DelegationMember.objects.filter(delegation=self.delegation)
        refresh_public_flags(
            people=Person.objects.filter(Q(pk__in=roster.values("person")) | Q(pk__in=gone_people - {None})),
            organizations=Organization.objects.filter(
                Q(pk__in=roster.values("organization")) | Q(pk__in=gone_organisations - {None})
            ),
        )
        plan.timings["public flags"] = time.perf_counter() - started

    def _member(self, values):
        values = {**values}
        values["person_id"] = values.pop("person").pk
        organization = values.pop("organization", None)
        values["organization_id"] = organization.pk if organization is not None else None
        return DelegationMember(delegation=self.delegation, **values)

    def _create(self, progress):
        """Create the new organisations and people, and add names to existing people."""
        bulk.create_new(self.new_people.values(), self.new_organizations.values())
        existing = []
        for pk, update in self.name_updates.items():
            named = self.name_people[pk]
            person = Person(pk=pk, name_zh=named.name_zh, name_en=named.name_en)
            for name, value in update.items():
                setattr(person, name, value)
            existing.append(person)
        if existing:
            bulk.update_names(Person, existing)
        bulk.add_person_names(list(self.added_names))
        bulk.rebuild_search_documents(Person, {pk for pk, _name in self.added_names} | set(self.name_updates))
        if progress:
            progress("create", 1, 1)


def printed_organization(agency, unit):
    """What a roster row keeps as its organisation as printed for a 服務機關 and a 單位."""
    if agency and unit:
        return f"{agency}{UNIT_SEPARATOR}{unit}"
    return agency or unit


def agency_and_unit(member):
    """(服務機關, 單位) of a roster row, for the report system's layout: as printed when the row
    was imported in that layout, else from its organisation (a unit and its parent agency)."""
    printed = member.organization_as_printed
    if UNIT_SEPARATOR in printed:
        agency, unit = printed.split(UNIT_SEPARATOR, 1)
        return agency, unit
    if printed:
        return printed, ""
    organization = member.organization
    if organization is None:
        return "", ""
    if organization.parent_id is not None:
        return _display(organization.parent), _display(organization)
    return _display(organization), ""


def member_cells(member):
    """A roster row's cells as an export writes them (and an import reads them back)."""
    person = member.person
    name = member.name_as_printed or _display(person)
    english = person.name_en if person.name_en and name_key(person.name_en) != name_key(name) else ""
    agency, unit = agency_and_unit(member)
    return {
        "order": member.order,
        "agency": agency,
        "unit": unit,
        "phone": member.phone,
        "organization": member.organization_as_printed or _display(member.organization),
        "name": name,
        "title": member.title,
        "grade": member.grade,
        "role": str(member.get_role_display()) if member.role else "",
        "english_name": english,
    }


def roster_rows(delegation, chunk_size=2000, layout="archive"):
    """The rows of the delegation's roster export, read in chunks (memory stays flat), in the
    archive's layout or the report system's (`layout="report-system"`)."""
    return member_rows(DelegationMember.objects.filter(delegation=delegation), chunk_size, layout)


def member_rows(members, chunk_size=2000, layout="archive"):
    """Export rows of any roster rows (`members`, a queryset), by delegation and 序號."""
    members = (
        members.select_related("person", "organization", "organization__parent")
        .only(
            "phone",
            "organization__parent_id",
            "organization__parent__name_zh",
            "organization__parent__name_en",
            "delegation_id",
            "order",
            "name_as_printed",
            "organization_as_printed",
            "title",
            "grade",
            "role",
            "person__name_zh",
            "person__name_en",
            "organization__name_zh",
            "organization__name_en",
        )
        .order_by("delegation_id", "order")
    )
    # In the report system's layout, 單位 is the unit under the agency.
    keys = ["unit" if layout == "report-system" and key == "organization" else key for key in LAYOUTS[layout]]
    for member in members.iterator(chunk_size=chunk_size):
        cells = member_cells(member)
        yield [cells[key] for key in keys]
