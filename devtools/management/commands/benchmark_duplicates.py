"""Time the possible-duplicates computation (archive.duplicates.find_all, what the command
find_possible_duplicates runs) on the current database, and print what it worked on: people,
organisations, matching keys, pairs found, keys too common to list, seconds and peak memory.

Run by hand on a generated archive (generate_demo_data), not in CI. It replaces the stored
pairs, as find_possible_duplicates does."""

import resource
import sys
import time
import tracemalloc

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from archive.duplicates import find_all
from archive.models import DuplicateKind
from people.models import Organization, OrganizationKey, Person, PersonKey


def peak_rss_mb():
    """The process's peak resident memory so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class Command(BaseCommand):
    help = "Time find_possible_duplicates on the current database and print the figures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--trace-memory",
            action="store_true",
            help="also measure Python's own peak allocation with tracemalloc (slower)",
        )

    def handle(self, *args, **options):
        counts = {
            "people": Person.objects.count(),
            "organisations": Organization.objects.count(),
            "person keys": PersonKey.objects.count(),
            "organisation keys": OrganizationKey.objects.count(),
        }
        self.stdout.write(
            f"database: {connection.vendor} · "
            + " · ".join(f"{label} {count:,}" for label, count in counts.items())
            + f" · blocks of more than {settings.POSSIBLE_DUPLICATES_MAX_BLOCK} records skipped"
        )
        for kind in (DuplicateKind.PERSON, DuplicateKind.ORGANIZATION):
            if options["trace_memory"]:
                tracemalloc.start()
            started = time.perf_counter()
            result = find_all(kind)
            seconds = time.perf_counter() - started
            traced = ""
            if options["trace_memory"]:
                traced = f" · Python peak {tracemalloc.get_traced_memory()[1] / 2**20:,.1f} MB"
                tracemalloc.stop()
            self.stdout.write(
                f"{kind}: {result.pairs:,} pairs · {len(result.too_common):,} keys too common to list · "
                f"{seconds:,.1f} s · process peak {peak_rss_mb():,.0f} MB{traced}"
            )
            for key, records in result.too_common[:5]:
                self.stdout.write(f"  too common: {key} ({records:,} records)")
