import argparse
import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError

from core.history import without_history
from devtools.scale_data import PREFIX, ScaleDataGenerator, Size, clear_generated_data, generated_counts
from reports.receivers import deferred_public_flags


def positive_int(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


class Command(BaseCommand):
    help = (
        "Generate a large archive shaped like the real one, for benchmarks: N reports with their "
        "delegations (about 10 roster rows each), 2×N sessions of up to 50 summits, about 6×N "
        "session roles and 3×N people. Generated records have slugs starting with “gen-”; the "
        "demo data and anything else is never touched. The same --seed gives the same archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reports", type=positive_int, default=1000, help="how many reports (default 1000)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--clear", action="store_true", help="delete previously generated records first (only those)"
        )
        parser.add_argument(
            "--batch-size", type=positive_int, default=5000, help="rows per INSERT (default 5000)"
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        existing = {label: count for label, count in generated_counts().items() if count}
        if existing and not options["clear"]:
            held = ", ".join(f"{count:,} {label}" for label, count in existing.items())
            raise CommandError(
                f"The database already holds generated demo data ({held}, slugs starting with "
                f"“{PREFIX}”). Run again with --clear to replace it; nothing was changed."
            )
        size = Size.for_reports(options["reports"])
        self.log(
            f"Generating {size.reports:,} reports, {size.people:,} people, up to {size.organizations:,} "
            f"organisations, {size.summits} summits with {size.sessions:,} sessions (seed {options['seed']})"
        )
        started = time.perf_counter()
        generator = ScaleDataGenerator(
            options["reports"], seed=options["seed"], batch_size=options["batch_size"], log=self.log
        )
        try:
            # One transaction: a failure leaves the database as it was, old generated data included.
            # Bulk writes send no signals: the public flags are recomputed once, at the end.
            # Generated records are no part of the archive's history: none is written.
            with transaction.atomic(), deferred_public_flags(everything=True), without_history():
                if existing:
                    self.log("Clearing the generated data")
                    clear_generated_data(log=self.log)
                stats = generator.generate()
                # Statistics first, so the public-flag refresh that ends this block is planned
                # for the tables as they now are: without them SQLite walks every published
                # report for each of 300,000 people (for "an author of a published report").
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        except ProtectedError as error:
            raise CommandError(
                f"Nothing was changed: real records point at generated ones ({error.args[0]})"
            ) from error
        generated_at = time.perf_counter()
        self.log("Rows written (seconds spent in bulk inserts):")
        for label, rows in stats.rows.items():
            seconds = stats.seconds[label]
            rate = rows / seconds if seconds else 0
            self.log(f"  {label:<28} {rows:>10,} rows {seconds:8.1f} s {rate:>10,.0f} rows/s")
        self.log(f"Generated {sum(stats.rows.values()):,} rows in {generated_at - started:,.1f} s")
        if "rebuild_search_index" in get_commands():
            # bulk_create skips save(): search documents that hold related rows are built here.
            self.log("Rebuilding the search index")
            call_command("rebuild_search_index", stdout=self.stdout, stderr=self.stderr)
            self.log(f"Search index rebuilt in {time.perf_counter() - generated_at:,.1f} s")
        if connection.vendor == "postgresql":
            # Rows written by COPY leave the planner's statistics empty until autovacuum comes
            # round; without them it picks sequential scans for every page.
            self.log("Analysing the tables")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:,.1f} s."))

    def log(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)
            self.stdout.flush()
