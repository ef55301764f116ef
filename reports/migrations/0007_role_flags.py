# Fill the people's role flags (reports.publication) for the records already stored.
from django.db import migrations

from reports.publication import refresh_all_public_flags


def compute_flags(apps, schema_editor):
    refresh_all_public_flags(apps)


class Migration(migrations.Migration):
    dependencies = [("people", "0006_role_flags"), ("reports", "0006_search_terms")]

    operations = [migrations.RunPython(compute_flags, migrations.RunPython.noop)]
