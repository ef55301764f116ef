# The search's PostgreSQL index: the document's terms (core.search), in place of pg_trgm.
from django.db import migrations

from core.search import term_index_migration


class Migration(migrations.Migration):
    dependencies = [("people", "0004_public_flag")]

    operations = [
        term_index_migration(
            {
                ("people", "Person"): "person_search_terms",
                ("people", "Organization"): "organization_search_terms",
            },
            {
                "person_search_document_trgm": ("people", "Person"),
                "organization_search_document_trgm": ("people", "Organization"),
            },
        )
    ]
