"""Dates as reports print them, in the ROC (民國) or the Gregorian calendar.

    105 年 12 月 5 日, 民國105年12月5日, 105.12.5, 105/12/05   → 2016-12-05 (ROC year + 1911)
    2023 年 9 月 4 日, 2023-09-04, 2023/9/4, 2023.9.4         → 2023-09-04
    2023 年 12 月, 106 年 2 月, 2023-12                        → 2023-12-01, month precision

Full-width digits and separators (１０５．１２．５) read as their plain forms. A year of three
digits or fewer is an ROC year; of four, Gregorian. A period (出國期間) is two dates joined by
至, 到, 起至, ~ or a dash; the end may leave out what it shares with the start
(105 年 12 月 5 日至 12 月 11 日, 2023年9月4日至10日).
"""

import dataclasses
import datetime
import re

from reports.models import DatePrecision

ROC_OFFSET = 1911

# Full-width digits and the separators dates use, as their ASCII forms. Only these: the rest of
# the text keeps its full-width punctuation.
_PLAIN = str.maketrans("０１２３４５６７８９．／－～", "0123456789./-~")

# A date written with 年 月 日: the year (with 民國 before it, or not), the month, the day
# (optional: a month-precision date), each number with spaces allowed around it.
_CHINESE_DATE = re.compile(
    r"(?:民國\s*)?(?P<year>\d{2,4})\s*年\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?"
)
# A date in digits with one separator: 105.12.5, 105/12/05, 2023-09-04, 2023-12 (no day).
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?P<year>\d{2,4})(?P<sep>[./-])(?P<month>\d{1,2})(?:(?P=sep)(?P<day>\d{1,2}))?(?![\d.])"
)
# The end of a period, after its joining word, which may leave out the year, or year and month.
_PERIOD_JOIN = re.compile(r"\s*(?:起\s*至|至|到|~|-|–|—)\s*")
_END_DAY = re.compile(r"^(?P<day>\d{1,2})\s*日")
_END_MONTH_DAY = re.compile(r"^(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")


@dataclasses.dataclass(frozen=True)
class PartialDate:
    """A date and how much of it was printed: `precision` is DatePrecision.DAY, or MONTH when
    only the year and month were (then `date` is the month's first day)."""

    date: datetime.date
    precision: str = DatePrecision.DAY

    def isoformat(self):
        if self.precision == DatePrecision.MONTH:
            return self.date.isoformat()[:7]
        return self.date.isoformat()


def plain(text):
    """`text` with full-width digits and date separators as ASCII."""
    return (text or "").translate(_PLAIN)


def gregorian_year(year):
    return year + ROC_OFFSET if year < 1000 else year


def _make(year, month, day):
    """The PartialDate, or None for a date that does not exist (2023年2月30日)."""
    try:
        if day is None:
            return PartialDate(datetime.date(gregorian_year(year), month, 1), DatePrecision.MONTH)
        return PartialDate(datetime.date(gregorian_year(year), month, day))
    except ValueError:
        return None


def _first_date(text):
    """(PartialDate, end offset) of the first date in `text`, or (None, None)."""
    matches = [m for m in (_CHINESE_DATE.search(text), _NUMERIC_DATE.search(text)) if m]
    for match in sorted(matches, key=lambda m: m.start()):
        day = match.group("day")
        found = _make(int(match.group("year")), int(match.group("month")), int(day) if day else None)
        if found:
            return found, match.end()
    return None, None


def parse_date(text):
    """The first date in `text` as a PartialDate, or None."""
    return _first_date(plain(text))[0]


def parse_period(text):
    """(start, end) PartialDates of a period such as 105 年 12 月 5 日至 12 月 11 日, or None.
    A single date is a period of one day."""
    text = plain(text)
    start, end_offset = _first_date(text)
    if start is None:
        return None
    join = _PERIOD_JOIN.match(text, end_offset)
    end = _period_end(text[join.end() :], start) if join else None
    return start, end or start


def _period_end(text, start):
    """The date at the start of `text` that ends a period from `start`, its year (and month)
    taken from `start` when left out; a month and day before the start are in the next year."""
    for pattern in (_CHINESE_DATE, _NUMERIC_DATE):
        if match := pattern.match(text):
            day = match.group("day")
            return _make(int(match.group("year")), int(match.group("month")), int(day) if day else None)
    if match := _END_MONTH_DAY.match(text):
        end = _make(start.date.year, int(match.group("month")), int(match.group("day")))
        if end and end.date < start.date:
            end = _make(start.date.year + 1, int(match.group("month")), int(match.group("day")))
        return end
    if match := _END_DAY.match(text):
        return _make(start.date.year, start.date.month, int(match.group("day")))
    return None
