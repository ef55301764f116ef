"""The cells of a programme file: its columns, and how a cell's text is read (dates and times in
many spellings, speakers' entries) and written back (clock times, one-line names), so that an
export (export.py) reads back through the import (plan.py) as it was."""

import datetime
import re
import unicodedata
import zoneinfo

from django.conf import settings
from django.utils import translation

from core.spreadsheets.cells import cell_lines, cell_text
from core.spreadsheets.columns import Column, Columns
from core.text import name_key

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
# A cell of several names or codes (tracks, languages) separates them by " | " or lines.
SEPARATOR = re.compile(r"\s*[|\n]\s*")
# A session's key: a short slug naming it within its summit.
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A summit's side events may fall this many days before its first day or after its last.
SIDE_EVENT_DAYS = 2


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


def as_read(text, lines=False):
    """Stored text as an import reads it back from an export: white space tidied (a title typed
    with a line break or doubled spaces), lines kept for a description."""
    return (cell_lines if lines else cell_text)(text)


def one_line(text):
    """Text with its runs of white space, line breaks too, as one space."""
    return " ".join(text.split())


def clock(moment):
    """A local time as the export writes it: HH:MM, with seconds only when it has some."""
    return f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"


def programme_zone(summit):
    """The time zone a programme's times are written in: the summit's, else the archive's."""
    return zoneinfo.ZoneInfo(summit.time_zone or settings.TIME_ZONE)
