"""What an import of a spreadsheet would do, row by row, before anything is written.

The roster importer (reports.roster_io) and the programme importer (events.programme_io) each
read a Table (core.spreadsheets.reading) into a `Plan`: for every row its status (new, updated,
unchanged, deleted or error), the cells as read, what changes, and what would be created
(people, organisations, rooms, tracks). The admin shows the plan as the preview, the
commands print it; only a plan without problems is written, in one transaction.
"""

import dataclasses
import hashlib
import time

from django.db import connection, transaction
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .history import recorded_as
from .lost_letters import LostLetters, lost_inside_word, may_have_lost_letters, still_lost
from .spreadsheets.cells import cell_text
from .spreadsheets.columns import Problem

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
DELETED = "deleted"
ERROR = "error"
STATUSES = (NEW, UPDATED, UNCHANGED, DELETED, ERROR)
# A context of their own: "updated" is also the models' "updated" (更新時間) column.
STATUS_LABELS = {
    NEW: pgettext_lazy("import row status", "new"),
    UPDATED: pgettext_lazy("import row status", "updated"),
    UNCHANGED: pgettext_lazy("import row status", "unchanged"),
    DELETED: pgettext_lazy("import row status", "deleted"),
    ERROR: pgettext_lazy("import row status", "error"),
}

# What staff decide for a row whose person is probably one already in the archive
# (`PossibleDuplicate`): one of its candidates ("this person", by id) or NEW_PERSON. `policy` of
# an importer says what happens without a decision: ASK leaves the row undecided (the preview
# asks, and a confirmation or command refuses the file), BEST takes the strongest candidate,
# NEW_PERSON creates a new person.
ASK = "ask"
BEST = "best"
NEW_PERSON = "new"
POLICIES = (ASK, BEST, NEW_PERSON)

# What an import may create besides its rows, keyed as the created_records of import_finished
# (core.import_admin) key them.
CREATED_LABELS = {
    "people": _("people to be created"),
    "organizations": _("organisations to be created"),
    "names": _("names to be added to people"),
    "rooms": _("rooms to be created"),
    "tracks": _("tracks to be created"),
}
# The same, once written.
DONE_LABELS = {
    "people": _("people created"),
    "organizations": _("organisations created"),
    "names": _("names added to people"),
    "rooms": _("rooms created"),
    "tracks": _("tracks created"),
}


@dataclasses.dataclass(eq=False)
class RowPlan:
    """One row of the file (or, for `deleted`, one record the file no longer has)."""

    number: int | None
    cells: dict
    status: str = UNCHANGED
    # Keys of the columns whose values change (shown marked), and the model fields written.
    changed: set = dataclasses.field(default_factory=set)
    fields: set = dataclasses.field(default_factory=set)
    names_added: bool = False
    notes: list = dataclasses.field(default_factory=list)
    problems: list = dataclasses.field(default_factory=list)
    # Filled by the importer: what to write.
    record: object = None
    values: dict = dataclasses.field(default_factory=dict)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclasses.dataclass(eq=False)
class Candidate:
    """A person already in the archive whom a name in the file probably means: `label` their
    names, `likeness` why (translated), `evidence` lines (agencies, titles, years, trips or
    sessions), `consistent` whether that evidence agrees with the file's row."""

    pk: int
    label: str
    likeness: str
    evidence: list = dataclasses.field(default_factory=list)
    consistent: bool = False


@dataclasses.dataclass(eq=False)
class PossibleDuplicate:
    """A name in the file that probably names a person already in the archive: staff choose one
    of `candidates` (strongest first) or a new person. `key` is what the choice is given for (a
    roster's row number, a programme's speaker name), `rows` the file rows naming it, `context`
    what the file says beside the name (the agency, the affiliation)."""

    key: str
    name: str
    rows: list
    context: str
    candidates: list
    choice: object = None  # a candidate's pk, NEW_PERSON, or None while undecided

    @property
    def field_name(self):
        """The name of the choice's field in the admin's confirmation form."""
        return f"duplicate-{self.key}"

    def choose(self, raw):
        """Take `raw` (a candidate's id or NEW_PERSON, as the form or command gives it); False
        when it is neither (a forged or stale choice)."""
        raw = str(raw).strip()
        if raw == NEW_PERSON:
            self.choice = NEW_PERSON
            return True
        pks = {candidate.pk for candidate in self.candidates}
        if raw.isdigit() and int(raw) in pks:
            self.choice = int(raw)
            return True
        return False


