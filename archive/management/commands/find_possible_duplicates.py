import time

from django.conf import settings
from django.core.management.base import BaseCommand

from archive.duplicates import find_all
from archive.models import DuplicateKind


class Command(BaseCommand):
    help = (
        "Recompute the list of possible duplicates (people and organisations that share a "
        "matching key of their names) that reviewers see in the admin. Run it from cron, e.g. "
        "nightly; saves and imports keep the pairs of the records they touch current meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", choices=DuplicateKind.values, help="only people or only organisations (default both)"
        )

    def handle(self, *args, **options):
        kinds = [options["kind"]] if options["kind"] else DuplicateKind.values
        for kind in kinds:
            started = time.perf_counter()
            result = find_all(kind)
            seconds = time.perf_counter() - started
            self.stdout.write(f"{kind}: {result.pairs:,} possible pairs in {seconds:,.1f} s")
            if result.too_common:
                limit = settings.POSSIBLE_DUPLICATES_MAX_BLOCK
                examples = ", ".join(f"{key} ({count:,})" for key, count in result.too_common[:10])
                self.stdout.write(
                    f"  {len(result.too_common):,} keys too common to list (more than {limit} records "
                    f"each): {examples}"
                )
        self.stdout.write(self.style.SUCCESS("Possible duplicates computed."))
