# The search's PostgreSQL index: the document's terms (core.search), in place of pg_trgm.
from django.db import migrations

from core.search import term_index_migration


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_import_record")]

    operations = [
        term_index_migration(
            {("reports", "Report"): "report_search_terms"},
            {"report_search_document_trgm": ("reports", "Report")},
        )
    ]
