"""Backup and restore: the whole archive into one file and back, every row and every file the
same; a damaged or foreign file, or a database that is not empty, is refused with nothing written."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from archive import backup as backup_module
from archive.backup import DERIVED, MADE_BY_MIGRATIONS, BackupError, backed_up_models, dump, restore
from archive.models import ImportRecord
from core.models import PublicationVersion
from core.publication_version import current_version
from people.models import Person
from reports.models import Report, ReportFile, SourceNote
from reports.publication import refresh_all_public_flags
from tests import factories as f

BY_NATURAL_KEY = (ContentType, Permission)


def table_snapshot():
    """Every table's rows in id order, content types and permissions named by natural key (a
    database made by `migrate` numbers them its own way)."""
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        if model is PublicationVersion:  # not archive data: a restore bumps it (test below)
            continue
        if model in BY_NATURAL_KEY:
            rows = sorted(row.natural_key() for row in model.objects.all())
        elif model._meta.label_lower in DERIVED:  # remade by the restore, numbered anew
            rows = sorted(model.objects.values_list(f"{model.record_field}_id", "key"))
        else:
            fields = model._meta.concrete_fields
            rows = [
                tuple(_comparable(field, getattr(row, field.attname)) for field in fields)
                for row in model._base_manager.order_by("pk")
            ]
        snapshot[model._meta.label_lower] = rows
    return snapshot


def _comparable(field, value):
    if field.is_relation and field.related_model in BY_NATURAL_KEY and value is not None:
        return field.related_model.objects.get(pk=value).natural_key()
    return value


def stored_hashes():
    hashes = {}
    for name in ReportFile.objects.values_list("file", flat=True):
        with default_storage.open(name) as stored:
            hashes[name] = hashlib.sha256(stored.read()).hexdigest()
    return hashes


def flush_archive_tables():
    """Remove every archive row and stored file, leaving what migrate made."""
    for name in stored_hashes():
        default_storage.delete(name)
    seeded = {apps.get_model(label)._meta.db_table for label in MADE_BY_MIGRATIONS}
    # DELETE, not TRUNCATE: PostgreSQL refuses to truncate inside a transaction that wrote rows,
    # and foreign keys are checked at commit, so the order does not matter.
    with connection.cursor() as cursor:
        for model in [*(apps.get_model(label) for label in DERIVED), *backed_up_models()]:
            if model._meta.db_table not in seeded:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def empty_database_as_migrate_leaves_it():
    """Remove every archive row and stored file, and make the content types and permissions
    anew, numbered differently, as in another freshly migrated database."""
    with transaction.atomic():
        flush_archive_tables()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        for app_config in reversed(apps.get_app_configs()):
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)


def rewrite(path, target, change):
    """Copy the backup at `path` to `target`, passing each member's bytes through change(name,
    data), which returns the new bytes (or None to leave the member out)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                copy.writestr(info.filename, data)
    return target


