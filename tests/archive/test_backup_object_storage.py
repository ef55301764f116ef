"""Backup and restore with the archive's files in object storage (S3_BUCKET): the backup holds
the files that are in the bucket, a restore into an empty bucket puts them back, and a bucket
that holds a different file under the same name is refused with nothing written."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import translation

from archive.backup import BackupError, dump, restore
from ogparchive.settings import file_storages
from people.models import Person
from reports.models import PublicationStatus, Report, ReportFile
from tests import factories as f
from tests.archive.test_backup import flush_archive_tables, table_snapshot
from tests.s3 import make_bucket, remove_bucket


@pytest.fixture
def fresh_bucket(s3_server, settings):
    """A second, empty bucket, made the archive's storage when `use()` is called."""
    bucket = make_bucket(s3_server)

    def use():
        settings.STORAGES = {**settings.STORAGES, **file_storages(bucket.environment())}

    bucket.use = use
    yield bucket
    remove_bucket(bucket)


@pytest.mark.django_db
def test_a_backup_carries_the_buckets_files_into_another_empty_bucket(
    client, object_storage, fresh_bucket, tmp_path
):
    report = f.make_report(status=PublicationStatus.PUBLISHED)
    pdf, annex = f.pdf_bytes("Open Parliament"), f.pdf_bytes("Annex")
    report_file = f.make_report_file(report=report, file=ContentFile(pdf, name="2016 巴黎.pdf"))
    f.make_report_file(report=report, kind="attachment", file=ContentFile(annex, name="annex.pdf"))
    files_before = {key: object_storage.read(key) for key in object_storage.object_keys()}
    rows_before = table_snapshot()
    path = tmp_path / "archive.zip"
    out = io.StringIO()

    with translation.override("en"):
        call_command("dump_archive", str(path), stdout=out)
        flush_archive_tables()
        emptied = object_storage.object_keys()
        fresh_bucket.use()
        call_command("restore_archive", str(path), stdout=out)
    download = client.get(report_file.get_absolute_url())

    assert sorted(files_before.values()) == sorted([pdf, annex])
    assert emptied == []
    assert {key: fresh_bucket.read(key) for key in fresh_bucket.object_keys()} == files_before
    assert table_snapshot() == rows_before
    assert " tables and 2 files " in out.getvalue().splitlines()[0]
    assert " tables and 2 files from " in out.getvalue().splitlines()[1]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf


@pytest.mark.django_db
def test_a_restore_refuses_a_bucket_holding_another_file_of_the_same_name(object_storage, tmp_path):
    name = f.make_report_file().file.name
    path = tmp_path / "archive.zip"
    dump(path)
    flush_archive_tables()
    other = f.pdf_bytes("Some other report")
    object_storage.client.put_object(Bucket=object_storage.name, Key=f"media/{name}", Body=other)

    with (
        translation.override("en"),
        pytest.raises(
            BackupError, match=f"already holds a different file named {name}. Nothing was restored."
        ),
    ):
        restore(path)

    assert (Report.objects.count(), Person.objects.count(), ReportFile.objects.count()) == (0, 0, 0)
    assert object_storage.object_keys() == [f"media/{name}"]
    assert object_storage.read(f"media/{name}") == other


@pytest.mark.django_db
def test_a_restore_keeps_the_same_file_already_in_the_bucket(object_storage, tmp_path):
    report_file = f.make_report_file()
    key = f"media/{report_file.file.name}"
    stored = object_storage.read(key)
    path = tmp_path / "archive.zip"
    dump(path)
    flush_archive_tables()  # the rows go, and with them the file: put it back as it was
    object_storage.client.put_object(Bucket=object_storage.name, Key=key, Body=stored)

    summary = restore(path)

    assert summary.files == 1
    assert ReportFile.objects.get().file.name == report_file.file.name
    assert object_storage.object_keys() == [key]
    assert object_storage.read(key) == stored