@dataclasses.dataclass(eq=False)
class Plan:
    kind: str
    table: object
    columns: list = dataclasses.field(default_factory=list)  # (key, header as the file has it)
    rows: list = dataclasses.field(default_factory=list)
    file_problems: list = dataclasses.field(default_factory=list)
    # What would be created or added: {key of CREATED_LABELS: [names]}.
    created: dict = dataclasses.field(default_factory=dict)
    kept: int = 0
    committed: bool = False
    # Seconds spent planning, writing and refreshing the public flags (for the benchmark).
    timings: dict = dataclasses.field(default_factory=dict)
    # Names that probably name people already in the archive (PossibleDuplicate), and what the
    # choices made for them add to `created` (left out of the digest: the preview had none).
    duplicates: list = dataclasses.field(default_factory=list)
    created_by_choice: dict = dataclasses.field(default_factory=dict)

    @property
    def undecided(self):
        return [duplicate for duplicate in self.duplicates if duplicate.choice is None]

    @property
    def problems(self):
        """Every problem, those of the whole file first, then by row."""
        return [*self.file_problems, *(problem for row in self.rows for problem in row.problems)]

    @property
    def ok(self):
        return not self.problems

    def counts(self):
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def summary(self):
        """“3 new, 2 updated, 14 unchanged, 0 deleted, 0 with errors” in the active language."""
        counts = self.counts()
        return (
            _(
                "%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(deleted)s deleted, "
                "%(error)s with errors"
            )
            % counts
        )

    def creations(self):
        """[(label, names)] of what would be created, only the non-empty."""
        return [(CREATED_LABELS[key], names) for key, names in self.created.items() if names]

    def digest(self):
        """A fingerprint of what the plan would do: each row's status and changing columns, the
        records it would delete or create. The preview hands it to the confirmation, which
        writes only if its own plan has the same one (the archive may change in between)."""
        # A row waiting for a choice counts as its candidates, whatever was chosen: the choices
        # are made between the preview and the confirmation.
        deciding = {number for duplicate in self.duplicates for number in duplicate.rows}
        parts = [
            (
                row.number,
                row.status,
                sorted(row.changed),
                sorted(row.fields),
                row.names_added,
                row.record.pk if row.status == DELETED else None,
            )
            if row.number not in deciding
            else (row.number, row.status)
            for row in self.rows
        ]
        duplicates = sorted(
            (duplicate.key, sorted(candidate.pk for candidate in duplicate.candidates))
            for duplicate in self.duplicates
        )
        created = sorted(
            (key, sorted(_without(list(map(str, names)), self.created_by_choice.get(key, ()))))
            for key, names in self.created.items()
        )
        return hashlib.sha256(repr((parts, duplicates, created, self.kept)).encode()).hexdigest()


def _without(names, taken):
    """`names` less one of each of `taken`."""
    names = list(names)
    for name in map(str, taken):
        if name in names:
            names.remove(name)
    return names


def duplicate_lines(plan):
    """The names that probably name people already in the archive, with their candidates and
    evidence, as lines for a terminal."""
    lines = []
    for duplicate in plan.duplicates:
        rows = ", ".join(str(number) for number in duplicate.rows)
        head = _("Row %(rows)s: “%(name)s”") % {"rows": rows, "name": duplicate.name}
        if duplicate.context:
            head += f" · {duplicate.context}"
        if duplicate.choice == NEW_PERSON:
            head += " → " + gettext("a new person")
        elif duplicate.choice is not None:
            head += " → " + gettext("person %(id)s") % {"id": duplicate.choice}
        lines.append(str(head))
        for candidate in duplicate.candidates:
            consistent = "" if candidate.consistent else "; " + gettext("another agency")
            lines.append(f"    {candidate.pk}: {candidate.label} ({candidate.likeness}{consistent})")
            lines.extend(f"        {line}" for line in candidate.evidence)
    return lines


