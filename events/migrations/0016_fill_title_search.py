"""The title documents and exact title keys of the search's tiers (migration title_search),
filled for the events already stored, as save() fills them from now on: the best match comes
first at once after upgrading, not after a rebuild of the search index."""

from django.db import migrations

from core.search import exact_key, index_terms

BATCH = 2000


def fill(apps, schema_editor):
    model = apps.get_model("events", "Event")
    batch = []
    records = model.objects.only("pk", "title_zh", "title_en").order_by("pk")
    for record in records.iterator(BATCH):
        record.title_document = index_terms(record.title_zh, record.title_en)
        record.title_zh_key = exact_key(record.title_zh)[:500]
        record.title_en_key = exact_key(record.title_en)[:500]
        batch.append(record)
        if len(batch) >= BATCH:
            model.objects.bulk_update(batch, ["title_document", "title_zh_key", "title_en_key"])
            batch = []
    model.objects.bulk_update(batch, ["title_document", "title_zh_key", "title_en_key"])


class Migration(migrations.Migration):
    dependencies = [("events", "0015_title_search")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
