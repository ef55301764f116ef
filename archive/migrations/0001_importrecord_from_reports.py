# The import records (ImportRecord) moved here from reports, with their table, whose name they
# keep (reports_importrecord; reports 0017_importrecord_to_archive let go of the model, the
# database keeping the table). A database made before the move has the content type under
# "reports": it is carried over, and with it its permissions (view_importrecord…), so groups and
# accounts keep them. Import records keep no history (no history table). The two import
# permissions, on this model until now, move to what they guard in 0002_import_permissions.
# The logic is written out in full, so later changes to the project's code do not change what
# this does.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODEL = "importrecord"


def carry_content_type_over(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = content_type.objects.using(db).filter(app_label="reports", model=MODEL)
    if not old.exists():
        return  # a database whose content types are made later (post_migrate) or already moved
    # One made for the new app already (by post_migrate before this ran) holds nothing yet.
    content_type.objects.using(db).filter(app_label="archive", model=MODEL).delete()
    old.update(app_label="archive")


def carry_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = content_type.objects.using(db).filter(app_label="archive", model=MODEL)
    if not old.exists():
        return
    content_type.objects.using(db).filter(app_label="reports", model=MODEL).delete()
    old.update(app_label="reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("reports", "0017_importrecord_to_archive"),
        ("events", "0012_session_duration"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('roster', 'roster'), ('programme', 'programme')], max_length=20, verbose_name='kind')),
                        ('outcome', models.CharField(choices=[('imported', 'imported'), ('refused', 'refused: nothing written')], max_length=20, verbose_name='outcome')),
                        ('source', models.CharField(choices=[('admin', 'admin'), ('command', 'command line')], max_length=20, verbose_name='source')),
                        ('target', models.CharField(blank=True, max_length=500, verbose_name='imported into')),
                        ('system_account', models.CharField(blank=True, help_text='The operating-system account that ran a command-line import.', max_length=150, verbose_name='system account')),
                        ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('file_sha256', models.CharField(max_length=64, verbose_name='SHA-256 of the file')),
                        ('file_size', models.PositiveIntegerField(verbose_name='file size (bytes)')),
                        ('file_format', models.CharField(max_length=10, verbose_name='file format')),
                        ('encoding', models.CharField(blank=True, max_length=20, verbose_name='encoding')),
                        ('rows', models.PositiveIntegerField(default=0, verbose_name='rows in the file')),
                        ('rows_new', models.PositiveIntegerField(default=0, verbose_name='new rows')),
                        ('rows_updated', models.PositiveIntegerField(default=0, verbose_name='updated rows')),
                        ('rows_unchanged', models.PositiveIntegerField(default=0, verbose_name='unchanged rows')),
                        ('rows_deleted', models.PositiveIntegerField(default=0, verbose_name='deleted rows')),
                        ('rows_with_errors', models.PositiveIntegerField(default=0, verbose_name='rows with errors')),
                        ('created_records', models.JSONField(blank=True, default=dict, verbose_name='records created')),
                        ('messages', models.TextField(blank=True, verbose_name='messages')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='imported at')),
                        ('delegation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='import_records', to='reports.delegation', verbose_name='delegation')),
                        ('event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='import_records', to='events.event', verbose_name='summit')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'import record',
                        'verbose_name_plural': 'import records',
                        'db_table': 'reports_importrecord',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(carry_content_type_over, carry_content_type_back),
    ]