def problem_lines(plan, limit=None):
    """The plan's problems as lines for a terminal or a message."""
    problems = plan.problems
    lines = [str(problem) for problem in problems[:limit]]
    if limit is not None and len(problems) > limit:
        lines.append(str(_("… and %(count)s more.") % {"count": len(problems) - limit}))
    return lines


# How far down a sheet the header row may be, below a title and notes.
HEADER_SEARCH_ROWS = 10


class Importer:
    """What the roster and programme imports share: `run` makes the plan of importing a table
    into `self.target` and writes it (subclasses: plan() and write()) in one transaction,
    unless a dry run or a problem. The target takes one import at a time: the plan is made
    under its row lock."""

    target = None
    # The file's columns (core.spreadsheets.columns.Columns).
    columns = None
    # Keys of the columns that name people, organisations, rooms or tracks: in a file that may
    # have lost letters (core.lost_letters), a “?” left in one of them is refused.
    name_columns = ()
    # What to do with a name that probably names someone already in the archive (ASK, BEST,
    # NEW_PERSON), and the choices staff made in the preview ({PossibleDuplicate.key: raw}).
    policy = ASK
    choices = {}

    def exported_texts(self):
        """The cells the archive exports for the target: the words lost letters are put back from."""
        return ()

    def run(
        self,
        table,
        *,
        dry_run=True,
        progress=None,
        user=None,
        file_name="",
        expected=None,
        refuse_undecided=None,
    ):
        """`user` and `file_name` name the import in the history of what it writes. With
        `expected` (the digest of the plan staff saw in a preview), nothing is written unless
        the plan made now is the same. A possible duplicate left undecided is a problem when
        writing, and in a dry run too with `refuse_undecided` (the commands: a dry run says
        what the import would do)."""
        if refuse_undecided is None:
            refuse_undecided = not dry_run
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Thousands of rows just written leave the planner's statistics behind: it then
                # costs the public-flag refresh high enough to JIT-compile it, which took 1.6 s
                # of a 1.8 s statement. Off for this transaction only.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            if not dry_run:
                type(self.target).objects.select_for_update().filter(pk=self.target.pk).first()
            started = time.perf_counter()
            table = self._below_title(table)
            restored = {}
            if may_have_lost_letters(table):
                table, restored = self._restore_letters(table)
            plan = self.plan(table, progress=progress)
            if may_have_lost_letters(table):
                self._check_letters(plan, restored)
            self._check_row_widths(plan)
            self._check_choices(plan, refuse_undecided=refuse_undecided)
            if expected is not None and plan.ok and plan.digest() != expected:
                plan.file_problems.append(self._changed_since_preview(plan))
            plan.timings["plan"] = time.perf_counter() - started
            if not dry_run and plan.ok:
                with recorded_as(user, self.history_reason(file_name)):
                    self.write(plan, progress=progress)
                plan.committed = True
                elapsed = time.perf_counter() - started
                plan.timings["write"] = elapsed - plan.timings["plan"] - plan.timings["public flags"]
        return plan

    def _restore_letters(self, table):
        """The table with the words a lossy encoding broke put back where the archive exported
        them, and {row number: [(as read, as put back)]}."""
        letters = LostLetters(table.encoding, self.exported_texts())
        rows, restored = [], {}
        for number, cells in table.rows:
            fixed = [letters.restore(cell) for cell in cells]
            changes = [(cell, new) for cell, new in zip(cells, fixed, strict=True) if new != cell]
            if changes:
                restored[number] = changes
            rows.append((number, fixed))
        return dataclasses.replace(table, rows=rows), restored

    def _below_title(self, table):
        """The table read from its real header row: a sheet may have a title (“出國人員名單”) or
        notes above it. The header is the first of the first rows that names every required
        column; if none does, the first row stays the header, and the plan says what it lacks."""
        if self.columns is None or self._names_required(table.header):
            return table
        for index, (number, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
            header = [cell_text(cell) for cell in cells]
            if self._names_required(header):
                rows = table.rows[index + 1 :]
                return dataclasses.replace(table, header=header, rows=rows, header_row=number)
        return table

    def _names_required(self, header):
        return all(any(column.accepts(text) for text in header) for column in self.columns if column.required)

    def decide(self, duplicate, row):
        """Settle `duplicate` by the choice given for it, else by the policy; a choice that is
        none of its candidates (a forged or stale form) is a problem on `row`. The choice, or
        None while undecided."""
        raw = self.choices.get(duplicate.key)
        if raw not in (None, ""):
            if not duplicate.choose(raw):
                row.problems.append(
                    Problem(
                        row.number,
                        "",
                        gettext(
                            "The choice made for “%(name)s” is none of the people shown for it: "
                            "upload the file again and choose from the preview."
                        )
                        % {"name": duplicate.name},
                    )
                )
        elif self.policy == BEST and duplicate.candidates:
            duplicate.choice = duplicate.candidates[0].pk
        elif self.policy == NEW_PERSON:
            duplicate.choice = NEW_PERSON
        return duplicate.choice

    def _check_choices(self, plan, refuse_undecided):
        """A choice for something that is not a possible duplicate is refused; so is, when
        writing, a possible duplicate nobody decided (nothing is created silently)."""
        keys = {duplicate.key for duplicate in plan.duplicates}
        for key in sorted(set(self.choices) - keys):
            plan.file_problems.append(
                Problem(
                    None,
                    "",
                    gettext("A choice was given for “%(key)s”, which names nobody already in the archive.")
                    % {"key": key},
                )
            )
        undecided = plan.undecided
        if refuse_undecided and undecided:
            plan.file_problems.append(
                Problem(
                    None,
                    "",
                    gettext(
                        "%(count)s name(s) probably name people already in the archive (%(names)s): "
                        "choose for each “this person” or “a new person”. Nothing was written."
                    )
                    % {
                        "count": len(undecided),
                        "names": "、".join(
                            gettext("row %(rows)s “%(name)s”")
                            % {"rows": ", ".join(map(str, duplicate.rows)), "name": duplicate.name}
                            for duplicate in undecided
                        ),
                    },
                )
            )

    @staticmethod
    def _changed_since_preview(plan):
        return Problem(
            None,
            "",
            gettext(
                "The archive changed after the preview, so the import would now do something else "
                "(%(summary)s). Nothing was written: upload the file again to see the new preview."
            )
            % {"summary": plan.summary()},
        )

    @staticmethod
    def _check_row_widths(plan):
        """A CSV row with more cells than the header has columns: a comma in a cell that is not
        in quotation marks has split it, and its cells have moved out of their columns."""
        table = plan.table
        if table.format != "csv" or not plan.columns:
            return
        width = len(table.header)
        extra = {number: len(cells) for number, cells in table.rows if len(cells) > width}
        for row in plan.rows:
            if row.number in extra:
                row.problems.append(
                    Problem(
                        row.number,
                        "",
                        gettext(
                            "The row has %(cells)s cells but the header only %(columns)s columns: a "
                            "cell holding a comma must be in quotation marks."
                        )
                        % {"cells": extra[row.number], "columns": width},
                    )
                )
                row.status = ERROR

    def _check_letters(self, plan, restored):
        """Note each word put back; refuse a name still holding a “?”, and free text (a title)
        with one inside a word, where it can only stand for a lost letter."""
        for row in plan.rows:
            for before, after in restored.get(row.number, ()):
                row.notes.append(
                    gettext("letters the file's encoding lost, put back: “%(before)s” → “%(after)s”")
                    % {"before": before, "after": after}
                )
            if row.number is None:
                continue
            for key, column in plan.columns:
                text = row.cells.get(key)
                if key in self.name_columns:
                    lost = text if still_lost(text) else ""
                else:
                    lost = lost_inside_word(text)
                if lost:
                    row.problems.append(
                        Problem(
                            row.number,
                            column,
                            gettext(
                                "“%(text)s” in %(column)s has a “?” where a letter was lost: the file "
                                "was saved in Big5 (cp950), which lacks it. Save the file as “CSV "
                                "UTF-8”, XLSX or ODS and upload it again."
                            )
                            % {"text": lost, "column": column},
                        )
                    )
                    row.status = ERROR

    def history_reason(self, file_name):
        if file_name:
            return gettext("Import of “%(file)s” into %(target)s") % {
                "file": file_name,
                "target": self.target,
            }
        return gettext("Import into %(target)s") % {"target": self.target}