def with_manifest(change):
    def changed(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        change(manifest)
        return json.dumps(manifest)

    return changed


@pytest.fixture(autouse=True)
def forget_content_type_ids():
    # A test here numbers content types anew; the cache must not carry those ids to the next test.
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def archive_with_files(django_user_model, demo_copy):
    """The demo data, plus staff, a group with permissions, an admin log entry and two report
    files: every kind of row the backup must carry."""
    demo_copy.restore()
    editors = Group.objects.create(name="編輯")
    editors.permissions.set(Permission.objects.filter(codename__in=["change_report", "import_roster"]))
    staff = django_user_model.objects.create_user(username="judy", password=None, is_staff=True)
    staff.groups.add(editors)
    staff.user_permissions.add(Permission.objects.get(codename="view_person"))
    report = Report.objects.get(slug="ogp-2016-paris")
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Report),
        object_id=str(report.pk),
        object_repr=str(report),
        action_flag=ADDITION,
    )
    f.make_report_file(report=report, file=ContentFile(f.pdf_bytes("Open Parliament"), name="2016 巴黎.pdf"))
    f.make_report_file(report=report, kind="attachment", file=ContentFile(f.pdf_bytes("Annex"), name="a.pdf"))
    return report


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_round_trip_restores_every_row_and_file(archive_with_files, tmp_path):
    before, files_before = table_snapshot(), stored_hashes()
    found_before = list(Report.objects.search("國會").values_list("pk", flat=True))
    path = tmp_path / "archive.zip"
    version_before = current_version()

    summary = dump(path)
    empty_database_as_migrate_leaves_it()
    restore(path)

    # What the servers cached before the restore is never read again.
    assert current_version() > version_before

    assert summary.files == 2
    assert table_snapshot() == before
    assert stored_hashes() == files_before
    assert list(Report.objects.search("國會").values_list("pk", flat=True)) == found_before
    assert found_before
    assert refresh_all_public_flags() == 0
    # Ids continue after the restored ones (PostgreSQL's sequences are reset).
    assert f.make_person().pk > max(row[0] for row in before["people.person"])
    assert f.make_report_file(report=archive_with_files).pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_commands_report_what_they_did(archive_with_files, tmp_path):
    path = tmp_path / "archive.zip"
    out = io.StringIO()

    with translation.override("en"):
        call_command("dump_archive", str(path), stdout=out)
        empty_database_as_migrate_leaves_it()
        call_command("restore_archive", str(path), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Backed up ")
    assert " tables and 2 files " in lines[0]
    assert lines[1].startswith("Restored ")
    assert " tables and 2 files from " in lines[1]
    assert Person.objects.count() == 514


@pytest.mark.django_db
def test_dump_refuses_to_overwrite_a_file_without_force(tmp_path):
    path = tmp_path / "archive.zip"
    path.write_bytes(b"older backup")

    with translation.override("en"), pytest.raises(CommandError, match="exists; give --force"):
        call_command("dump_archive", str(path))

    assert path.read_bytes() == b"older backup"


@pytest.mark.django_db
def test_a_freshly_migrated_database_fills_only_the_tables_a_restore_replaces():
    # pytest-django runs these (non-transactional) tests on the database as migrate left it.
    owners = {(model._meta.auto_created or model)._meta.label_lower for model in backed_up_models()}
    filled = {
        (model._meta.auto_created or model)._meta.label_lower
        for model in backed_up_models()
        if model._base_manager.exists()
    }

    assert filled <= set(MADE_BY_MIGRATIONS)
    assert set(MADE_BY_MIGRATIONS) <= owners


@pytest.fixture
def backup(tmp_path):
    """A backup of a small archive with a file, and the database emptied after it."""
    f.make_report_file()
    path = tmp_path / "archive.zip"
    dump(path)
    flush_archive_tables()
    return path


def assert_nothing_restored():
    assert (Report.objects.count(), Person.objects.count(), ReportFile.objects.count()) == (0, 0, 0)
    assert not default_storage.exists("reports") or default_storage.listdir("reports")[1] == []


@pytest.mark.django_db
def test_restore_refuses_a_database_with_archive_data(backup):
    f.make_person(name_zh="高仙桂")

    with (
        translation.override("en"),
        pytest.raises(BackupError, match=r"already holds archive data: people\.person"),
    ):
        restore(backup)

    assert list(Person.objects.values_list("name_zh", flat=True)) == ["高仙桂"]
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda path, tmp: tmp / "missing.zip", "There is no file"),
        (lambda path, tmp: _write(tmp / "notes.zip", b"not a zip at all"), "is not an archive backup"),
        (
            lambda path, tmp: rewrite(path, tmp / "foreign.zip", lambda n, d: None),
            "is not a backup of this archive",
        ),
        (
            lambda path, tmp: rewrite(
                path, tmp / "other.zip", with_manifest(lambda m: m.update(format="other"))
            ),
            "is not a backup of this archive",
        ),
        (
            lambda path, tmp: _flip_a_byte(path, tmp / "flipped.zip", "data/reports.report.jsonl"),
            "is damaged: data/reports.report.jsonl",
        ),
        (
            lambda path, tmp: rewrite(
                path,
                tmp / "tampered.zip",
                lambda name, data: data.replace(b"Open Government", b"Open Governmint"),
            ),
            "does not match its SHA-256",
        ),
        (
            lambda path, tmp: rewrite(
                path, tmp / "cut.zip", lambda name, data: None if name.startswith("files/") else data
            ),
            "is missing or unreadable",
        ),
        (
            lambda path, tmp: rewrite(
                path, tmp / "older.zip", with_manifest(lambda m: m["migrations"].pop())
            ),
            "made at other migrations",
        ),
    ],
    ids=[
        "missing",
        "not-zip",
        "no-manifest",
        "other-format",
        "damaged",
        "tampered",
        "file-left-out",
        "migrations",
    ],
)
@pytest.mark.django_db
def test_restore_refuses_a_damaged_or_foreign_backup_writing_nothing(backup, tmp_path, make_file, message):
    path = make_file(backup, tmp_path)

    with translation.override("en"), pytest.raises(BackupError, match=message):
        restore(path)

    assert_nothing_restored()


