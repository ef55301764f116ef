"""Dates as reports print them: the ROC (民國) calendar and the Gregorian, in words or digits,
full-width or not, whole or year and month only; and periods whose end leaves out what it
shares with the start."""

import datetime

import pytest

from archive.report_reading.dates import PartialDate, parse_date, parse_period
from reports.models import DatePrecision

DAY = DatePrecision.DAY
MONTH = DatePrecision.MONTH


@pytest.mark.parametrize(
    ("printed", "date", "precision"),
    [
        ("105 年 12 月 5 日", datetime.date(2016, 12, 5), DAY),
        ("105年12月5日", datetime.date(2016, 12, 5), DAY),
        ("民國105年12月5日", datetime.date(2016, 12, 5), DAY),
        ("105.12.5", datetime.date(2016, 12, 5), DAY),
        ("105/12/05", datetime.date(2016, 12, 5), DAY),
        ("１０５年１２月５日", datetime.date(2016, 12, 5), DAY),
        ("１０５．１２．５", datetime.date(2016, 12, 5), DAY),
        ("99.1.31", datetime.date(2010, 1, 31), DAY),
        ("2023 年 9 月 4 日", datetime.date(2023, 9, 4), DAY),
        ("2023-09-04", datetime.date(2023, 9, 4), DAY),
        ("2023/9/4", datetime.date(2023, 9, 4), DAY),
        ("報告日期：106 年 2 月 21 日", datetime.date(2017, 2, 21), DAY),
        ("2023 年 12 月", datetime.date(2023, 12, 1), MONTH),
        ("2023年12月", datetime.date(2023, 12, 1), MONTH),
        ("112年12月", datetime.date(2023, 12, 1), MONTH),
        ("2023-12", datetime.date(2023, 12, 1), MONTH),
    ],
)
def test_date_is_read_in_either_calendar(printed, date, precision):
    assert parse_date(printed) == PartialDate(date, precision)


@pytest.mark.parametrize("printed", ["", "2023年2月30日", "105.13.5", "日期未定", "第 3 頁"])
def test_no_date_where_none_is_printed(printed):
    assert parse_date(printed) is None


def test_month_precision_date_is_written_as_year_and_month():
    assert parse_date("2023年12月").isoformat() == "2023-12"
    assert parse_date("2023年12月1日").isoformat() == "2023-12-01"


@pytest.mark.parametrize(
    ("printed", "start", "end"),
    [
        ("105 年 12 月 5 日至 12 月 11 日", datetime.date(2016, 12, 5), datetime.date(2016, 12, 11)),
        ("2023年9月4日至10日", datetime.date(2023, 9, 4), datetime.date(2023, 9, 10)),
        ("民國112年10月2日至112年10月6日", datetime.date(2023, 10, 2), datetime.date(2023, 10, 6)),
        ("2023-09-04 ~ 2023-09-10", datetime.date(2023, 9, 4), datetime.date(2023, 9, 10)),
        ("112年12月28日至1月3日", datetime.date(2023, 12, 28), datetime.date(2024, 1, 3)),
        ("105年12月5日起至105年12月11日止", datetime.date(2016, 12, 5), datetime.date(2016, 12, 11)),
        ("105 年 12 月 5 日", datetime.date(2016, 12, 5), datetime.date(2016, 12, 5)),
    ],
)
def test_period_end_takes_what_it_leaves_out_from_the_start(printed, start, end):
    first, last = parse_period(printed)
    assert (first.date, last.date) == (start, end)


def test_no_period_without_a_date():
    assert parse_period("未定") is None
