"""The load test's reading of wrk's report (the figures the README records come from it)."""

import pytest
from django.core.management.base import CommandError

from devtools.management.commands.loadtest import parse_wrk, rotating_script

# wrk 4.1.0's report of a run against a server answering 404 to everything, with socket errors.
WRK_REPORT = """\
Running 1s test @ http://127.0.0.1:8799/nonexistent
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.98ms    7.66ms  58.65ms   90.68%
    Req/Sec     1.04k   549.98     1.68k    60.00%
  Latency Distribution
     50%  836.00us
     75%    3.60ms
     90%   10.83ms
     99%    1.20s
  1036 requests in 1.01s, 526.09KB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 1036
Requests/sec:   1029.42
Transfer/sec:    522.75KB
"""


def test_the_report_gives_requests_rate_p99_and_every_kind_of_error():
    assert parse_wrk(WRK_REPORT) == {
        "requests": 1036,
        "requests_per_second": 1029.42,
        "p99_ms": 1200.0,
        "errors": 1036 + 3 + 2,
    }


def test_a_clean_run_has_no_errors():
    clean = WRK_REPORT.replace("  Socket errors: connect 0, read 3, write 0, timeout 2\n", "").replace(
        "  Non-2xx or 3xx responses: 1036\n", ""
    )

    assert parse_wrk(clean)["errors"] == 0
    assert parse_wrk(clean.replace("1.20s", "850.00us"))["p99_ms"] == 0.85


def test_a_report_without_figures_is_refused():
    with pytest.raises(CommandError, match="Could not read wrk's report"):
        parse_wrk("unable to connect to 127.0.0.1:8765 Connection refused\n")


def test_the_script_sends_every_path_in_turn():
    script = rotating_script(["/healthz/", "/zh-hant/search/?q=%E5%9C%8B%E6%9C%83"])

    assert 'local paths = {"/healthz/", "/zh-hant/search/?q=%E5%9C%8B%E6%9C%83"}' in script
    assert "return wrk.format('GET', paths[i])" in script
