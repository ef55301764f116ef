"""How the generator writes rows: bulk_create, or COPY on PostgreSQL, timed per table."""

import time
from collections import defaultdict

from django.conf import settings
from django.db import connection, reset_queries

from core.bulk_insert import copy_rows
from core.search import apply_search_fields


class Stats:
    """Rows written and seconds spent writing, per table."""

    def __init__(self):
        self.rows = defaultdict(int)
        self.seconds = defaultdict(float)

    def add(self, label, rows, seconds):
        self.rows[label] += rows
        self.seconds[label] += seconds


class WritingMixin:
    """Writing rows, for ScaleDataGenerator (generator.py), which sets self.batch_size,
    self.stats and self.log."""

    def insert(self, model, objects, ids=False):
        """Write unsaved `objects` as new rows; with `ids`, their primary keys are set afterwards.

        bulk_create in batches, except on PostgreSQL, where COPY writes the same values several
        times faster (the ids reserved first from the table's own sequence, so that concurrent
        writers are safe). Like bulk_create, it calls no save() and sends no signals."""
        if not objects:
            return objects
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            for start in range(0, len(objects), self.batch_size):
                copy_rows(model, objects[start : start + self.batch_size], ids)
        else:
            model.objects.bulk_create(objects, batch_size=self.batch_size)
        if settings.DEBUG:
            # With DEBUG on, Django keeps the text of every query: not that of 5,000-row INSERTs.
            reset_queries()
        self.stats.add(model._meta.label, len(objects), time.perf_counter() - started)
        return objects

    def progress(self, label, done, total, started):
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0
        self.log(
            f"  {label}: {done:,}/{total:,} in {elapsed:,.1f} s ({rate:,.0f} {label}/s, with what they hold)"
        )

    @staticmethod
    def with_search_document(record):
        """The search document (and title keys) as save() computes them for a new record, when
        the model keeps one (records whose document also holds related rows are completed by
        rebuild_search_index)."""
        if hasattr(record, "build_search_document"):
            apply_search_fields(record)
        return record
