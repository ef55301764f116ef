"""Server time and queries per request of every public page type, on the database in
DATABASE_URL. Run it on a large archive (generate_demo_data --reports 100000) to see how the
pages hold up; the README records the figures and the commands that made them."""

import random
import statistics
import time
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from archive.search import KINDS_BY_NAME
from core.listing import PAGE_SIZE
from core.pagination import encode_cursor, paginate_tiers, sort_keys
from events.models import Event
from people.models import Organization, Person
from reports.models import Delegation, Report

SEARCHES = ["國會", "開放國會", "open parliament", "臺灣", "高仙桂", "Kao Shien-Quey"]


class Command(BaseCommand):
    help = "Print p50/p95 server time and SQL queries per request for each public page type."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="requests per page type")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--only", default="", help="only the page types whose name contains this text, e.g. 'people'"
        )
        parser.add_argument(
            "--slowest", action="store_true", help="also print each page type's slowest SQL query"
        )
        parser.add_argument(
            "--page-cache",
            choices=["off", "on"],
            default="off",
            help="off (the default) renders every page, which is what this measures",
        )

    def handle(self, *args, page_cache, **options):
        with override_settings(PAGE_CACHE=page_cache == "on"):
            self.measure(page_cache=page_cache, **options)

    def measure(self, *, requests, seed, only, slowest, page_cache, **options):
        if not Report.objects.published().exists():
            raise CommandError("No published report: load or generate data first.")
        rng = random.Random(seed)
        translation.activate("zh-hant")
        client = Client(HTTP_HOST="localhost")
        pages = self.page_types(rng, requests)
        vendor = connection.vendor
        self.stdout.write(
            f"database: {vendor} · reports {Report.objects.count():,} · sessions "
            f"{Event.objects.sessions().count():,} · people {Person.objects.count():,} · "
            f"{requests} requests each · page cache {page_cache}"
        )
        self.stdout.write(f"{'page type':<34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
        slow_queries = []
        for name, urls in pages:
            if only not in name:
                continue
            timings, queries, slowest_query = [], set(), {"time": "0", "sql": ""}
            client.get(urls[0])  # warm the code path and the caches once, as a running server has
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    if response.streaming:
                        b"".join(response.streaming_content)
                    timings.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                queries.add(len(captured))
                slowest_query = max([slowest_query, *captured], key=lambda query: float(query["time"]))
            p50 = statistics.median(timings)
            p95 = (
                statistics.quantiles(timings, n=20, method="inclusive")[-1]
                if len(timings) > 1
                else timings[0]
            )
            spread = f"{min(queries)}" if len(queries) == 1 else f"{min(queries)}–{max(queries)}"
            self.stdout.write(f"{name:<34}{p50:>9.1f}{p95:>9.1f}{max(timings):>9.1f}{spread:>9}")
            slow_queries.append((name, slowest_query))
        if slowest:
            for name, query in slow_queries:
                self.stdout.write(f"\n{name}: {float(query['time']) * 1000:.1f} ms\n{query['sql']}")

    def page_types(self, rng, n):
        def sample(queryset, size=n):
            ids = list(queryset.values_list("pk", flat=True)[:5000])
            chosen = rng.sample(ids, min(size, len(ids))) if ids else []
            return list(queryset.model.objects.filter(pk__in=chosen))

        def repeat(url):
            return [url] * n

        def search_kind(next_page=False):
            """A search's page of one kind (the first, or the one after it), for a random
            query and kind."""
            query, kind = rng.choice(SEARCHES), rng.choice(list(KINDS_BY_NAME))
            params = {"q": query, "kind": kind}
            if next_page:
                cursor = paginate_tiers(KINDS_BY_NAME[kind].tiers(query), PAGE_SIZE).next_cursor
                params.update({"after": cursor} if cursor else {})
            return f"{reverse('search')}?{urlencode(params)}"

        def deep(name, queryset, fraction=0.9):
            """The list page after a row 90% of the way down the list's ordering (the
            thousandth page or so). The row is found in the whole table, public or not: a
            cursor only says where to continue."""
            keys = sort_keys(queryset)
            ordered = queryset.model.objects.order_by(*(key.order_by() for key in keys))
            total = queryset.model.objects.count()
            row = ordered[int(total * fraction)] if total else None
            return (
                repeat(f"{reverse(name)}?after={encode_cursor(row, keys)}") if row else repeat(reverse(name))
            )

        reports = Report.objects.published()
        people = Person.objects.public()
        organizations = Organization.objects.public()
        sessions = Event.objects.public().sessions()
        summits = Event.objects.public().summits()
        year = reports.order_by("-report_date").values_list("report_date", flat=True).first().year
        return [
            ("home", repeat(reverse("home"))),
            ("reports: list", repeat(reverse("reports:report-list"))),
            ("reports: list, filtered by year", repeat(f"{reverse('reports:report-list')}?year={year}")),
            (
                "reports: list, deep page",
                deep("reports:report-list", reports.order_by("-report_date", "title")),
            ),
            ("reports: detail", [r.get_absolute_url() for r in sample(reports)]),
            ("delegations: detail", [d.get_absolute_url() for d in sample(Delegation.objects.public())]),
            ("people: list", repeat(reverse("people:person-list"))),
            ("people: list, delegates", repeat(f"{reverse('people:person-list')}?role=delegate")),
            ("people: list, deep page", deep("people:person-list", people.order_by("name_zh", "name_en"))),
            (
                "people: detail",
                [p.get_absolute_url() for p in sample(people.filter(memberships__isnull=False))],
            ),
            ("organisations: list", repeat(reverse("people:organization-list"))),
            ("organisations: detail", [o.get_absolute_url() for o in sample(organizations)]),
            ("events: list", repeat(reverse("events:event-list"))),
            ("events: summit programme", [s.get_absolute_url() for s in sample(summits)]),
            ("sessions: list", repeat(reverse("events:session-list"))),
            (
                "sessions: list, delegates took part",
                repeat(f"{reverse('events:session-list')}?delegate=yes"),
            ),
            (
                "sessions: list, deep page",
                deep("events:session-list", sessions.order_by("start_date", "starts_at", "position")),
            ),
            ("sessions: detail", [s.get_absolute_url() for s in sample(sessions)]),
            ("search", [f"{reverse('search')}?q={rng.choice(SEARCHES)}" for _ in range(n)]),
            ("search: one kind", [search_kind() for _ in range(n)]),
            ("search: one kind, next page", [search_kind(next_page=True) for _ in range(n)]),
            (
                "reports: list, text search",
                [f"{reverse('reports:report-list')}?q={rng.choice(SEARCHES)}" for _ in range(n)],
            ),
        ]
