"""A summit's programme (its sessions) in and out as a spreadsheet, one row per session.

Columns, found by header in any order (English as the fixtures name them, or Chinese); a title
and notes may stand above the header row:

    key 代號 · parent 上層 · kind 類型 · format 形式 · date 日期 (required) · start 開始 · end 結束 ·
    room 會議室 · tracks 主題 · languages 語言 · title_en 英文標題 · title_zh 中文標題 (one of the
    two required) · description 說明 · speakers 講者

- `key`: a short slug ([a-z0-9-]) naming the session within the summit (its slug is
  "<summit slug>-<key>"); without a key a row is matched to a session of the summit with the
  same date and start and the same English or Chinese title. `parent`: the key of the
  enclosing session; empty = the summit. A session cannot end up part of itself, through the
  file's rows or the sessions stored; a row under a row with an error is refused too.
- `date` YYYY-MM-DD (also 2016/12/8 and the ROC calendar: 105/12/08, 105年12月8日), within the
  summit's dates or up to SIDE_EVENT_DAYS days before or after (side events). An empty date
  cell is refused for a session that has a date (it would remove it) and for a new session
  without a time; a new session with a time but no date keeps the time as printed.
- `start`, `end` in the summit's local time, HH:MM or HH:MM:SS (also 3:00pm, 上午 9:30,
  下午 3 時); stored in UTC through the summit's time zone. A session ending on a later day
  than it starts has that day in its end cell: `2023-09-07 17:00`, or `2023-09-07` alone
  when it has no end time (the export writes it so). A date changed while the start and end
  columns are absent, or keep their clock times, moves the stored times to the new day.
- `kind`: session (default), side_event, reception, meeting, visit; `format`: plenary, panel,
  workshop… (codes or their names in either language).
- `room`: the room's name (“venue · room”, or its key); `tracks` (names or keys) and
  `languages` (ISO 639-1 codes) separated by " | ". An unknown room or track is created; an
  unknown language is an error.
- `speakers`: everyone named under the session, in printed order, separated by “;”, “；”, a
  new line, or outside parentheses the Chinese “、” and “，” (講者：甲、乙、丙):
  `Name (role, affiliation)`, e.g. `Audrey Tang (speaker, Digital Minister); OGP Support Unit
  (organiser)`. The role is speaker, moderator, chair, organiser, host or participant (or its
  Chinese name: 講者, 主持人…); without parentheses a name is a speaker. Only the final
  parenthesis of an entry is read, so a name may hold its own: `UK Government (Cabinet Office)
  (organiser)`; a name in quotation marks ("…" or “…”) may hold separators (the export quotes
  such names). Names are matched to people (an organiser to organisations too) by any of their
  names; unknown names are created. A session's stored roles are paired with the entries by
  name, so a role keeps its links and note when the list is reordered or shortened.

Every cell but `description` and `speakers` is one line: a line break in it (Alt+Enter) is read
as a space. A value longer than its field holds is refused before anything is written.

A column the file does not have is left as it is; sessions the file does not list are kept.
`ProgrammeImport(summit).run(table, dry_run=True)` returns the Plan (core.imports);
without dry_run and with no problems it writes everything in one transaction, set-based.
`programme_rows(summit)` are the rows of an export: export then import changes nothing.
"""

import datetime
import re
import time
import unicodedata
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import history
from core.bulk_insert import insert, insert_values
from core.imports import ERROR, NEW, UNCHANGED, UPDATED, Importer, Plan, RowPlan
from core.spreadsheets import Column, Columns, Problem, cell_lines, cell_text
from core.text import clean_text, name_key
from people import bulk
from people.models import Organization, Person

from ..models import Event, EventKind, Language, Room, SessionFormat, SessionRole, SessionRoleKind, Track

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
# A summit's side events may fall this many days before its first day or after its last.
SIDE_EVENT_DAYS = 2
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
# “3 時”, “3時30分”, “3點”: the hour as Chinese writes it.
CHINESE_CLOCK = re.compile(r"(\d{1,2})\s*[時点點]\s*(?:(\d{1,2})\s*分)?")
# 上午 (morning) and 下午 (afternoon), before or after the time: Taiwanese programmes print both.
HALF_OF_DAY = re.compile(r"(上午|下午)?\s*(.*?)\s*(上午|下午)?")


def summit_days(summit):
    """(first, last) day of `summit`, either standing for both when only one is known;
    (None, None) without dates."""
    first = summit.start_date or summit.end_date
    last = summit.end_date or summit.start_date
    return first, last


