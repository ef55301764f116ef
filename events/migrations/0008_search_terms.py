# The search's PostgreSQL index: the document's terms (core.search), in place of pg_trgm.
from django.db import migrations

from core.search import term_index_migration


class Migration(migrations.Migration):
    dependencies = [("events", "0007_public_flag")]

    operations = [
        term_index_migration(
            {("events", "Event"): "event_search_terms"},
            {"event_search_document_trgm": ("events", "Event")},
        )
    ]
