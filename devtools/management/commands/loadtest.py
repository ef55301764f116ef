"""A load test of the public site over HTTP: gunicorn on loopback, wrk as the client.

Starts gunicorn with production settings (DEBUG off; plain HTTP, as on loopback there is no TLS)
against the database in DATABASE_URL and the cache in CACHE_URL (each process's own memory when
unset), then runs wrk for --duration seconds against each target in turn: /healthz/ first (the
framework's ceiling: the same server, middleware and worker, no database, no template), then
every public page type, each rotating over many URLs, and a streamed download. With
--page-cache both (the default) it does so twice, on a server with the page cache on and on one
with it off. Prints requests/s, its share of /healthz/'s, p99 latency and errors per target,
then stops gunicorn. Exits non-zero if any request failed (a non-2xx/3xx status or a socket
error).
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.models import Event
from people.models import Organization, Person
from reports.models import Delegation, Report

SEARCHES = ["國會", "開放國會", "開放政府", "open parliament", "OGP", "臺灣", "summit", "公民參與"]
READY_SECONDS = 30
# URLs per target and language: enough that no one page is all a run reads.
RECORDS_PER_TARGET = 200
CEILING = "framework ceiling: /healthz/"


class Command(BaseCommand):
    help = "Load-test every public page type and a download against gunicorn on 127.0.0.1 with wrk."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=300, help="seconds per target (default 300)")
        parser.add_argument("--connections", type=int, default=64, help="open connections (default 64)")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
        parser.add_argument(
            "--workers",
            type=int,
            default=2 * (os.cpu_count() or 1) + 1,
            help="gunicorn worker processes (default 2 × cores + 1)",
        )
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--only", default="", help="only the targets whose name contains this text")
        parser.add_argument(
            "--page-cache",
            choices=["both", "on", "off"],
            default="both",
            help="run with the page cache on, off, or both in turn (default both)",
        )

    def handle(self, *args, duration, connections, threads, workers, port, only, page_cache, **options):
        wrk = self.find_wrk()
        targets = [(name, paths) for name, paths in self.targets() if name == CEILING or only in name]
        modes = ["on", "off"] if page_cache == "both" else [page_cache]
        self.stdout.write(
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} · "
            f"{Report.objects.published().count():,} published reports · "
            f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]} · "
            f"gunicorn {workers} workers · "
            f"wrk {threads} threads, {connections} connections, {duration} s per target"
        )
        results = []
        with tempfile.TemporaryDirectory(prefix="ogp-loadtest-") as scratch:
            scratch = Path(scratch)
            environment = self.production_environment(scratch)
            for mode in modes:
                environment["PAGE_CACHE"] = "1" if mode == "on" else "0"
                server = self.start_gunicorn(environment, workers, port)
                try:
                    self.wait_until_ready(port, server)
                    for name, paths in targets:
                        self.warm_up(port, paths)
                        script = scratch / f"{len(results)}.lua"
                        script.write_text(rotating_script(paths), encoding="utf-8")
                        command = [
                            wrk,
                            f"--threads={threads}",
                            f"--connections={connections}",
                            f"--duration={duration}s",
                            "--timeout=10s",
                            "--latency",
                            f"--script={script}",
                            f"http://127.0.0.1:{port}",
                        ]
                        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
                        results.append((name, mode, len(paths), parse_wrk(output)))
                finally:
                    server.send_signal(signal.SIGTERM)
                    try:
                        server.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        server.kill()
                        server.wait()
        self.report(results)

    def find_wrk(self):
        wrk = shutil.which("wrk")
        if wrk:
            return wrk
        if os.geteuid() != 0:
            raise CommandError("The load test needs wrk: sudo apt-get install wrk")
        self.stdout.write("Installing wrk (apt-get install wrk)…")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return shutil.which("wrk")

    def targets(self):
        """(name, paths) per target; each rotates over many URLs so no single page is all cache."""
        if not Report.objects.published().exists():
            raise CommandError("No published report: load the demo data first (manage.py load_demo_data).")
        years = sorted({date.year for date in Report.objects.published().dates("report_date", "year")})
        languages = ["zh-hant", "en"]
        limit = RECORDS_PER_TARGET

        def pages(prefix, queryset):
            slugs = list(queryset.values_list("slug", flat=True)[:limit])
            return [f"/{lang}/{prefix}/{slug}/" for lang in languages for slug in slugs]

        reports = Report.objects.published().order_by("-report_date")
        delegations = Delegation.objects.public().order_by("-departure_date")
        summits = Event.objects.public().summits().order_by("-start_date")
        sessions = Event.objects.public().sessions().exclude(summit=None).order_by("-start_date", "pk")
        return [
            (CEILING, ["/healthz/"]),
            (
                "reports: list",
                [f"/{lang}/reports/" for lang in languages]
                + [f"/{lang}/reports/?year={year}" for lang in languages for year in years],
            ),
            ("reports: detail", pages("reports", reports)),
            ("delegations: detail", pages("delegations", delegations)),
            ("people: detail", pages("people", Person.objects.public().order_by("pk"))),
            ("organisations: detail", pages("organisations", Organization.objects.public().order_by("pk"))),
            ("events: summit programme", pages("events", summits)),
            ("sessions: detail", pages("events", sessions)),
            ("search", [f"/{lang}/search/?q={quote(query)}" for lang in languages for query in SEARCHES]),
            (
                "download: reports CSV (streamed)",
                [f"/{lang}/reports/?download=csv" for lang in languages]
                + [f"/{lang}/reports/?year={year}&download=csv" for lang in languages for year in years],
            ),
        ]

    def production_environment(self, scratch):
        """Production settings on plain HTTP: DEBUG off, a throw-away secret key, static files
        collected once into a scratch folder (WhiteNoise serves the hashed names)."""
        environment = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "OGPARCHIVE_VAR_DIR": str(scratch / "var"),
            "LOG_LEVEL": "ERROR",
        }
        # The database and the files stay the ones this command reads, whatever OGPARCHIVE_VAR_DIR says.
        environment["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
        environment["DATABASE_URL"] = os.environ.get("DATABASE_URL") or (
            f"sqlite:///{settings.DATABASES['default']['NAME']}"
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=environment,
            check=True,
        )
        return environment

    def start_gunicorn(self, environment, workers, port):
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ogparchive.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--log-level=warning",
            ],
            cwd=settings.BASE_DIR,
            env=environment,
        )

    def wait_until_ready(self, port, server):
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited with status {server.returncode}.")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise CommandError(f"gunicorn did not answer on 127.0.0.1:{port} within {READY_SECONDS} s.")

    def warm_up(self, port, paths):
        """Each URL once before the clock starts, as a server that has been up a while has them."""
        for path in paths:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                response.read()

    def report(self, results):
        ceilings = {mode: rate["requests_per_second"] for name, mode, _, rate in results if name == CEILING}
        self.stdout.write(
            f"{'target':<34}{'page cache':>11}{'URLs':>6}{'requests':>11}{'req/s':>10}"
            f"{'of ceiling':>12}{'p99 ms':>10}{'errors':>8}"
        )
        failed = 0
        for name, mode, urls, figures in results:
            failed += figures["errors"]
            rate = figures["requests_per_second"]
            share = f"{100 * rate / ceilings[mode]:.1f} %" if ceilings.get(mode) else "–"
            self.stdout.write(
                f"{name:<34}{mode:>11}{urls:>6}{figures['requests']:>11,}{rate:>10.1f}"
                f"{share:>12}{figures['p99_ms']:>10.1f}{figures['errors']:>8}"
            )
        if failed:
            raise CommandError(f"{failed} requests failed (non-2xx/3xx status or socket error).")


def rotating_script(paths):
    """A wrk Lua script that sends the paths in turn, each thread from its own starting point."""
    return (
        "local paths = {"
        + ", ".join(json.dumps(path) for path in paths)
        + "}\n"
        + "local i = math.random(#paths)\n"
        + "request = function()\n"
        + "  i = i % #paths + 1\n"
        + "  return wrk.format('GET', paths[i])\n"
        + "end\n"
    )


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output):
    """Requests, requests/s, p99 latency (ms) and errors out of wrk's --latency report."""
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not (p99 and requests and rate):
        raise CommandError(f"Could not read wrk's report:\n{output}")
    non_2xx_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx_3xx.group(1)) if non_2xx_3xx else 0
    if socket_errors:
        errors += sum(int(count) for count in socket_errors.groups())
    return {
        "requests": int(requests.group(1)),
        "requests_per_second": float(rate.group(1)),
        "p99_ms": float(p99.group(1)) * UNITS_MS[p99.group(2)],
        "errors": errors,
    }
