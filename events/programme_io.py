"""A summit's programme (its sessions) in and out as a spreadsheet, one row per session.

Columns, found by header in any order (English as the fixtures name them, or Chinese):

    key 代號 · parent 上層 · kind 類型 · format 形式 · date 日期 (required) · start 開始 · end 結束 ·
    room 會議室 · tracks 主題 · languages 語言 · title_en 英文標題 · title_zh 中文標題 (one of the
    two required) · description 說明 · speakers 講者

- `key`: a short slug ([a-z0-9-]) naming the session within the summit (its slug is
  "<summit slug>-<key>"); without a key a row is matched to a session of the summit with the
  same title, date and start. `parent`: the key of the enclosing session; empty = the summit.
- `date` YYYY-MM-DD (also 2016/12/8 and the ROC calendar: 105/12/08, 105年12月8日);
  `start`, `end` in the summit's local time, HH:MM (also 3:00pm); stored in UTC through the
  summit's time zone. A time without a date is kept as printed.
- `kind`: session (default), side_event, reception, meeting, visit; `format`: plenary, panel,
  workshop… (codes or their names in either language).
- `room`: the room's name (“venue · room”, or its key); `tracks` (names or keys) and
  `languages` (ISO 639-1 codes) separated by " | ". An unknown room or track is created; an
  unknown language is an error.
- `speakers`: everyone named under the session, in printed order, separated by “;”:
  `Name (role, affiliation)`, e.g. `Audrey Tang (speaker, Digital Minister); OGP Support Unit
  (organiser)`. The role is speaker, moderator, chair, organiser, host or participant (or its
  Chinese name: 講者, 主持人…); without parentheses a name is a speaker. Only the final
  parenthesis of an entry is read, so a name may hold its own: `UK Government (Cabinet Office)
  (organiser)`. Names are matched to people (an organiser to organisations too) by any of their
  names; unknown names are created.

A column the file does not have is left as it is; sessions the file does not list are kept.
`ProgrammeImport(summit).run(table, dry_run=True)` returns the Plan (ogparchive.imports);
without dry_run and with no problems it writes everything in one transaction, set-based.
`programme_rows(summit)` are the rows of an export: export then import changes nothing.
"""

import datetime
import re
import time
import unicodedata
import zoneinfo
from collections import defaultdict

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ogparchive import history
from ogparchive.bulk_insert import insert, insert_values
from ogparchive.imports import ERROR, NEW, UNCHANGED, UPDATED, Importer, Plan, RowPlan
from ogparchive.spreadsheets import Column, Columns, Problem, cell_lines, cell_text
from ogparchive.text import name_key
from people import bulk
from people.models import Organization, Person

from .models import Event, EventKind, Language, Room, SessionFormat, SessionRole, SessionRoleKind, Track

PROGRAMME_COLUMNS = Columns(
    [
        Column("key", "key", ("代號", "鍵", "id", "slug")),
        Column("parent", "parent", ("上層", "上層場次", "part of")),
        Column("kind", "kind", ("類型", "種類")),
        Column("format", "format", ("形式", "會議形式")),
        Column("date", "date", ("日期", "day"), required=True),
        Column("start", "start", ("開始", "開始時間", "start time", "from")),
        Column("end", "end", ("結束", "結束時間", "end time", "to")),
        Column("room", "room", ("會議室", "場地", "地點")),
        Column("tracks", "tracks", ("主題", "軌道", "track", "themes", "theme")),
        Column("languages", "languages", ("語言", "language")),
        Column("title_en", "title_en", ("英文標題", "title", "english title")),
        Column("title_zh", "title_zh", ("中文標題", "標題", "chinese title")),
        Column("description", "description", ("說明", "簡介")),
        Column("speakers", "speakers", ("講者", "與談人", "roles", "people")),
    ]
)
SESSION_KINDS = [kind for kind in EventKind if kind != EventKind.SUMMIT]
SEPARATOR = re.compile(r"\s*[|\n]\s*")
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LIMITS = {"title_en": 500, "title_zh": 500, "room": 300}


