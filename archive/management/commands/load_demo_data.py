from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.demo_data import FIXTURES_DIR, DemoDataError, load_demo_data


class Command(BaseCommand):
    help = "Load the demo data set (fixtures/): both source reports, complete. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=FIXTURES_DIR, help="the fixtures folder to load")

    def handle(self, *args, **options):
        try:
            stats = load_demo_data(options["fixtures"])
        except DemoDataError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        changes = {key: count for key, count in stats.items() if count}
        if not changes:
            self.stdout.write("The demo data is already loaded; nothing changed.")
            return
        for (model, action), count in sorted(changes.items()):
            self.stdout.write(f"{model}: {count} {action}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
