# Report files: checked PDFs under random names, with their original name, size and SHA-256.
# Files stored before keep their names and stay readable through the report-file view; their
# original name, size and hash are filled here from storage (left empty for a file that is gone).
#
# Frozen: safe_download_name() is written out here as reports.pdf had it when this migration was
# made, so that later changes to the live module do not change what this migration does.
# reports.pdf.PdfFileField and reports.pdf.stored_file_name below are the paths Django's
# migration writer recorded for the field: they must stay importable.
import hashlib
import posixpath
import unicodedata

import reports.pdf
from django.db import migrations, models


def safe_download_name(name):
    """The name a downloaded file is offered under: the uploaded name without folders,
    control characters or quotes, ending in .pdf."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(
        " " if unicodedata.category(character).startswith(("C", "Z")) else character
        for character in name
        if character not in '"<>|*?:'
    )
    name = " ".join(name.split()).strip(" .")
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{stem[:200] or 'report'}.pdf"


def describe_stored_files(apps, schema_editor):
    ReportFile = apps.get_model("reports", "ReportFile")
    storage = ReportFile._meta.get_field("file").storage
    for report_file in ReportFile.objects.filter(original_name="").exclude(file="").iterator():
        name = report_file.file.name
        report_file.original_name = safe_download_name(posixpath.basename(name))
        if storage.exists(name):
            digest = hashlib.sha256()
            with storage.open(name, "rb") as stored:
                for chunk in stored.chunks():
                    digest.update(chunk)
            report_file.size = storage.size(name)
            report_file.sha256 = digest.hexdigest()
        report_file.save(update_fields=["original_name", "size", "sha256"])


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0011_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='reportfile',
            name='original_name',
            field=models.CharField(blank=True, editable=False, max_length=255, verbose_name='original file name'),
        ),
        migrations.AddField(
            model_name='reportfile',
            name='sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AddField(
            model_name='reportfile',
            name='size',
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True, verbose_name='size (bytes)'),
        ),
        migrations.AlterField(
            model_name='reportfile',
            name='extracted_text',
            field=models.TextField(blank=True, editable=False, verbose_name='extracted text'),
        ),
        migrations.AlterField(
            model_name='reportfile',
            name='file',
            field=reports.pdf.PdfFileField(help_text='A PDF document.', max_length=255, upload_to=reports.pdf.stored_file_name, verbose_name='file'),
        ),
        migrations.RunPython(describe_stored_files, migrations.RunPython.noop),
    ]
