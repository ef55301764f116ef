# The import records (ImportRecord) move to the top app, archive, with their table
# (reports_importrecord, kept by name: archive 0001_importrecord_from_reports takes it over with
# its content type and permissions). Here the model only leaves this app's state; the database
# keeps the table. Import records keep no history (no history table).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0016_public_rule_own_visits_and_contacts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRecord")],
            database_operations=[],
        ),
    ]
