"""A programme file read into a Plan (core.imports), row by row, before anything is written:
`ProgrammeImport(summit).run(table, dry_run=True)`. Each row's cells are read (cells.py) and
checked, the row matched to a session of the summit (by key, else by title, date and start),
parents placed without cycles, speakers paired with the session's stored roles and matched to
people and organisations, and the row compared with what is stored. Without dry_run and with
no problems, `write` (write.py) writes the plan in one transaction."""

import datetime
from collections import defaultdict

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.imports import (
    ASK,
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
from core.spreadsheets.cells import cell_lines, cell_text
from core.spreadsheets.columns import Problem
from core.text import clean_text, name_key
from people import bulk
from people.models import Organization, Person

from ..models import Event, EventKind, Language, Room, SessionFormat, SessionRole, SessionRoleKind, Track
from .cells import (
    KEY,
    PROGRAMME_COLUMNS,
    SEPARATOR,
    SIDE_EVENT_DAYS,
    as_read,
    clock,
    final_group,
    is_within_summit,
    one_line,
    parse_date,
    parse_end,
    parse_time,
    programme_zone,
    split_speakers,
    summit_days,
    unquoted,
    vocabulary,
)
from .export import programme_rows
from .write import SESSION_FIELDS, parent_pk, write_programme

# A possible duplicate shows at most this many candidates, each with this many session roles.
MAX_CANDIDATES = 10
MAX_EVIDENCE = 6

SESSION_KINDS = [kind for kind in EventKind if kind != EventKind.SUMMIT]
# A value longer than its column's field is shown by its start, this long.
SHOWN_OF_LONG_VALUE = 40


def _max_length(model, field):
    return model._meta.get_field(field).max_length


# The fields a cell is written to as it is, by column: SQLite stores a longer value, PostgreSQL
# refuses it, so the importer checks them before anything is written.
LIMITS = {
    "title_en": _max_length(Event, "title_en"),
    "title_zh": _max_length(Event, "title_zh"),
    "start": _max_length(Event, "time_as_printed"),
    "room": _max_length(Room, "name"),
    "tracks": min(_max_length(Track, "name_en"), _max_length(Track, "name_zh")),
}
NAME_AS_PRINTED = _max_length(SessionRole, "name_as_printed")
AFFILIATION_AS_PRINTED = _max_length(SessionRole, "affiliation_as_printed")
NEW_NAME = {
    Person: min(_max_length(Person, "name_zh"), _max_length(Person, "name_en")),
    Organization: min(_max_length(Organization, "name_zh"), _max_length(Organization, "name_en")),
}


class ProgrammeImport(Importer):
    columns = PROGRAMME_COLUMNS
    name_columns = ("room", "tracks", "speakers")

    def __init__(self, summit, *, policy=ASK, choices=None):
        self.summit = self.target = summit
        # A speaker who is probably someone already in the archive (see _speaker_links): what
        # staff chose in the preview ({PossibleDuplicate.key: person id or "new"}), and what
        # happens without a choice (core.imports.ASK, BEST, NEW_PERSON).
        self.policy = policy
        self.choices = dict(choices or {})
        # A summit without a time zone is shown in the archive's, as Event.zone does.
        self.zone = programme_zone(summit)
        self.role_words = vocabulary(SessionRoleKind)
        self.kind_words = vocabulary(SESSION_KINDS)
        self.format_words = vocabulary(SessionFormat)

    def exported_texts(self):
        return (cell for row in programme_rows(self.summit) for cell in row)

    # -- reading -------------------------------------------------------------------------------

    def _header(self, key):
        return self.headers.get(key) or key

    def _problem(self, line, key, message, **params):
        params.setdefault("column", self._header(key))
        line.problems.append(Problem(line.number, self._header(key), message % params))

    def _too_long(self, line, key, value, limit):
        """Refuse `value` of column `key` if longer than `limit`; whether it was refused."""
        if len(value) <= limit:
            return False
        self._problem(
            line,
            key,
            _("%(column)s: “%(value)s…” is longer than %(limit)s characters."),
            value=value[:SHOWN_OF_LONG_VALUE],
            limit=limit,
        )
        return True

    def plan(self, table, progress=None):
        plan = self.plan_ = Plan(kind="programme", table=table)
        found, problems = PROGRAMME_COLUMNS.locate(table)
        if not problems and "title_en" not in found and "title_zh" not in found:
            problems.append(
                Problem(None, "title_en", _("The file has no title column: it needs title_en or title_zh."))
            )
        plan.file_problems += problems
        if problems:
            return plan
        plan.columns = [(c.key, table.header[found[c.key]]) for c in PROGRAMME_COLUMNS if c.key in found]
        self.headers = dict(plan.columns)
        self.found = found
        if not table.rows:
            plan.file_problems.append(Problem(None, "", _("The file has a header row but no sessions.")))
            return plan
        self._load_summit()
        rows = [self._read_row(number, cells) for number, cells in table.rows]
        self._match(rows)
        self._resolve_parents(rows)
        for row in rows:
            self._settle_dates(row)
        self._resolve_roles(rows)
        for row in rows:
            if "speakers" in row.values and not row.problems:
                self._plan_roles(row)
        self._refuse_under_errors(rows)
        for done, row in enumerate(rows, start=1):
            if not row.problems:
                self._compare(row)
            if row.problems:
                row.status = ERROR
            if progress and done % 500 == 0:
                progress("plan", done, len(rows))
        plan.rows = rows
        matched = {row.record.pk for row in rows if row.record is not None}
        plan.kept = len(set(self.sessions) - matched)
        plan.created = {
            "people": [record.name for record in self.new_people.values()],
            "organizations": [record.name for record in self.new_organizations.values()],
            "rooms": [room.name for room in self.new_rooms.values()],
            "tracks": [track.name_en or track.name_zh for track in self.new_tracks.values()],
        }
        return plan

    def _load_summit(self):
        summit = self.summit
        self.sessions = {
            event.pk: event for event in Event.objects.filter(summit=summit).select_related("room")
        }
        self.by_slug = {event.slug: event for event in self.sessions.values()}
        self.prefix = f"{summit.slug}-"
        self.rooms = list(Room.objects.filter(summit=summit))
        self.tracks = list(Track.objects.filter(summit=summit))
        self.languages = {language.code.casefold(): language for language in Language.objects.all()}
        for language in list(self.languages.values()):
            for name in (language.name_en, language.name_zh):
                self.languages.setdefault(name_key(name), language)
        self.session_tracks = defaultdict(set)
        for event_id, track_id in Event.tracks.through.objects.filter(event__summit=summit).values_list(
            "event_id", "track_id"
        ):
            self.session_tracks[event_id].add(track_id)
        self.session_languages = defaultdict(set)
        for event_id, language_id in Event.languages.through.objects.filter(event__summit=summit).values_list(
            "event_id", "language_id"
        ):
            self.session_languages[event_id].add(language_id)
        self.session_roles = defaultdict(list)
        for role in SessionRole.objects.filter(event__summit=summit).order_by("event", "order"):
            self.session_roles[role.event_id].append(role)
        self.new_rooms, self.new_tracks = {}, {}
        # A row without a key finds its session by either title, with the date and start.
        self.signatures = {}
        for event in self.sessions.values():
            for title in (event.title_en, event.title_zh):
                if title:
                    self.signatures.setdefault(
                        self._signature(title, event.start_date, event.starts_at), event
                    )

    @staticmethod
    def _signature(title, day, starts_at):
        return (name_key(title), day, starts_at)

    def _read_row(self, number, cells):
        found = self.found
        raw = {key: cells[index] if index < len(cells) else None for key, index in found.items()}
        # Every cell but the description and the speakers is one line: a line break typed in
        # it (Alt+Enter) is a space.
        text = {
            key: cell_lines(value) if key == "description" else cell_text(value) for key, value in raw.items()
        }
        row = RowPlan(number=number, cells=text)
        row.slug = None
        values = row.values
        key = text.get("key", "")
        if key and not KEY.fullmatch(key):
            self._problem(
                row,
                "key",
                _("%(column)s “%(value)s” may hold only lowercase letters a–z, digits and hyphens."),
                value=key,
            )
        if key:
            self._too_long(row, "key", key, _max_length(Event, "slug") - len(self.prefix))
        if not text.get("title_en") and not text.get("title_zh"):
            column = "title_en" if "title_en" in found else "title_zh"
            self._problem(row, column, _("The session has no title: fill in title_en or title_zh."))
        for name in ("title_en", "title_zh"):
            if name in text:
                self._too_long(row, name, text[name], LIMITS[name])
        for name in ("title_en", "title_zh", "description"):
            if name in text:
                values[name] = text[name]
        if "kind" in text:
            kind = self.kind_words.get(name_key(text["kind"] or "session"))
            if kind is None:
                self._problem(
                    row,
                    "kind",
                    _("%(column)s “%(value)s” is not a kind of session; write one of: %(choices)s."),
                    value=text["kind"],
                    choices=", ".join(str(kind.value) for kind in SESSION_KINDS),
                )
            values["kind"] = kind
        if "format" in text:
            session_format = self.format_words.get(name_key(text["format"])) if text["format"] else ""
            if session_format is None:
                self._problem(
                    row,
                    "format",
                    _("%(column)s “%(value)s” is not a session format; write one of: %(choices)s."),
                    value=text["format"],
                    choices=", ".join(choice.value for choice in SessionFormat),
                )
            values["format"] = session_format
        self._read_times(row, raw, text)
        if "room" in text:
            values["room"] = self._room(row, text["room"]) if text["room"] else None
        if "tracks" in text:
            tracks = (self._track(row, name) for name in SEPARATOR.split(text["tracks"]) if name)
            values["tracks"] = [track for track in tracks if track is not None]
        if "languages" in text:
            languages = []
            for code in (code for code in SEPARATOR.split(text["languages"]) if code):
                language = self.languages.get(code.casefold()) or self.languages.get(name_key(code))
                if language is None:
                    self._problem(
                        row,
                        "languages",
                        _("%(column)s “%(value)s” is not a known language code."),
                        value=code,
                    )
                else:
                    languages.append(language)
            values["languages"] = languages
        if "speakers" in text:
            values["speakers"] = self._read_speakers(row, raw["speakers"])
        return row

    def _read_times(self, row, raw, text):
        values = row.values
        day = None
        if text["date"]:
            day = parse_date(raw["date"])
            if day is None:
                self._problem(
                    row, "date", _("%(column)s “%(value)s” is not a date (YYYY-MM-DD)."), value=text["date"]
                )
                return
            if not self._within_summit(row, "date", day, text["date"]):
                return
        values["start_date"] = values["end_date"] = day
        times = {}
        for name in ("start", "end"):
            if name not in text:
                continue
            if not text[name] or day is None:
                times[name] = None
                continue
            moment, on_day = parse_time(raw[name]), day
            if moment is None and name == "end":
                # A session ending on a later day has that day in its end cell.
                on_day, moment = parse_end(raw[name])
                if on_day is not None:
                    if not self._within_summit(row, "end", on_day, text["end"]):
                        return
                    if on_day < day:
                        self._problem(
                            row, "end", _("%(column)s %(value)s is not after the start."), value=text["end"]
                        )
                        return
                    values["end_date"] = on_day
                    if moment is None:
                        times[name] = None
                        continue
            if moment is None:
                self._problem(row, name, _("%(column)s “%(value)s” is not a time (HH:MM)."), value=text[name])
                return
            times[name] = datetime.datetime.combine(on_day, moment, tzinfo=self.zone).astimezone(datetime.UTC)
        if "start" in times:
            values["starts_at"] = times["start"]
        if "end" in times:
            values["ends_at"] = times["end"]
        if times.get("start") and times.get("end") and times["end"] <= times["start"]:
            self._problem(row, "end", _("%(column)s %(value)s is not after the start."), value=text["end"])
        if "start" in text or "end" in text:
            # A time printed without a date is kept as printed.
            printed = (
                "–".join(filter(None, [text.get("start", ""), text.get("end", "")])) if day is None else ""
            )
            self._too_long(row, "start", printed, LIMITS["start"])
            values["time_as_printed"] = printed

    def _within_summit(self, row, key, day, written):
        """Whether `day` is within the summit's dates, side events allowing; if not, says so."""
        if is_within_summit(self.summit, day):
            return True
        first, last = summit_days(self.summit)
        self._problem(
            row,
            key,
            _(
                "%(column)s %(value)s is outside the summit (%(first)s to %(last)s; side events up to "
                "%(days)s days before or after are accepted)."
            ),
            value=written,
            first=first.isoformat(),
            last=last.isoformat(),
            days=SIDE_EVENT_DAYS,
        )
        return False

    def _settle_dates(self, row):
        """What a row's date means for the session it matched: an empty date cell refused where
        it would remove a date or leave a new session without any; times the file leaves out
        moved with a new date; times it gives checked against those it leaves stored."""
        values, event = row.values, row.record
        if "start_date" not in values:
            return
        day = values["start_date"]
        if day is None:
            if event is not None and event.start_date is not None:
                self._problem(
                    row,
                    "date",
                    _(
                        "%(column)s is empty, but the session is on %(date)s: write its date (an empty "
                        "cell, or a formula Excel left without a value, would remove it)."
                    ),
                    date=event.start_date.isoformat(),
                )
            elif event is None and not values.get("time_as_printed"):
                self._problem(
                    row,
                    "date",
                    _(
                        "%(column)s is empty: a new session needs its date (YYYY-MM-DD), or at least its "
                        "time."
                    ),
                )
            elif event is None:
                row.notes.append(gettext("no date: the time is kept as printed"))
            return
        if event is None or event.start_date is None or row.problems:
            return
        # A new date moves what the file does not give by as many days: the end date and the
        # times of absent columns, at the same clock time in the summit's time zone.
        shift = day - event.start_date
        if "end" not in self.found and event.end_date is not None:
            values["end_date"] = event.end_date + shift
        for name, column in (("starts_at", "start"), ("ends_at", "end")):
            if column not in self.found and getattr(event, name) is not None:
                values[name] = self._moved(getattr(event, name), shift)
        starts_at = values.get("starts_at", event.starts_at)
        ends_at = values.get("ends_at", event.ends_at)
        if starts_at and ends_at and ends_at <= starts_at:
            shown = row.cells.get("end") or clock(ends_at.astimezone(self.zone))
            self._problem(row, "end", _("%(column)s %(value)s is not after the start."), value=shown)

    def _moved(self, moment, shift):
        local = moment.astimezone(self.zone)
        return datetime.datetime.combine(local.date() + shift, local.time(), tzinfo=self.zone).astimezone(
            datetime.UTC
        )

    def _room(self, row, name):
        key = name_key(name)
        for room in self.rooms:
            if key in (name_key(str(room)), name_key(room.slug)):
                return room
        named = [room for room in self.rooms if name_key(room.name) == key or name_key(room.venue) == key]
        if len(named) == 1:
            return named[0]
        if self._too_long(row, "room", name, LIMITS["room"]):
            return None
        if key not in self.new_rooms:
            self.new_rooms[key] = Room(
                summit=self.summit, name=name, position=len(self.rooms) + len(self.new_rooms) + 1
            )
        return self.new_rooms[key]

    def _track(self, row, name):
        key = name_key(name)
        for track in self.tracks:
            if key in (name_key(track.slug), name_key(track.name_en), name_key(track.name_zh)):
                return track
        if self._too_long(row, "tracks", name, LIMITS["tracks"]):
            return None
        if key not in self.new_tracks:
            field = "name_zh" if bulk.is_chinese(name) else "name_en"
            self.new_tracks[key] = Track(
                summit=self.summit, position=len(self.tracks) + len(self.new_tracks) + 1, **{field: name}
            )
        return self.new_tracks[key]

    def _read_speakers(self, row, value):
        entries = []
        # The cell's lines are entries too (Alt+Enter between names).
        for entry, closed in split_speakers(cell_lines(value)):
            if not closed:
                self._problem(
                    row,
                    "speakers",
                    _("%(column)s: “%(value)s” has a parenthesis or a quote that is not closed."),
                    value=entry,
                )
                continue
            name, inside = final_group(entry)
            name = unquoted(name)
            role, affiliation = SessionRoleKind.SPEAKER, ""
            if inside is not None:
                word = inside.replace("，", ",").partition(",")[0]
                if name_key(word) not in self.role_words:
                    self._problem(
                        row,
                        "speakers",
                        _(
                            "%(column)s: “%(value)s” is not a role (%(choices)s); write each name as "
                            "“Name (role, affiliation)”."
                        ),
                        value=word.strip(),
                        choices=", ".join(choice.value for choice in SessionRoleKind),
                    )
                    continue
                # The affiliation as written, its own full-width commas kept.
                role, affiliation = self.role_words[name_key(word)], inside[len(word) + 1 :].strip()
            if not name:
                self._problem(
                    row, "speakers", _("%(column)s: an entry has no name: “%(value)s”."), value=entry
                )
                continue
            # A line break inside a name or its parenthesis is a space, as in any one-line cell.
            name, affiliation = one_line(name), one_line(affiliation)
            if self._too_long(row, "speakers", name, NAME_AS_PRINTED) or self._too_long(
                row, "speakers", affiliation, AFFILIATION_AS_PRINTED
            ):
                continue
            entries.append((role, name, affiliation))
        return entries

    def _match(self, rows):
        keys, signatures = {}, {}
        slugs_elsewhere = set(
            Event.objects.filter(
                bulk.among("slug", [self.prefix + row.cells["key"] for row in rows if row.cells.get("key")])
            )
            .exclude(summit=self.summit)
            .values_list("slug", flat=True)
        )
        for row in rows:
            key = row.cells.get("key", "")
            if key:
                if key in keys:
                    self._problem(
                        row, "key", _("%(column)s “%(value)s” repeats row %(row)s."), value=key, row=keys[key]
                    )
                    continue
                keys[key] = row.number
                if self.prefix + key in slugs_elsewhere:
                    self._problem(
                        row, "key", _("%(column)s “%(value)s” names an event outside this summit."), value=key
                    )
                    continue
                row.record = self.by_slug.get(self.prefix + key) or self.by_slug.get(key)
                row.slug = row.record.slug if row.record else self.prefix + key
            else:
                values = row.values
                day, starts_at = values.get("start_date"), values.get("starts_at")
                signature = self._signature(
                    values.get("title_en") or values.get("title_zh", ""), day, starts_at
                )
                if signature in signatures:
                    self._problem(
                        row,
                        self._title_column(),
                        _("The session repeats row %(row)s (same title, date and start)."),
                        row=signatures[signature],
                    )
                    continue
                signatures[signature] = row.number
                # Either title finds the session: the file may have one title column only, or
                # correct a typo in the other.
                row.record = next(
                    (
                        self.signatures[found]
                        for name in ("title_en", "title_zh")
                        if values.get(name)
                        and (found := self._signature(values[name], day, starts_at)) in self.signatures
                    ),
                    None,
                )
                row.slug = row.record.slug if row.record else None
        taken = {}
        for row in rows:
            if row.record is not None:
                if row.record.pk in taken:
                    self._problem(
                        row,
                        self._title_column(),
                        _("The session is the same as row %(row)s's."),
                        row=taken[row.record.pk],
                    )
                taken[row.record.pk] = row.number
        # A key that repeats names the row where it first stands (the repeat is the error).
        self.rows_by_key = {}
        for row in rows:
            if row.cells.get("key"):
                self.rows_by_key.setdefault(row.cells["key"], row)

    def _title_column(self):
        return "title_en" if "title_en" in self.found else "title_zh"

    def _resolve_parents(self, rows):
        if "parent" not in self.found:
            return
        for row in rows:
            parent_key = row.cells["parent"]
            if not parent_key:
                row.values["parent"] = self.summit
                continue
            parent = self.rows_by_key.get(parent_key)
            if parent is None:
                parent = self.by_slug.get(self.prefix + parent_key) or self.by_slug.get(parent_key)
            if parent is None:
                self._problem(
                    row,
                    "parent",
                    _("%(column)s “%(value)s” is no session of this summit."),
                    value=parent_key,
                )
                continue
            row.values["parent"] = parent
        # No cycles: through the file's rows, and through stored sessions (a row may put a
        # session under one whose stored parent is the row's own session).
        placed = {row.record.pk: row for row in rows if row.record is not None and "parent" in row.values}
        for row in rows:
            if "parent" in row.values and self._part_of_itself(row, placed):
                self._problem(
                    row,
                    "parent",
                    _("%(column)s “%(value)s” makes the session part of itself."),
                    value=row.cells["parent"],
                )

    def _part_of_itself(self, row, placed):
        """Whether the parents above `row` lead back to it. `placed`: {session id: the row of
        the file that gives that session its parent}."""
        node, seen = row.values["parent"], set()
        while node is not None and node is not self.summit:
            if isinstance(node, Event):
                node = placed.get(node.pk, node)
            if node is row:
                return True
            if id(node) in seen:
                return False  # a loop above the row, not through it: its own rows say so
            seen.add(id(node))
            if isinstance(node, RowPlan):
                if "parent" in node.values:
                    node = node.values["parent"]
                    continue
                node = node.record
                if node is None:
                    return False
            node = self.sessions.get(node.parent_id)
        return False

    def _refuse_under_errors(self, rows):
        """A row under a row of the file that has an error cannot be written either: it says so,
        and so do the rows under it."""
        # A row whose parent is already refused (a loop, an unknown key) says that alone.
        parent_column = self._header("parent")
        refused = {
            id(row) for row in rows if any(problem.column == parent_column for problem in row.problems)
        }
        changed = True
        while changed:
            changed = False
            for row in rows:
                parent = row.values.get("parent")
                if id(row) in refused or not isinstance(parent, RowPlan) or not parent.problems:
                    continue
                self._problem(
                    row,
                    "parent",
                    _("%(column)s “%(value)s” is the key of row %(row)s, which has an error."),
                    value=row.cells["parent"],
                    row=parent.number,
                )
                refused.add(id(row))
                changed = True

    def _resolve_roles(self, rows):
        names = [
            name
            for row in rows
            for _role, name, affiliation in row.values.get("speakers", [])
            for name in (name, affiliation)
        ]
        self.people = bulk.NameIndex(Person, names)
        self.organizations = bulk.NameIndex(Organization, names)
        people_names = [
            name
            for row in rows
            for role, name, _affiliation in row.values.get("speakers", [])
            if role != SessionRoleKind.ORGANISER
        ]
        self.likely = bulk.LikelyIndex(people_names, exact=self.people)
        # Evidence is read for the people an entry may be shown with: its closest few.
        self.evidence = programme_evidence(
            {likely.pk for name in people_names for likely in self._likely(name)}
        )
        self.duplicates = {}
        self.new_people, self.new_organizations = {}, {}
        # Translated once, not once per new name.
        self.new_person_note = gettext("new person: %(name)s")
        self.new_organisation_note = gettext("new organisation: %(name)s")

    def _speaker_links(self, row, role, name, affiliation):
        """(person, organisation) for a new entry. A person named exactly is linked when their
        session roles agree with the entry's affiliation (or say nothing against it); a name
        that probably names someone already in the archive otherwise (another spelling, the
        same name elsewhere: 同名同姓) is a possible duplicate (_possible_duplicate)."""
        people = self.people.matching(name)
        organizations = self.organizations.matching(name)
        by_affiliation = self.organizations.matching(affiliation) if affiliation else set()
        affiliation_org = Organization(pk=by_affiliation.pop()) if len(by_affiliation) == 1 else None
        if len(people) == 1 and role != SessionRoleKind.ORGANISER:
            pk = next(iter(people))
            if self._consistent(pk, affiliation):
                return Person(pk=pk), affiliation_org
            return self._possible_duplicate(row, name, affiliation), affiliation_org
        if len(people) == 1:
            return Person(pk=people.pop()), affiliation_org
        if len(organizations) == 1 and (role == SessionRoleKind.ORGANISER or not people):
            return None, Organization(pk=organizations.pop())
        if people or organizations:
            return None, affiliation_org  # more than one record has the name: kept as printed only
        key = name_key(name)
        if role == SessionRoleKind.ORGANISER:
            return None, self.new_organizations.setdefault(key, bulk.NewRecord(name))
        if self._likely(name):
            return self._possible_duplicate(row, name, affiliation), affiliation_org
        return self._new_person(name), affiliation_org

    def _new_person(self, name):
        key = name_key(name)
        if key not in self.new_people:
            self.new_people[key] = bulk.NewRecord(name)
        return self.new_people[key]

    def _likely(self, name):
        return self.likely.likely(name)[:MAX_CANDIDATES]

    def _affiliation(self, affiliation):
        """(organisation ids, name keys) of an affiliation as printed."""
        if not affiliation:
            return set(), set()
        return self.organizations.matching(affiliation), {name_key(affiliation)}

    def _consistent(self, pk, affiliation):
        """Whether person `pk`'s session roles agree with `affiliation`: no affiliation to
        compare, none printed on their roles, or one of them the same."""
        ids, keys = self._affiliation(affiliation)
        seen = [entry for entry in self.evidence.get(pk, []) if entry.ids or entry.keys]
        if not (ids or keys) or not seen:
            return True
        return any(entry.ids & ids or entry.keys & keys for entry in seen)

    def _possible_duplicate(self, row, name, affiliation):
        """The entry names someone probably already in the archive: one choice for the name (with
        its affiliation) wherever the file prints it, with the candidates and their evidence; the
        entry takes the person chosen, a new person, or, undecided, a placeholder the write never
        sees (an undecided plan is refused)."""
        key = f"{name_key(name)}|{name_key(affiliation)}" if affiliation else name_key(name)
        duplicate = self.duplicates.get(key)
        if duplicate is None:
            likely = self._likely(name)
            candidates = [
                Candidate(
                    pk=entry.pk,
                    label=self.likely.label(entry.pk),
                    likeness=bulk.likeness_text(entry),
                    evidence=[line.text for line in self.evidence.get(entry.pk, [])[:MAX_EVIDENCE]]
                    or [gettext("in no session yet")],
                    consistent=self._consistent(entry.pk, affiliation),
                )
                for entry in likely
            ]
            ranks = {entry.pk: entry.rank for entry in likely}
            candidates.sort(key=lambda candidate: (ranks[candidate.pk], not candidate.consistent))
            duplicate = PossibleDuplicate(
                key=key, name=name, rows=[], context=affiliation, candidates=candidates
            )
            self.duplicates[key] = duplicate
            self.plan_.duplicates.append(duplicate)
            self.decide(duplicate, row)
            if duplicate.choice == NEW_PERSON and name_key(name) not in self.new_people:
                self.plan_.created_by_choice.setdefault("people", []).append(name)
        if row.number not in duplicate.rows:
            duplicate.rows.append(row.number)
        if duplicate.choice is None:
            row.notes.append(gettext("possibly a person already in the archive: %(name)s") % {"name": name})
            return bulk.NewRecord(name)
        if duplicate.choice == NEW_PERSON:
            return self._new_person(name)
        return Person(pk=duplicate.choice)

    def _new_name_too_long(self, role, name):
        """The limit of the name of the record `name` would create, if it is over it (names are
        stored cleaned, which may lengthen them); None when it fits or names a known record."""
        if self.people.matching(name) or self.organizations.matching(name):
            return None
        model = Organization if role == SessionRoleKind.ORGANISER else Person
        if max(len(name), len(clean_text(name))) > NEW_NAME[model]:
            return NEW_NAME[model]
        return None

    def _plan_roles(self, row):
        """Pair the session's stored roles with the file's entries by name: a role found again
        keeps its id, links and note wherever the entry now stands; only a name the session
        did not have makes a role, only a name the file no longer has removes one. Orders
        follow the file's when the list changes."""
        values, event = row.values, row.record
        existing = self.session_roles.get(event.pk, []) if event else []
        entries = [tuple(entry) for entry in values["speakers"]]
        printed = [
            (role.role, as_read(role.name_as_printed), as_read(role.affiliation_as_printed))
            for role in existing
        ]
        if printed == entries:
            values["roles"], values["roles_removed"] = [(role, None) for role in existing], []
            return
        row.changed.add("speakers")
        paired, left = _pair_roles(existing, printed, entries)
        printed_of = {id(role): text for role, text in zip(existing, printed, strict=True)}
        plan = []
        for order, (entry, old) in enumerate(zip(entries, paired, strict=True), start=1):
            role, name, affiliation = entry
            if old is not None:
                change = {"order": order} if old.order != order else {}
                if printed_of[id(old)] != entry:
                    change.update(role=role, name_as_printed=name, affiliation_as_printed=affiliation)
                plan.append((old, change or None))
                continue
            if limit := self._new_name_too_long(role, name):
                self._problem(
                    row,
                    "speakers",
                    _(
                        "%(column)s: “%(value)s…” is longer than %(limit)s characters, too long for a new "
                        "person or organisation's name."
                    ),
                    value=name[:SHOWN_OF_LONG_VALUE],
                    limit=limit,
                )
                continue
            person, organization = self._speaker_links(row, role, name, affiliation)
            plan.append(
                (
                    None,
                    {
                        "role": role,
                        "name_as_printed": name,
                        "affiliation_as_printed": affiliation,
                        "person": person,
                        "organization": organization,
                        "order": order,
                    },
                )
            )
            if isinstance(person, bulk.NewRecord) and self.new_people.get(name_key(name)) is person:
                row.notes.append(self.new_person_note % {"name": name})
            if isinstance(organization, bulk.NewRecord):
                row.notes.append(self.new_organisation_note % {"name": name})
        values["roles"], values["roles_removed"] = plan, left

    def _compare(self, row):
        values, event = row.values, row.record
        for name in ("room",):
            if isinstance(values.get(name), Room) and values[name].pk is None:
                row.notes.append(_("new room: %(name)s") % {"name": values[name].name})
        if event is None:
            row.status = NEW
            return
        for name in ("kind", *SESSION_FIELDS):
            if name in values and not _same(name, getattr(event, name), values[name]):
                row.fields.add(name)
        if (
            "end_date" in row.fields
            and event.end_date is None
            and values["end_date"] == values.get("start_date", event.start_date) == event.start_date
        ):
            # A session of one day stored without its end date (as the admin may leave it) is
            # what the file says: it ends on the day it starts.
            row.fields.discard("end_date")
        if "parent" in values and event.parent_id != parent_pk(values["parent"]):
            row.fields.add("parent")
        if "room" in values and event.room_id != getattr(values["room"], "pk", None):
            row.fields.add("room")
        if "tracks" in values and (
            any(track.pk is None for track in values["tracks"])
            or {track.pk for track in values["tracks"]} != self.session_tracks[event.pk]
        ):
            row.fields.add("tracks")
        if (
            "languages" in values
            and {language.pk for language in values["languages"]} != self.session_languages[event.pk]
        ):
            row.fields.add("languages")
        row.changed |= {self._column_of(name, row, event) for name in row.fields}
        row.status = UPDATED if row.fields or "speakers" in row.changed else UNCHANGED

    def _column_of(self, name, row, event):
        """The column whose cell changes a field: times a new date moved at the same clock time,
        and an end date moved with the date, are the date's change."""
        moved = "start_date" in row.fields
        if name in ("starts_at", "ends_at"):
            column = "start" if name == "starts_at" else "end"
            new, old = row.values[name], getattr(event, name)
            same_clock = new and old and clock(new.astimezone(self.zone)) == clock(old.astimezone(self.zone))
            return "date" if column not in self.found or (moved and same_clock) else column
        if name == "end_date":
            return "date" if moved or "end" not in self.found else "end"
        return {"start_date": "date", "time_as_printed": "start"}.get(name, name)

    # -- writing -------------------------------------------------------------------------------

    def write(self, plan, progress=None):
        """Write the plan (run() calls it only for a plan without problems): see write.py."""
        write_programme(self, plan, progress)


# The session's text fields, compared as an export of them reads back.
TEXT_FIELDS = ("title_en", "title_zh", "description", "time_as_printed")


def _same(name, stored, value):
    """Whether a session's stored field is what the file has: text as read back from an export."""
    if name in TEXT_FIELDS:
        return as_read(stored, lines=name == "description") == value
    return stored == value


def _pair_roles(existing, printed, entries):
    """([stored role or None for each entry], [stored roles left over]): an entry takes a role
    printed the same, else one of the same name and role, else one of the same name, each
    role once, in the order they stand."""
    paired, left = [None] * len(entries), list(existing)
    keys = (
        lambda role, name, affiliation: (role, name, affiliation),
        lambda role, name, affiliation: (role, name_key(name)),
        lambda role, name, affiliation: name_key(name),
    )
    texts = {id(role): text for role, text in zip(existing, printed, strict=True)}
    for key in keys:
        waiting = defaultdict(list)
        for role in left:
            waiting[key(*texts[id(role)])].append(role)
        for index, entry in enumerate(entries):
            if paired[index] is None and (candidates := waiting.get(key(*entry))):
                paired[index] = candidates.pop(0)
        taken = {id(role) for role in paired if role is not None}
        left = [role for role in left if id(role) not in taken]
    return paired, left


class Evidence:
    """One session role of a candidate person, as the preview shows it (`text`), with what it
    says of their affiliation: organisation ids (it and its parent) and name keys."""

    __slots__ = ("ids", "keys", "text")

    def __init__(self, ids, keys, text):
        self.ids, self.keys, self.text = ids, keys, text


def programme_evidence(person_ids):
    """{person id: [Evidence]} of the session roles of these people, the latest first: the
    year, the summit, the session, the role, the affiliation, and whether it is public."""
    found = {}
    fields = (
        "person_id",
        "role",
        "affiliation_as_printed",
        "organization_id",
        "organization__parent_id",
        "organization__name_zh",
        "organization__name_en",
        "event__title_en",
        "event__title_zh",
        "event__start_date",
        "event__summit__title_en",
        "event__summit__title_zh",
        "event__is_public",
    )
    roles = dict(SessionRoleKind.choices)
    public, private = gettext("public"), gettext("not public")
    for chunk in bulk.chunks(sorted(person_ids)):
        rows = (
            SessionRole.objects.filter(person_id__in=chunk)
            .order_by("-event__start_date", "event_id")
            .values_list(*fields)
        )
        for (
            pk,
            role,
            printed,
            org,
            parent,
            org_zh,
            org_en,
            title_en,
            title_zh,
            day,
            summit_en,
            summit_zh,
            is_public,
        ) in rows:
            ids = {org, parent} - {None}
            keys = {name_key(name) for name in (printed, org_zh or "", org_en or "")} - {""}
            parts = [
                str(day.year) if day else "",
                summit_zh or summit_en or "",
                title_zh or title_en,
                str(roles.get(role, role)),
                printed or org_zh or org_en or "",
                public if is_public else private,
            ]
            found.setdefault(pk, []).append(Evidence(ids, keys, " · ".join(part for part in parts if part)))
    return found
