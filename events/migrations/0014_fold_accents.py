"""Search documents with Latin accents folded (core.search.normalise now folds them on both
sides: Óscar as oscar), rewritten from the stored terms."""

from django.db import migrations

from core.search import refold_documents


def forwards(apps, schema_editor):
    refold_documents(apps.get_model("events", "Event"))


class Migration(migrations.Migration):
    dependencies = [("events", "0013_import_programme_permission")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