def vocabulary(choices):
    """{key of a word staff may write: code}: codes and labels in both languages."""
    words = {}
    for choice in choices:
        words[name_key(choice.value)] = choice.value
        words[name_key(choice.value.replace("_", " "))] = choice.value
        for language in ("zh-hant", "en"):
            with translation.override(language):
                words[name_key(str(choice.label))] = choice.value
    return words


def _folded(value):
    return unicodedata.normalize("NFKC", value).strip()


ROC = re.compile(r"(\d{2,3})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?")
GREGORIAN = re.compile(r"(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?")
TIME = re.compile(r"(\d{1,2})(?:\s*[:.hH]\s*(\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.IGNORECASE)


def parse_date(value):
    """A date from a cell: a date, YYYY-MM-DD (or / . 年月日), or the ROC calendar (105/12/08)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _folded(str(value))
    try:
        if match := GREGORIAN.fullmatch(text):
            return datetime.date(*map(int, match.groups()))
        if match := ROC.fullmatch(text.removeprefix("民國").strip()):
            year, month, day = map(int, match.groups())
            return datetime.date(year + 1911, month, day)
    except ValueError:
        return None
    return None


def parse_time(value):
    """A time from a cell: a time, HH:MM(:SS), or 3:00pm / 3pm."""
    if isinstance(value, datetime.datetime):
        return value.time().replace(tzinfo=None)
    if isinstance(value, datetime.time):
        return value.replace(tzinfo=None)
    match = TIME.fullmatch(_folded(str(value)))
    if not match or (match.group(2) is None and match.group(4) is None):
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    if meridiem := (match.group(4) or "").lower().replace(".", ""):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        return datetime.time(hour, minute, second)
    except ValueError:
        return None


def split_speakers(text):
    """The entries of a speakers cell: split at “;” (or a new line) outside parentheses."""
    entries, depth, current = [], 0, []
    for char in text:
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(depth - 1, 0)
        if char in ";；\n" and depth == 0:
            entries.append("".join(current))
            current = []
        else:
            current.append(char)
    entries.append("".join(current))
    return [entry.strip() for entry in entries if entry.strip()]


def final_group(entry):
    """(text before, inside) of an entry's final parenthesis, or (entry, None)."""
    if not entry.endswith((")", "）")):
        return entry, None
    depth = 0
    for index in range(len(entry) - 1, -1, -1):
        if entry[index] in ")）":
            depth += 1
        elif entry[index] in "(（":
            depth -= 1
            if depth == 0:
                return entry[:index].strip(), entry[index + 1 : -1].strip()
    return entry, None


# The session fields a programme row sets as they are (kind is set on creation separately).
SESSION_FIELDS = (
    "format",
    "title_en",
    "title_zh",
    "description",
    "start_date",
    "end_date",
    "starts_at",
    "ends_at",
    "time_as_printed",
)


class ProgrammeImport(Importer):
    name_columns = ("room", "tracks", "speakers")

    def __init__(self, summit):
        self.summit = self.target = summit
        self.zone = zoneinfo.ZoneInfo(summit.time_zone) if summit.time_zone else None
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

    def plan(self, table, progress=None):
        plan = Plan(kind="programme", table=table)
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
        self._resolve_roles(rows)
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
        self.signatures = {}
        for event in self.sessions.values():
            self.signatures.setdefault(
                self._signature(event.title_en or event.title_zh, event.start_date, event.starts_at), event
            )

    @staticmethod
    def _signature(title, day, starts_at):
        return (name_key(title), day, starts_at)

    def key_of(self, event):
        return event.slug.removeprefix(self.prefix)

    def _read_row(self, number, cells):
        found = self.found
        raw = {key: cells[index] if index < len(cells) else None for key, index in found.items()}
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
        if key and len(self.prefix + key) > 200:
            self._problem(
                row, "key", _("%(column)s is longer than %(limit)s characters."), limit=200 - len(self.prefix)
            )
        if not text.get("title_en") and not text.get("title_zh"):
            column = "title_en" if "title_en" in found else "title_zh"
            self._problem(row, column, _("The session has no title: fill in title_en or title_zh."))
        for name, limit in LIMITS.items():
            if len(text.get(name, "")) > limit:
                self._problem(row, name, _("%(column)s is longer than %(limit)s characters."), limit=limit)
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
            values["room"] = self._room(text["room"]) if text["room"] else None
        if "tracks" in text:
            values["tracks"] = [self._track(name) for name in SEPARATOR.split(text["tracks"]) if name]
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
        values["start_date"] = values["end_date"] = day
        times = {}
        for name in ("start", "end"):
            if name not in text:
                continue
            if not text[name] or day is None:
                times[name] = None
                continue
            moment = parse_time(raw[name])
            if moment is None:
                self._problem(row, name, _("%(column)s “%(value)s” is not a time (HH:MM)."), value=text[name])
                return
            times[name] = datetime.datetime.combine(day, moment, tzinfo=self.zone).astimezone(datetime.UTC)
        if "start" in times:
            values["starts_at"] = times["start"]
        if "end" in times:
            values["ends_at"] = times["end"]
        if times.get("start") and times.get("end") and times["end"] <= times["start"]:
            self._problem(row, "end", _("%(column)s %(value)s is not after the start."), value=text["end"])
        if "start" in text or "end" in text:
            # A time printed without a date is kept as printed.
            values["time_as_printed"] = (
                "–".join(filter(None, [text.get("start", ""), text.get("end", "")])) if day is None else ""
            )

    def _room(self, name):
        key = name_key(name)
        for room in self.rooms:
            if key in (name_key(str(room)), name_key(room.slug)):
                return room
        named = [room for room in self.rooms if name_key(room.name) == key or name_key(room.venue) == key]
        if len(named) == 1:
            return named[0]
        if key not in self.new_rooms:
            self.new_rooms[key] = Room(
                summit=self.summit, name=name, position=len(self.rooms) + len(self.new_rooms) + 1
            )
        return self.new_rooms[key]

    def _track(self, name):
        key = name_key(name)
        for track in self.tracks:
            if key in (name_key(track.slug), name_key(track.name_en), name_key(track.name_zh)):
                return track
        if key not in self.new_tracks:
            field = "name_zh" if bulk.is_chinese(name) else "name_en"
            self.new_tracks[key] = Track(
                summit=self.summit, position=len(self.tracks) + len(self.new_tracks) + 1, **{field: name}
            )
        return self.new_tracks[key]

    def _read_speakers(self, row, value):
        entries = []
        text = cell_text(value)
        for entry in split_speakers(text):
            name, inside = final_group(entry)
            role, affiliation = SessionRoleKind.SPEAKER, ""
            if inside is not None:
                word, _comma, rest = inside.partition(",")
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
                role, affiliation = self.role_words[name_key(word)], rest.strip()
            if not name:
                self._problem(
                    row, "speakers", _("%(column)s: an entry has no name: “%(value)s”."), value=entry
                )
                continue
            if len(name) > 300 or len(affiliation) > 500:
                self._problem(row, "speakers", _("%(column)s: “%(value)s” is too long."), value=entry[:60])
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
                signature = self._signature(
                    values.get("title_en") or values.get("title_zh", ""),
                    values.get("start_date"),
                    values.get("starts_at"),
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
                row.record = self.signatures.get(signature)
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
        self.rows_by_key = {row.cells["key"]: row for row in rows if row.cells.get("key")}

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
                existing = self.by_slug.get(self.prefix + parent_key) or self.by_slug.get(parent_key)
                if existing is None:
                    self._problem(
                        row,
                        "parent",
                        _("%(column)s “%(value)s” is no session of this summit."),
                        value=parent_key,
                    )
                else:
                    row.values["parent"] = existing
                continue
            # A parent row of the file: no cycles.
            trail, node = {row.number}, parent
            while node is not None:
                if node.number in trail:
                    self._problem(
                        row,
                        "parent",
                        _("%(column)s “%(value)s” makes the session part of itself."),
                        value=parent_key,
                    )
                    break
                trail.add(node.number)
                node = self.rows_by_key.get(node.cells.get("parent", ""))
            row.values["parent"] = parent

    def _resolve_roles(self, rows):
        names = [
            name
            for row in rows
            for _role, name, affiliation in row.values.get("speakers", [])
            for name in (name, affiliation)
        ]
        self.people = bulk.NameIndex(Person, names)
        self.organizations = bulk.NameIndex(Organization, names)
        self.new_people, self.new_organizations = {}, {}
        # Translated once, not once per new name.
        self.new_person_note = gettext("new person: %(name)s")
        self.new_organisation_note = gettext("new organisation: %(name)s")

    def _speaker_links(self, role, name, affiliation):
        """(person, organisation, note) for a new or changed entry."""
        people = self.people.matching(name)
        organizations = self.organizations.matching(name)
        by_affiliation = self.organizations.matching(affiliation) if affiliation else set()
        affiliation_org = Organization(pk=by_affiliation.pop()) if len(by_affiliation) == 1 else None
        if len(people) == 1:
            return Person(pk=people.pop()), affiliation_org
        if len(organizations) == 1 and (role == SessionRoleKind.ORGANISER or not people):
            return None, Organization(pk=organizations.pop())
        if people or organizations:
            return None, affiliation_org  # more than one record has the name: kept as printed only
        key = name_key(name)
        if role == SessionRoleKind.ORGANISER:
            return None, self.new_organizations.setdefault(key, _New(name))
        return self.new_people.setdefault(key, _New(name)), affiliation_org

    def _compare(self, row):
        values, event = row.values, row.record
        if "speakers" in values:
            existing = self.session_roles.get(event.pk, []) if event else []
            printed = [(role.role, role.name_as_printed, role.affiliation_as_printed) for role in existing]
            entries = values["speakers"]
            plan = []
            for index, (role, name, affiliation) in enumerate(entries):
                old = existing[index] if index < len(existing) else None
                if old is not None and printed[index] == (role, name, affiliation):
                    plan.append((old, None))
                    continue
                person, organization = self._speaker_links(role, name, affiliation)
                plan.append(
                    (
                        old,
                        {
                            "role": role,
                            "name_as_printed": name,
                            "affiliation_as_printed": affiliation,
                            "person": person,
                            "organization": organization,
                            "note": "",
                        },
                    )
                )
                if isinstance(person, _New):
                    row.notes.append(self.new_person_note % {"name": name})
                if isinstance(organization, _New):
                    row.notes.append(self.new_organisation_note % {"name": name})
            values["roles"] = plan
            values["roles_removed"] = existing[len(entries) :]
            if printed != [tuple(entry) for entry in entries]:
                row.changed.add("speakers")
        for name in ("room",):
            if isinstance(values.get(name), Room) and values[name].pk is None:
                row.notes.append(_("new room: %(name)s") % {"name": values[name].name})
        if event is None:
            row.status = NEW
            return
        for name in ("kind", *SESSION_FIELDS):
            if name in values and getattr(event, name) != values[name]:
                row.fields.add(name)
        if "parent" in values and event.parent_id != _pk(values["parent"]):
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
        columns = {
            "start_date": "date",
            "end_date": "date",
            "starts_at": "start",
            "ends_at": "end",
            "time_as_printed": "start",
        }
        row.changed |= {columns.get(name, name) for name in row.fields}
        row.status = UPDATED if row.fields or "speakers" in row.changed else UNCHANGED

    # -- writing -------------------------------------------------------------------------------

    def write(self, plan, progress=None):
        from reports.publication import refresh_public_flags
        from reports.receivers import deferred_public_flags

        rows = [row for row in plan.rows if row.status in (NEW, UPDATED)]
        with deferred_public_flags():
            self._create_places()
            self._create_speakers()
            self._write_sessions(rows)
            if progress:
                progress("write", len(plan.rows), len(plan.rows))
            people, organisations = self._write_roles(rows)
        started = time.perf_counter()
        # The summit's programme brings in everyone its roles name now; the people and
        # organisations that roles no longer name are given besides.
        refresh_public_flags(
            events=[self.summit.pk], people=people - {None}, organizations=organisations - {None}
        )
        plan.timings["public flags"] = time.perf_counter() - started

    def _create_places(self):
        rooms = list(self.new_rooms.values())
        for room, slug in zip(rooms, bulk.free_slugs(Room, [room.name for room in rooms], "r"), strict=True):
            room.slug = slug
        # Room slugs are unique within the summit only; free_slugs checked them across all.
        history.record_bulk(Room, Room.objects.bulk_create(rooms), history.ADDED)
        tracks = list(self.new_tracks.values())
        names = [track.name_en or track.name_zh for track in tracks]
        for track, slug in zip(tracks, bulk.free_slugs(Track, names, "t"), strict=True):
            track.slug = slug
        history.record_bulk(Track, Track.objects.bulk_create(tracks), history.ADDED)

    def _create_speakers(self):
        people = list(self.new_people.values())
        created = bulk.create_records(
            Person, [bulk.new_record(Person, record.name) for record in people], [r.name for r in people], "p"
        )
        for record, person in zip(people, created, strict=True):
            record.pk = person.pk
        organisations = list(self.new_organizations.values())
        created_organisations = bulk.create_records(
            Organization,
            [bulk.new_record(Organization, record.name) for record in organisations],
            [r.name for r in organisations],
            "o",
        )
        for record, organisation in zip(organisations, created_organisations, strict=True):
            record.pk = organisation.pk

    def _write_sessions(self, rows):
        summit = self.summit
        new_rows = [row for row in rows if row.record is None]
        slugs = {}
        unnamed = [row for row in new_rows if not row.slug]
        names = [
            f"{summit.slug} {row.values.get('title_en') or row.values.get('title_zh', '')}" for row in unnamed
        ]
        for row, slug in zip(unnamed, bulk.free_slugs(Event, names, summit.slug), strict=True):
            slugs[row.number] = slug
        # Parents first: a level's sessions are created once the level above has its keys.
        pending, created_events = list(new_rows), []
        while pending:
            ready = [row for row in pending if _pk(row.values.get("parent", summit)) is not None]
            if not ready:
                raise RuntimeError("programme import: a parent session was never created")
            events = []
            for row in ready:
                values = row.values
                event = Event(
                    kind=values.get("kind") or EventKind.SESSION,
                    parent=_event(values.get("parent", summit)),
                    summit=summit,
                    slug=row.slug or slugs[row.number],
                    time_zone=summit.time_zone,
                    position=row.number,
                    **{name: values[name] for name in SESSION_FIELDS if name in values},
                    room=values.get("room"),
                )
                event.search_document = event.build_search_document()
                events.append(event)
                row.record = event
                row.values["_new"] = True
            created_events += insert(Event, events)
            created = {id(row) for row in ready}
            pending = [row for row in pending if id(row) not in created]
        update, fields = [], set()
        for row in rows:
            if row.values.get("_new"):
                continue
            event = row.record
            for name in row.fields - {"tracks", "languages"}:
                value = row.values[name]
                setattr(event, name, _event(value) if name == "parent" else value)
                fields.add(name)
            if row.fields & {"title_en", "title_zh", "description"}:
                event.search_document = event.build_search_document()
                fields.add("search_document")
            update.append(event)
        if fields:
            Event.objects.bulk_update(update, sorted(fields), batch_size=1000)
        self._write_sets(rows, "tracks", Event.tracks.through, "track_id")
        self._write_sets(rows, "languages", Event.languages.through, "language_id")
        # Recorded once the tracks and languages are written: a version holds its links.
        history.record_bulk(Event, created_events, history.ADDED)
        history.record_bulk(
            Event, [row.record for row in rows if row.fields and not row.values.get("_new")], history.CHANGED
        )

    @staticmethod
    def _write_sets(rows, name, through, column):
        changed = [
            row for row in rows if name in row.values and (row.values.get("_new") or name in row.fields)
        ]
        if not changed:
            return
        # A new session has no rows to replace.
        ids = [row.record.pk for row in changed if not row.values.get("_new")]
        for chunk in bulk.chunks(ids):
            through.objects.filter(event_id__in=chunk).delete()
        insert_values(
            through,
            (
                {"event_id": row.record.pk, column: item.pk}
                for row in changed
                for item in dict.fromkeys(row.values[name])
            ),
        )

    def _write_roles(self, rows):
        """Write the roles; returns (people, organisations) that changed or removed roles named."""
        people, organisations = set(), set()
        update, create, delete = [], [], []
        for row in rows:
            if "roles" not in row.values:
                continue
            event = row.record
            kept_orders = [old.order for old, change in row.values["roles"] if old is not None]
            next_order = max([*kept_orders, *(old.order for old in row.values["roles_removed"]), 0]) + 1
            for old, change in row.values["roles"]:
                if change is None:
                    continue
                person, organization = change.pop("person"), change.pop("organization")
                change["person_id"] = getattr(person, "pk", None)
                change["organization_id"] = getattr(organization, "pk", None)
                if old is not None:
                    people.add(old.person_id)
                    organisations.add(old.organization_id)
                    for name, value in change.items():
                        setattr(old, name, value)
                    update.append(old)
                else:
                    create.append({"event_id": event.pk, "order": next_order, **change})
                    next_order += 1
            for old in row.values["roles_removed"]:
                people.add(old.person_id)
                organisations.add(old.organization_id)
                delete.append(old.pk)
        history.record_bulk(SessionRole, delete, history.DELETED)
        for chunk in bulk.chunks(delete):
            SessionRole.objects.filter(pk__in=chunk).delete()
        SessionRole.objects.bulk_update(
            update,
            ["role", "name_as_printed", "affiliation_as_printed", "person_id", "organization_id", "note"],
            batch_size=1000,
        )
        history.record_bulk(SessionRole, update, history.CHANGED)
        history.record_bulk(SessionRole, insert_values(SessionRole, create, ids=True), history.ADDED)
        return people, organisations


def _event(value):
    """An Event for a parent given as an Event or as the row (RowPlan) of the file that makes it."""
    return value.record if isinstance(value, RowPlan) else value


def _pk(value):
    event = _event(value)
    return event.pk if event is not None else None


class _New:
    """A person or organisation the import would create, shared by the entries naming it."""

    def __init__(self, name):
        self.name = name
        self.pk = None


def speaker_cell(roles):
    """A session's roles as its speakers cell: “Name (role, affiliation); …”."""
    entries = []
    for role in roles:
        name = role.name_as_printed or str(role.person or role.organization or "")
        inside = ", ".join(filter(None, [str(role.get_role_display()), role.affiliation_as_printed]))
        entries.append(f"{name} ({inside})")
    return "; ".join(entries)


def programme_rows(summit, chunk_size=2000):
    """The rows of the summit's programme export, in programme order, read in chunks."""
    prefix = f"{summit.slug}-"
    zone = zoneinfo.ZoneInfo(summit.time_zone) if summit.time_zone else None
    sessions = (
        Event.objects.filter(summit=summit)
        .select_related("parent", "room")
        .prefetch_related("tracks", "languages", "roles__person", "roles__organization")
        .order_by("start_date", "starts_at", "position", "pk")
    )
    keys = [column.key for column in PROGRAMME_COLUMNS]
    for event in sessions.iterator(chunk_size=chunk_size):
        local = {
            name: getattr(event, name).astimezone(zone) if getattr(event, name) else None
            for name in ("starts_at", "ends_at")
        }
        start, end = (f"{moment:%H:%M}" if moment else "" for moment in local.values())
        if event.start_date is None and event.time_as_printed:
            start, _dash, end = event.time_as_printed.partition("–")
        cells = {
            "key": event.slug.removeprefix(prefix),
            "parent": event.parent.slug.removeprefix(prefix) if event.parent_id != summit.pk else "",
            "kind": event.kind,
            "format": event.format,
            "date": event.start_date.isoformat() if event.start_date else "",
            "start": start,
            "end": end,
            "room": str(event.room) if event.room else "",
            "tracks": " | ".join(track.name_en or track.name_zh for track in event.tracks.all()),
            "languages": " | ".join(language.code for language in event.languages.all()),
            "title_en": event.title_en,
            "title_zh": event.title_zh,
            "description": event.description,
            "speakers": speaker_cell(event.roles.all()),
        }
        yield [cells[key] for key in keys]
