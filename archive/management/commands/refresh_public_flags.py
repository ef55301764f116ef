import time

from django.core.management.base import BaseCommand
from django.db import transaction

from reports.publication import refresh_all_public_flags


class Command(BaseCommand):
    help = (
        "Recompute which people, organisations, events and delegations the public may see "
        "(reports.publication). Saves keep these flags current; run this after writing to the "
        "database outside Django (SQL, a restore from another version)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            changed = refresh_all_public_flags()
        self.stdout.write(f"{changed:,} rows changed in {time.perf_counter() - started:.1f} s.")
