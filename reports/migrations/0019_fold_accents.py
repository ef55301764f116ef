"""Search documents with Latin accents folded (core.search.normalise now folds them on both
sides: Óscar as oscar), rewritten from the stored terms."""

from django.db import migrations

from core.search import refold_documents


def forwards(apps, schema_editor):
    refold_documents(apps.get_model("reports", "Report"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0018_import_roster_permission")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
