# The search's PostgreSQL index: the document's terms (ogparchive.search, now core.search), in
# place of pg_trgm.
#
# Frozen: the operation is written out here as ogparchive.search's term_index_migration() made
# it when this migration was written, so that later changes to the live module do not change
# what this migration does. PostgreSQL only; nothing on other databases.
from django.db import migrations

# PostgreSQL only, so not a model field: the document's terms as a tsvector, which the
# database computes on every write (a generated column).
TERMS_COLUMN = '"search_terms"'
# (app label, model name) -> the GIN index on the table's terms column.
INDEXES = {("events", "Event"): "event_search_terms"}
# The pg_trgm indexes these replace: name -> (app label, model name).
TRIGRAM_INDEXES = {"event_search_document_trgm": ("events", "Event")}


def build(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
    for (app_label, model_name), index in INDEXES.items():
        table = quote(apps.get_model(app_label, model_name)._meta.db_table)
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {TERMS_COLUMN} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple'::regconfig, {quote('search_document')})) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {quote(index)} ON {table} USING gin ({TERMS_COLUMN})")
        # Bigram documents hold tens of thousands of distinct terms: with the default 1,000
        # most common ones kept, the planner guesses every term's frequency the same and
        # walks the whole list order for a term no record has.
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {TERMS_COLUMN} SET STATISTICS 10000")


def unbuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for app_label, model_name in INDEXES:
        table = quote(apps.get_model(app_label, model_name)._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {TERMS_COLUMN}")
    for name, (app_label, model_name) in TRIGRAM_INDEXES.items():
        table = quote(apps.get_model(app_label, model_name)._meta.db_table)
        schema_editor.execute(
            f"CREATE INDEX {quote(name)} ON {table} USING gin (search_document gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0007_public_flag")]

    operations = [migrations.RunPython(build, unbuild)]