@pytest.mark.django_db
def test_restore_of_rows_that_do_not_fit_writes_nothing(backup, tmp_path):
    # A report file whose report is not in the backup, with the manifest's hash made to match:
    # loading fails at the constraint check, after other tables were loaded.
    def orphan(name, data):
        if name == "data/reports.reportfile.jsonl":
            row = json.loads(data.splitlines()[0])
            row["fields"]["report"] = 999_999
            return json.dumps(row).encode() + b"\n"
        return data

    broken = rewrite(backup, tmp_path / "orphan.zip", orphan)
    member = zipfile.ZipFile(broken).read("data/reports.reportfile.jsonl")
    fixed = rewrite(
        broken,
        tmp_path / "orphan-hashed.zip",
        with_manifest(
            lambda m: next(e for e in m["data"] if e["model"] == "reports.reportfile").update(
                sha256=hashlib.sha256(member).hexdigest()
            )
        ),
    )

    with translation.override("en"), pytest.raises(BackupError, match="Nothing was restored"):
        restore(fixed)

    assert_nothing_restored()


def _write(path, data):
    path.write_bytes(data)
    return path


def _flip_a_byte(path, target, member_name):
    """Damage one byte of a member's compressed data in place, as a bad disk would."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member_name)
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


@pytest.mark.django_db
def test_dump_names_a_file_missing_from_storage_and_backs_up_the_rest(tmp_path):
    kept, lost = f.make_report_file(), f.make_report_file()
    default_storage.delete(lost.file.name)
    out, err = io.StringIO(), io.StringIO()

    with translation.override("en"):
        call_command("dump_archive", str(tmp_path / "archive.zip"), stdout=out, stderr=err)

    manifest = json.loads(zipfile.ZipFile(tmp_path / "archive.zip").read("manifest.json"))
    assert [entry["name"] for entry in manifest["files"]] == [kept.file.name]
    assert manifest["missing_files"] == [lost.file.name]
    assert err.getvalue() == f"Missing from the file storage, not backed up: {lost.file.name}\n"
    assert " and 1 files " in out.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.zip"]


def rehashed(path, target, change, extra=None):
    """A rewritten backup whose manifest is rewritten to match, as a forger would: each member
    through change(name, data) (None leaves it out), `extra` members added, and every listed
    member's SHA-256 and row count made to fit what the archive now holds."""
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members = {name: change(name, data) for name, data in members.items()}
    members = {name: data for name, data in members.items() if data is not None} | (extra or {})
    manifest = json.loads(members["manifest.json"])
    for entry in [*manifest["data"], *manifest["files"]]:
        if entry["member"] in members:
            entry["sha256"] = hashlib.sha256(members[entry["member"]]).hexdigest()
    for entry in manifest["data"]:
        if entry["member"] in members:
            entry["rows"] = members[entry["member"]].count(b"\n")
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as copy:
        for name, data in members.items():
            copy.writestr(name, data)
    return target


def first_row_changed(member, change):
    """change(row) applied to the first row of `member`, the other members as they were."""

    def changed(name, data):
        if name != member:
            return data
        first, _, rest = data.partition(b"\n")
        row = json.loads(first)
        new = change(row)
        return (new if isinstance(new, bytes) else json.dumps(row).encode()) + b"\n" + rest

    return changed


REPORTS = "data/reports.report.jsonl"

