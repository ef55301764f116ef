# The public rule changed (reports.publication): a visit or meeting only a draft delegation
# attended, and what is under it, is no longer public through its summit; a public
# delegation's contact person is public. Recompute the stored flags.
from django.db import migrations

from reports.publication import refresh_all_public_flags


def compute_flags(apps, schema_editor):
    refresh_all_public_flags(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_m2m_history"),
        ("people", "0008_history"),
        ("reports", "0015_import_record_system_account"),
    ]

    operations = [migrations.RunPython(compute_flags, migrations.RunPython.noop)]
