# Importing a roster is guarded by a permission on delegations, what it changes (it was on the
# import records, reports.ImportRecord, which moved to archive). The permission's row is made,
# and given to whoever held the old one, by archive 0002_import_permissions, which can see both.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0017_importrecord_to_archive"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="delegation",
            options={
                "ordering": ["-departure_date", "title"],
                "permissions": [("import_roster", "Can import rosters from spreadsheets")],
                "verbose_name": "delegation",
                "verbose_name_plural": "delegations",
            },
        ),
    ]