TAMPERINGS = {
    "another-tables-row": (
        lambda path: first_row_changed(REPORTS, lambda row: row.update(model="people.person")),
        r"data/reports\.report\.jsonl, line 1: a row of the table people\.person, in the member of "
        r"reports\.report",
    ),
    "broken-json": (
        lambda path: first_row_changed(REPORTS, lambda row: b'{"model": "reports.report", "pk": 1,'),
        r"data/reports\.report\.jsonl, line 1: not a row in JSON \(.+\)",
    ),
    "not-an-object": (
        lambda path: first_row_changed(REPORTS, lambda row: b"[1, 2, 3]"),
        r"data/reports\.report\.jsonl, line 1: not a row as the backup writes it",
    ),
    "no-id": (
        lambda path: first_row_changed(REPORTS, lambda row: row.pop("pk")),
        r"data/reports\.report\.jsonl, line 1: not a row as the backup writes it",
    ),
    "wrong-type": (
        lambda path: first_row_changed(REPORTS, lambda row: row["fields"].update(report_date="yesterday")),
        r"data/reports\.report\.jsonl, line 1: a value does not fit its field \(.*yesterday",
    ),
    "id-not-a-number": (
        lambda path: first_row_changed(REPORTS, lambda row: row.update(pk="one")),
        r"data/reports\.report\.jsonl, line 1: a value does not fit its field \(.+\)",
    ),
    "missing-field": (
        lambda path: first_row_changed(REPORTS, lambda row: row["fields"].pop("title")),
        r"data/reports\.report\.jsonl, line 1: the row's fields are not the table's \(unknown: -; "
        r"missing: title\)",
    ),
    "unknown-field": (
        lambda path: first_row_changed(REPORTS, lambda row: row["fields"].update(secret=1)),
        r"data/reports\.report\.jsonl, line 1: the row's fields are not the table's \(unknown: secret; "
        r"missing: -\)",
    ),
    "number-too-large": (
        lambda path: first_row_changed(REPORTS, lambda row: row["fields"].update(pages=2**70)),
        r"data/reports\.report\.jsonl, lines 1–1, cannot be loaded \(.+\)",
    ),
    "duplicate-id": (
        lambda path: lambda name, data: data + data if name == REPORTS else data,
        r"data/reports\.report\.jsonl, lines 1–2, cannot be loaded \(.+\)",
    ),
    "foreign-key-to-nothing": (
        lambda path: first_row_changed(
            "data/reports.reportfile.jsonl", lambda row: row["fields"].update(report=999_999)
        ),
        r"data/reports\.reportfile\.jsonl has rows that point at rows the backup does not hold \(.+\)",
    ),
    "table-left-out": (
        lambda path: (
            lambda name, data: (
                None
                if name == "data/people.person.jsonl"
                else with_manifest(
                    lambda m: m.update(data=[e for e in m["data"] if e["model"] != "people.person"])
                )(name, data)
            )
        ),
        r"has no member for the tables data/people\.person\.jsonl",
    ),
    "member-listed-for-another-table": (
        lambda path: with_manifest(
            lambda m: next(e for e in m["data"] if e["model"] == "reports.report").update(
                member="data/people.person.jsonl"
            )
        ),
        r"lists data/people\.person\.jsonl for the table reports\.report",
    ),
}


@pytest.mark.parametrize(("tamper", "message"), TAMPERINGS.values(), ids=TAMPERINGS.keys())
@pytest.mark.django_db
def test_restore_refuses_a_tampered_backup_naming_the_member_and_the_reason(
    backup, tmp_path, tamper, message
):
    path = rehashed(backup, tmp_path / "tampered.zip", tamper(backup))

    with translation.override("en"), pytest.raises(BackupError, match=message) as refusal:
        restore(path)

    assert str(refusal.value).endswith("Nothing was restored.")
    assert_nothing_restored()


@pytest.mark.django_db
def test_restore_refuses_a_member_its_manifest_does_not_list(backup, tmp_path):
    path = rehashed(
        backup, tmp_path / "extra.zip", lambda name, data: data, extra={"data/extra.jsonl": b"{}\n"}
    )

    with translation.override("en"), pytest.raises(BackupError, match=r"holds data/extra\.jsonl, which its"):
        restore(path)

    assert_nothing_restored()