def is_within_summit(summit, day):
    """Whether a session of `summit` may take place on `day`: within the summit's dates or up
    to SIDE_EVENT_DAYS before or after (side events). The programme import and the admin's
    session form both ask this."""
    first, last = summit_days(summit)
    if first is None:
        return True
    margin = datetime.timedelta(days=SIDE_EVENT_DAYS)
    return first - margin <= day <= last + margin


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
    """A time from a cell: a time, HH:MM(:SS), 3:00pm / 3pm, or 上午 9:30, 下午3:00, 下午 3 時."""
    if isinstance(value, datetime.datetime):
        return value.time().replace(tzinfo=None)
    if isinstance(value, datetime.time):
        return value.replace(tzinfo=None)
    before, text, after = HALF_OF_DAY.fullmatch(_folded(str(value))).groups()
    if before and after:
        return None
    half = before or after
    meridiem = None
    if match := CHINESE_CLOCK.fullmatch(text):
        hour, minute, second = int(match.group(1)), int(match.group(2) or 0), 0
    else:
        match = TIME.fullmatch(text)
        # A bare number is a time only with its half of the day (“3pm”, “下午 3”).
        if not match or (match.group(2) is None and match.group(4) is None and not half):
            return None
        if match.group(4) and half:
            return None
        hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
        meridiem = (match.group(4) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif half == "上午":
        # 上午 12:30 is half past midnight, as 12:30am.
        if hour > 12:
            return None
        hour %= 12
    elif half == "下午" and hour < 12:
        # 下午 12:15 is a quarter past noon; 下午 15:00 already counts from midnight.
        hour += 12
    try:
        return datetime.time(hour, minute, second)
    except ValueError:
        return None


def parse_end(value):
    """(date, time or None) of an end cell that carries the day a session ends on: a date and a
    time (“2023-09-07 17:00”), or a date alone; (None, None) if it is neither."""
    if isinstance(value, datetime.datetime):
        return value.date(), value.time().replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value, None
    text = _folded(str(value))
    for pattern, written, offset in ((GREGORIAN, text, 0), (ROC, text.removeprefix("民國").strip(), 1911)):
        if match := pattern.match(written):
            try:
                day = datetime.date(int(match.group(1)) + offset, int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None, None
            rest = written[match.end() :].strip(" T")
            moment = parse_time(rest) if rest else None
            return (day, moment) if moment is not None or not rest else (None, None)
    return None, None


# What separates the entries of a speakers cell outside parentheses and quotation marks: reports
# print 講者：甲、乙、丙 and 甲，乙.
SPEAKER_SEPARATORS = ";；\n、，"
# Quotation marks that may hold a name with separators or parentheses: opening: closing.
QUOTES = {'"': '"', "“": "”"}


def split_speakers(text):
    """The entries of a speakers cell, split at SPEAKER_SEPARATORS outside parentheses and
    quotation marks: [(entry, closed)], `closed` false for an entry that leaves a parenthesis
    or a quotation mark open (it runs to the end of the cell)."""
    entries, depth, quote, current = [], 0, None, []
    for char in text:
        if quote is not None:
            if char == QUOTES[quote]:
                quote = None
        elif char in QUOTES:
            quote = char
        elif char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(depth - 1, 0)
        elif char in SPEAKER_SEPARATORS and depth == 0:
            entries.append(("".join(current), True))
            current = []
            continue
        current.append(char)
    entries.append(("".join(current), depth == 0 and quote is None))
    return [(entry.strip(), closed) for entry, closed in entries if entry.strip()]


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


def unquoted(name):
    """A name without the quotation marks around it all (“…” or "…"), which let it hold
    separators; quotation marks inside a name stay."""
    closing = QUOTES.get(name[:1])
    if closing and len(name) > 1 and name.endswith(closing) and closing not in name[1:-1]:
        return name[1:-1].strip()
    return name


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
    columns = PROGRAMME_COLUMNS
    name_columns = ("room", "tracks", "speakers")

    def __init__(self, summit):
        self.summit = self.target = summit
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

    def key_of(self, event):
        return event.slug.removeprefix(self.prefix)

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
            shown = row.cells.get("end") or _clock(ends_at.astimezone(self.zone))
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
            name, affiliation = _one_line(name), _one_line(affiliation)
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
        self.new_people, self.new_organizations = {}, {}
        # Translated once, not once per new name.
        self.new_person_note = gettext("new person: %(name)s")
        self.new_organisation_note = gettext("new organisation: %(name)s")

    def _speaker_links(self, role, name, affiliation):
        """(person, organisation) for a new entry."""
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
            (role.role, _as_read(role.name_as_printed), _as_read(role.affiliation_as_printed))
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
            person, organization = self._speaker_links(role, name, affiliation)
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
            if isinstance(person, _New):
                row.notes.append(self.new_person_note % {"name": name})
            if isinstance(organization, _New):
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
        row.changed |= {self._column_of(name, row, event) for name in row.fields}
        row.status = UPDATED if row.fields or "speakers" in row.changed else UNCHANGED

    def _column_of(self, name, row, event):
        """The column whose cell changes a field: times a new date moved at the same clock time,
        and an end date moved with the date, are the date's change."""
        moved = "start_date" in row.fields
        if name in ("starts_at", "ends_at"):
            column = "start" if name == "starts_at" else "end"
            new, old = row.values[name], getattr(event, name)
            same_clock = (
                new and old and _clock(new.astimezone(self.zone)) == _clock(old.astimezone(self.zone))
            )
            return "date" if column not in self.found or (moved and same_clock) else column
        if name == "end_date":
            return "date" if moved or "end" not in self.found else "end"
        return {"start_date": "date", "time_as_printed": "start"}.get(name, name)

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
        update, moving, create, delete = [], [], [], []
        for row in rows:
            if "roles" not in row.values:
                continue
            event = row.record
            roles = row.values["roles"]
            stored = [old for old, _change in roles if old is not None] + row.values["roles_removed"]
            # Roles change places through orders no role of the session has, now or after:
            # (event, order) is unique, and checked row by row as an UPDATE goes.
            free = max([old.order for old in stored] + [len(roles)]) + 1
            for old, change in roles:
                if change is None:
                    continue
                if old is None:
                    person, organization = change.pop("person"), change.pop("organization")
                    change["person_id"] = getattr(person, "pk", None)
                    change["organization_id"] = getattr(organization, "pk", None)
                    create.append({"event_id": event.pk, **change})
                    continue
                if "order" in change:
                    moving.append((old, free))
                    free += 1
                if "name_as_printed" in change:
                    people.add(old.person_id)
                    organisations.add(old.organization_id)
                for name, value in change.items():
                    setattr(old, name, value)
                update.append(old)
            for old in row.values["roles_removed"]:
                people.add(old.person_id)
                organisations.add(old.organization_id)
                delete.append(old.pk)
        history.record_bulk(SessionRole, delete, history.DELETED)
        for chunk in bulk.chunks(delete):
            SessionRole.objects.filter(pk__in=chunk).delete()
        if moving:
            # First out of the way; their final orders are written below, with their change.
            final = [old.order for old, _free in moving]
            for old, free in moving:
                old.order = free
            SessionRole.objects.bulk_update([old for old, _free in moving], ["order"], batch_size=1000)
            for (old, _free), order in zip(moving, final, strict=True):
                old.order = order
        SessionRole.objects.bulk_update(
            update, ["role", "name_as_printed", "affiliation_as_printed", "order"], batch_size=1000
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


def _as_read(text, lines=False):
    """Stored text as an import reads it back from an export: white space tidied (a title typed
    with a line break or doubled spaces), lines kept for a description."""
    return (cell_lines if lines else cell_text)(text)


# The session's text fields, compared as an export of them reads back.
TEXT_FIELDS = ("title_en", "title_zh", "description", "time_as_printed")


def _same(name, stored, value):
    """Whether a session's stored field is what the file has: text as read back from an export."""
    if name in TEXT_FIELDS:
        return _as_read(stored, lines=name == "description") == value
    return stored == value


def _one_line(text):
    """Text with its runs of white space, line breaks too, as one space."""
    return " ".join(text.split())


def _clock(moment):
    """A local time as the export writes it: HH:MM, with seconds only when it has some."""
    return f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"


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


def _speaker_entry(name, inside):
    """One entry of a speakers cell, the name in quotation marks when the import would not read
    it back as it is (it holds a separator, a parenthesis or a quotation mark of its own)."""
    for written in (name, f"“{name}”", f'"{name}"'):
        entry = f"{written} ({inside})"
        read = split_speakers(entry)
        if len(read) == 1 and read[0][1]:
            before, group = final_group(read[0][0])
            if unquoted(before) == name and group == inside:
                return entry
    return f"“{name}” ({inside})"


def speaker_cell(roles):
    """A session's roles as its speakers cell: “Name (role, affiliation); …”."""
    entries = []
    for role in roles:
        name = role.name_as_printed or str(role.person or role.organization or "")
        inside = ", ".join(filter(None, [str(role.get_role_display()), role.affiliation_as_printed]))
        entries.append(_speaker_entry(_one_line(name), _one_line(inside)))
    return "; ".join(entries)


def programme_zone(summit):
    """The time zone a programme's times are written in: the summit's, else the archive's."""
    return zoneinfo.ZoneInfo(summit.time_zone or settings.TIME_ZONE)


def _time_cells(event, zone):
    """The start and end cells of a session: local clock times; a session ending on a later day
    has that day in its end cell; a time printed without a date as it was printed."""
    if event.start_date is None and event.time_as_printed:
        start, _dash, end = event.time_as_printed.partition("–")
        return start, end
    local_start, local_end = (
        moment.astimezone(zone) if moment else None for moment in (event.starts_at, event.ends_at)
    )
    start = _clock(local_start) if local_start else ""
    end = _clock(local_end) if local_end else ""
    ends_on = local_end.date() if local_end else event.end_date
    if event.start_date and ends_on and ends_on != event.start_date:
        end = f"{ends_on.isoformat()} {end}".strip()
    return start, end


def programme_rows(summit, chunk_size=2000):
    """The rows of the summit's programme export, in programme order, read in chunks."""
    prefix = f"{summit.slug}-"
    zone = programme_zone(summit)
    sessions = (
        Event.objects.filter(summit=summit)
        .select_related("parent", "room")
        .prefetch_related("tracks", "languages", "roles__person", "roles__organization")
        .order_by("start_date", "starts_at", "position", "pk")
    )
    keys = [column.key for column in PROGRAMME_COLUMNS]
    for event in sessions.iterator(chunk_size=chunk_size):
        start, end = _time_cells(event, zone)
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
