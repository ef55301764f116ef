from django.core.management.base import BaseCommand

from events.models import Event
from people.models import Organization, Person
from reports.models import Report

# Everything that has a search document, lowest app first.
SEARCHABLE = [Person, Organization, Event, Report]


class Command(BaseCommand):
    help = (
        "Recompute the search document of every person, organisation, event and report. Needed "
        "after writes that skip save(), such as bulk_create; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="records read and written at a time")

    def handle(self, *args, **options):
        for model in SEARCHABLE:
            read, changed = model.objects.all().rebuild_search_documents(options["batch_size"])
            self.stdout.write(f"{model._meta.label}: {read} read, {changed} updated")
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