@pytest.mark.django_db
def test_restore_refuses_a_zip_bomb_before_unpacking_it(backup, tmp_path, monkeypatch):
    # The limit is lowered so that the test's bomb is small: 4 MB of zeros packs to 4 kB.
    monkeypatch.setattr(backup_module, "PACKING_CHECKED_FROM", 1024 * 1024)
    bomb = b"\0" * (4 * 1024 * 1024)
    path = rehashed(
        backup, tmp_path / "bomb.zip", lambda name, data: bomb if name == "data/people.person.jsonl" else data
    )

    with (
        translation.override("en"),
        pytest.raises(BackupError, match=r"data/people\.person\.jsonl would unpack"),
    ):
        restore(path)

    assert_nothing_restored()


@pytest.mark.django_db
def test_restore_refuses_a_row_longer_than_any_real_one(backup, tmp_path, monkeypatch):
    # A member of one endless line would be read whole into memory; the limit is lowered so the
    # test need not write 64 MB.
    monkeypatch.setattr(backup_module, "MAX_ROW_BYTES", 1000)
    path = rehashed(
        backup,
        tmp_path / "long.zip",
        first_row_changed(REPORTS, lambda row: row["fields"].update(abstract="國會" * 1000)),
    )

    with (
        translation.override("en"),
        pytest.raises(BackupError, match=r"reports\.report\.jsonl, line 1: the row is longer"),
    ):
        restore(path)

    assert_nothing_restored()


@pytest.mark.django_db
def test_a_refusal_speaks_the_language_of_the_person_restoring(backup, tmp_path):
    path = rehashed(backup, tmp_path / "tampered.zip", TAMPERINGS["broken-json"][0](backup))

    with translation.override("zh-hant"), pytest.raises(BackupError) as refusal:
        restore(path)

    assert str(refusal.value).startswith("備份中的 data/reports.report.jsonl 第 1 行：不是 JSON 格式的資料列")
    assert str(refusal.value).endswith("未還原任何資料。")


# Made by the code before issue 14 moved models between apps (tests/data/backups/README.md): its
# tables and references name the import records reports.importrecord, and the import permissions
# by their place on them; its migrations are those of that code.
BEFORE_LAYERS = Path(settings.BASE_DIR) / "tests" / "data" / "backups" / "before-layers.zip"


# Transactional: a restore resets PostgreSQL's id sequences to its rows' ids, which a rollback
# would leave behind, below the ids of the rows migrate made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_made_before_models_moved_between_apps_restores(client, django_user_model):
    with zipfile.ZipFile(BEFORE_LAYERS) as backup:
        manifest = json.loads(backup.read("manifest.json"))
    assert ["reports", "0017_importrecord_to_archive"] not in manifest["migrations"]

    summary = restore(BEFORE_LAYERS)

    assert (summary.tables, summary.rows, summary.files) == (58, 228, 1)
    assert (Person.objects.count(), Report.objects.count(), ReportFile.objects.count()) == (2, 1, 1)
    person = Person.objects.get(slug="kao-shien-quey")
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200
    assert "高仙桂" in page.content.decode()
    report_file = ReportFile.objects.get()
    download = client.get(report_file.get_absolute_url())
    assert download.status_code == 200
    stored = hashlib.sha256(b"".join(download.streaming_content)).hexdigest()
    assert [stored] == [entry["sha256"] for entry in manifest["files"]]
    record = ImportRecord.objects.get()
    assert (record.kind, record.outcome, record.source, record.file_name, record.rows) == (
        "roster",
        "imported",
        "command",
        "before-layers-roster.csv",
        2,
    )
    assert (record.delegation.slug, record.user.username, record.created_records["people"]) == (
        "ogp-2016-paris",
        "editor",
        1,
    )
    # Groups and accounts hold the import permissions where they live now.
    editor = django_user_model.objects.get(username="editor")
    assert editor.has_perms(["reports.import_roster", "events.import_programme", "archive.view_importrecord"])
    clerk = django_user_model.objects.get(username="clerk")
    assert clerk.has_perms(["events.import_programme", "archive.view_importrecord"])
    assert not clerk.has_perm("reports.import_roster")
    # The reviewers' permission to merge, which came after the backup, is theirs again.
    assert Group.objects.get(name="審核 Reviewer").permissions.filter(codename="merge_records").exists()
    assert LogEntry.objects.get().get_edited_object() == person
    assert SourceNote.objects.get().record == person
    client.force_login(editor)
    records = client.get(reverse("admin:archive_importrecord_changelist"))
    assert records.status_code == 200
    assert "before-layers-roster.csv" in records.content.decode()
