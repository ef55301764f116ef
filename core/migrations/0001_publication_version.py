# The publication version moved from the project package's app ("ogparchive") to the base
# layer's app ("core") with its table. A database made before the move has the table and the
# content type under "ogparchive": this keeps the table and carries the content type over (with
# its permissions, so groups keep them). A new database gets the table made here. The logic is
# written out in full, so later changes to the project's code do not change what this does.

from django.db import migrations, models

TABLE = "ogparchive_publicationversion"


def make_table_unless_there(apps, schema_editor):
    if TABLE in schema_editor.connection.introspection.table_names():
        return
    schema_editor.create_model(apps.get_model("core", "PublicationVersion"))


def carry_content_type_over(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = content_type.objects.using(db).filter(app_label="ogparchive", model="publicationversion")
    if not old.exists():
        return
    content_type.objects.using(db).filter(app_label="core", model="publicationversion").delete()
    old.update(app_label="core")


def carry_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="core", model="publicationversion").update(
        app_label="ogparchive"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PublicationVersion",
                    fields=[
                        ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                        ("number", models.PositiveBigIntegerField(default=0, verbose_name="number")),
                    ],
                    options={
                        "verbose_name": "publication version",
                        "verbose_name_plural": "publication version",
                        "db_table": TABLE,
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("id", 1)), name="publication_version_one_row")
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(make_table_unless_there, migrations.RunPython.noop),
        migrations.RunPython(carry_content_type_over, carry_content_type_back),
    ]
