"""The whole archive in one file, and back into an empty database (manage.py dump_archive,
restore_archive; see README "Backup and restore").

A backup is a zip file:

    manifest.json                    format and version, when, the migrations applied, and for
                                     every member its row count or size and its SHA-256
    data/<app>.<model>.jsonl         every row of a table, Django's JSON Lines serialisation
    files/<storage name>             every file a FileField points at, as stored

Every installed model is in it, many-to-many tables included (apps.get_models), so tables that
later apps add (history, …) are backed up without being listed, except those in LEFT_OUT and
LEFT_OUT_APPS. Rows
keep their ids. Rows point at content types and permissions by natural key (app label, model,
codename), since `migrate` makes those in every database with ids of its own.

A backup made before a model moved to another app (MOVED_MODELS, MOVED_PERMISSIONS; the
migrations that moved them, MOVING_MIGRATIONS) still restores: its tables and references are
read under the labels they have now.

The dump reads each table in chunks (QuerySet.iterator) and writes each row as it goes, so an
archive of any size needs no more memory than one chunk. A restore checks the whole file first
(manifest, every member's hash, the migrations), refuses a database that holds archive data,
then loads everything in one transaction: anything wrong writes nothing.
"""

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import importlib
import io
import itertools
import json
import os
import posixpath
import types
import zipfile
import zlib

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers import python as python_serializer
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from core.history import without_history
from events.models import Event
from people.models import Organization, Person
from reports.models import Report
from reports.publication import refresh_all_public_flags

FORMAT = "ogparchive-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
ROWS_PER_QUERY = 2000
# A row longer than this is refused, not read: one line of a member is held in memory whole.
# The longest real rows (a report's search document, a file's extracted text) are far shorter.
MAX_ROW_BYTES = 64 * 1024 * 1024
# A member that unpacks to more than this many times its packed size, once past the bytes
# below, is refused before it is read: JSON Lines packs some 10:1, a PDF barely at all, and a
# zip bomb 1,000:1.
MAX_PACKING_RATIO = 200
PACKING_CHECKED_FROM = 16 * 1024 * 1024

# Tables not backed up, and why.
LEFT_OUT = {
    # Made by `migrate` in every database; rows refer to them by natural key.
    "contenttypes.contenttype": "made by migrate",
    "auth.permission": "made by migrate",
    # Logins in progress are not archive data, and restoring them would revive old sessions.
    "sessions.session": "logins in progress",
    # This database's count of its own writes, the key of what servers cache: a restored old
    # number could match answers cached before. The restore bumps it instead (its flag refresh).
    "core.publicationversion": "the key of what servers cache",
    # Made from the names the backup holds (core.names), and remade by the restore: a newer
    # archive may make them differently.
    "people.personkey": "made from the names",
    "people.organizationkey": "made from the names",
}
# Whole apps not backed up: django-axes' login throttling (attempts, lockouts, the addresses of
# failed logins) is about the server the archive ran on, not the archive, and restored lockouts
# would lock staff out.
LEFT_OUT_APPS = {"axes": "login throttling state"}
# Tables left out because they are made from the backed-up rows: the restore empties and remakes
# them.
DERIVED = ["people.personkey", "people.organizationkey"]
BY_NATURAL_KEY = {"contenttypes.contenttype", "auth.permission"}
# Tables that migrations fill (the session languages; the editorial workflow's staff groups): an
# empty database holds their rows, and the backup's own rows replace them.
# tests/archive/test_backup.py checks that a freshly migrated database fills no other table.
MADE_BY_MIGRATIONS = ["auth.group", "events.language"]

# Models that moved to another app since backups were first made (issue 14, the layers), keeping
# their tables and rows. A backup made before names such a table by the label its model had
# (data/reports.importrecord.jsonl), and its rows name the content types and permissions of such
# a model by that label too: the restore reads them under the label they have now.
MOVED_MODELS = {
    "ogparchive.publicationversion": "core.publicationversion",
    "reports.importrecord": "archive.importrecord",
}
# Permissions that moved to another model (each lives on what it guards): natural key then → now.
MOVED_PERMISSIONS = {
    ("import_roster", "reports", "importrecord"): ("import_roster", "reports", "delegation"),
    ("import_programme", "reports", "importrecord"): ("import_programme", "events", "event"),
}
# A migration renamed since (the database of an archive upgraded across it records both names).
RENAMED_MIGRATIONS = {("ogparchive", "0001_publication_version"): ("core", "0001_publication_version")}
# The migrations that moved the models and permissions above and changed nothing else a backup
# holds: a backup made before them restores into a database migrated past them.
MOVING_MIGRATIONS = {
    ("core", "0001_publication_version"),
    ("reports", "0017_importrecord_to_archive"),
    ("reports", "0018_import_roster_permission"),
    ("events", "0013_import_programme_permission"),
    ("archive", "0001_importrecord_from_reports"),
    ("archive", "0002_import_permissions"),
}
# Migrations that change only tables a backup leaves out (LEFT_OUT): a backup made before them
# restores into a database migrated past them.
LEFT_OUT_MIGRATIONS = {("core", "0002_publication_changed_at")}
# Migrations that add only columns computed from others and left out of a backup
# (serialize=False: the title documents and keys of search), which a restore computes again: a
# backup made before them restores into a database migrated past them.
DERIVED_COLUMN_MIGRATIONS = {
    ("events", "0015_title_search"),
    ("reports", "0020_title_search"),
    ("events", "0016_fill_title_search"),
    ("reports", "0021_fill_title_search"),
    # The matching keys (tables of their own, in DERIVED) and search documents with accents
    # folded and romanisations added: a restore makes them all again.
    ("people", "0009_matching_keys"),
    ("people", "0010_fill_matching_keys"),
    ("reports", "0019_fold_accents"),
    ("events", "0014_fold_accents"),
}
# Migrations that only add a column a backup made before them has no value for and needs none
# (nullable, nothing derived from it): such a backup restores, the column left empty.
NULLABLE_COLUMN_MIGRATIONS = {
    # Where a section starts in the report's PDF: known only for reports read from their PDF.
    ("reports", "0022_section_page"): {
        "reports.reportsection": ("page",),
        "reports.historicalreportsection": ("page",),
    },
}
# Migrations that only widen a field's choices (AlterField, no column changes): every value a
# backup made before them holds is still one of the choices, so it restores as it is.
CHOICES_MIGRATIONS = {
    # The withdrawn publication status (a report's, and the workflow log's from/to).
    ("reports", "0023_withdrawn_status"),
}
# The models whose search columns (and matching keys) a restore computes again: a backup leaves
# some out, and one made before DERIVED_COLUMN_MIGRATIONS holds them as they were made then.
REBUILT_SEARCH_MODELS = [Person, Organization, Report, Event]

# Migrations that only add tables (a backup made before them has no member for them, and no
# rows to put there) and permissions: a backup made before them restores into a database
# migrated past them too.
ADDING_MIGRATIONS = {
    ("archive", "0003_merge"): ("archive.merge", "archive.mergedaddress"),
    ("archive", "0004_possible_duplicates"): ("archive.possibleduplicate", "archive.notduplicate"),
}
# What such a migration gave the staff groups, which a backup made before it restores without:
# the restore gives it again (the migration's own function, as `migrate` ran it).
REGIVEN_AFTER_RESTORE = {("archive", "0003_merge"): "give_reviewers_the_merge"}


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, for the person running it."""


def backed_up_models():
    """Every table the backup holds, in the order of INSTALLED_APPS and their models."""
    return [
        model
        for app_config in apps.get_app_configs()
        for model in app_config.get_models(include_auto_created=True)
        if model._meta.label_lower not in LEFT_OUT
        and app_config.label not in LEFT_OUT_APPS
        and model._meta.managed
        and not model._meta.proxy
    ]


def file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def applied_migrations():
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (ECMA-262); a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class ArchiveSerializer(jsonl.Serializer):
    """Django's JSON Lines, with references by natural key only to content types and
    permissions, and no many-to-many lists: their tables are backed up as tables."""

    def handle_fk_field(self, obj, field):
        if field.related_model._meta.label_lower in BY_NATURAL_KEY:
            related = getattr(obj, field.name)
            self._current[field.name] = related.natural_key() if related else None
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    def handle_m2m_field(self, obj, field):
        pass


class HashingWriter(io.RawIOBase):
    """Writes through to `target`, counting and hashing what passes."""

    def __init__(self, target):
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


def _rows(model):
    """The model's rows in id order, read a chunk at a time, with the natural-key targets
    joined so that naming them costs no query per row."""
    paths = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model._meta.label_lower in BY_NATURAL_KEY:
            paths.append(field.name)
            paths += [
                f"{field.name}__{inner.name}"
                for inner in field.related_model._meta.concrete_fields
                if inner.is_relation and inner.related_model._meta.label_lower in BY_NATURAL_KEY
            ]
    queryset = model._base_manager.select_related(*paths).order_by("pk")
    return queryset.iterator(chunk_size=ROWS_PER_QUERY)


@dataclasses.dataclass
class DumpSummary:
    rows: int
    tables: int
    files: int
    file_bytes: int
    missing_files: list


def dump(path):
    """Write the whole archive to the zip file `path` (put in place only once complete)."""
    partial = f"{path}.partial"
    storage = archive_storage()
    try:
        data, files, missing = _write_backup(partial, storage)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
        raise
    os.replace(partial, path)
    return DumpSummary(
        rows=sum(entry["rows"] for entry in data),
        tables=len(data),
        files=len(files),
        file_bytes=sum(entry["size"] for entry in files),
        missing_files=missing,
    )


def _write_backup(path, storage):
    files, missing = [], []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with _snapshot():
            data = [_write_table(archive, model) for model in backed_up_models()]
            for name in _stored_file_names():
                entry = _copy_into(archive, storage, name)
                (files if entry else missing).append(entry or name)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "database": connection.vendor,
                "migrations": applied_migrations(),
                "data": data,
                "files": files,
                "missing_files": missing,
            }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return data, files, missing


@contextlib.contextmanager
def _snapshot():
    """One view of the database for the whole dump, so no row points at one written later.
    PostgreSQL needs REPEATABLE READ for that (its default sees each query's own snapshot);
    SQLite's read transaction is one already."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _write_table(archive, model):
    member = f"data/{model._meta.label_lower}.jsonl"
    rows = _Counted(_rows(model))
    info = zipfile.ZipInfo(member, date_time=datetime.datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as raw:
        writer = HashingWriter(raw)
        text = io.TextIOWrapper(io.BufferedWriter(writer, CHUNK), encoding="utf-8", newline="\n")
        ArchiveSerializer().serialize(rows, stream=text, cls=ExactJSONEncoder)
        text.flush()
        text.detach().detach()
    return {
        "model": model._meta.label_lower,
        "member": member,
        "rows": rows.count,
        "sha256": writer.digest.hexdigest(),
    }


class _Counted:
    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def archive_storage():
    """The storage of the archive's files (every FileField of the archive uses the default
    storage; a second one would need its own place in the backup)."""
    storages = {field.storage for model in backed_up_models() for field in file_fields(model)}
    if len(storages) > 1:
        raise BackupError(
            _("The archive's files are kept in more than one storage; a backup cannot hold them.")
        )
    return storages.pop() if storages else default_storage


def _stored_file_names():
    """The name of every stored file a row points at, each once."""
    seen = set()
    for model in backed_up_models():
        for field in file_fields(model):
            names = model._base_manager.exclude(**{field.name: ""}).order_by(field.name)
            for name in names.values_list(field.name, flat=True).distinct().iterator(ROWS_PER_QUERY):
                if name not in seen:
                    seen.add(name)
                    yield name


def _copy_into(archive, storage, name):
    """Copy a stored file into the backup; its manifest entry, or None when it is missing."""
    try:
        stored = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    member = f"files/{name}"
    info = zipfile.ZipInfo(member, date_time=datetime.datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED  # PDFs are compressed already
    with stored, archive.open(info, "w", force_zip64=True) as raw:
        writer = HashingWriter(raw)
        for chunk in stored.chunks(CHUNK):
            writer.write(chunk)
    return {"name": name, "member": member, "size": writer.size, "sha256": writer.digest.hexdigest()}


# -- restore --------------------------------------------------------------------------------------


@dataclasses.dataclass
class RestoreSummary:
    rows: int
    tables: int
    files: int


def restore(path):
    """Load the backup at `path` into this (empty, migrated) database and its file storage,
    all or nothing. Raises BackupError, having written nothing, when it cannot."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(_("There is no file %(path)s.") % {"path": path}) from None
    except (zipfile.BadZipFile, OSError):
        raise BackupError(
            _("%(path)s is not an archive backup (not a zip file, or damaged).") % {"path": path}
        ) from None
    with archive:
        manifest = _read_manifest(archive, path)
        _check_migrations(manifest)
        models_by_label = _check_models(manifest)
        _check_member_list(archive, manifest, path)
        _verify_members(archive, manifest, path)
        _check_empty()
        storage = archive_storage()
        _check_storage(storage, manifest)
        return _load(archive, manifest, models_by_label, storage)


def _read_manifest(archive, path):
    foreign = BackupError(_("%(path)s is not a backup of this archive.") % {"path": path})
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile, zlib.error):
        raise foreign from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise foreign
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("%(path)s is a backup of format version %(version)s; this archive reads version %(ours)s.")
            % {"path": path, "version": manifest.get("version"), "ours": VERSION}
        )
    try:
        for entry in manifest["data"]:
            str(entry["model"]), str(entry["member"]), int(entry["rows"]), str(entry["sha256"])
        for entry in manifest["files"]:
            str(entry["name"]), str(entry["member"]), int(entry["size"]), str(entry["sha256"])
        list(manifest["migrations"])
    except (KeyError, TypeError, ValueError):
        raise foreign from None
    return manifest


def _check_migrations(manifest):
    theirs = _migrations_by_current_name(manifest["migrations"])
    ours = _migrations_by_current_name(applied_migrations())
    # A backup made before models moved between apps lacks the migrations that moved them, one
    # made before derived or nullable columns or tables were added the migrations that added them,
    # one made before choices were widened the migrations that widened them.
    skippable = MOVING_MIGRATIONS | DERIVED_COLUMN_MIGRATIONS | LEFT_OUT_MIGRATIONS | CHOICES_MIGRATIONS
    skippable |= set(NULLABLE_COLUMN_MIGRATIONS) | set(ADDING_MIGRATIONS)
    differences = sorted((theirs ^ ours) - ((ours - theirs) & skippable))
    if differences:
        listed = ", ".join(f"{app}.{name}" for app, name in differences[:5])
        raise BackupError(
            _(
                "The backup was made at other migrations than this database has (%(count)s differ: "
                "%(listed)s). Restore into a database migrated with the code that made the backup, "
                "then migrate."
            )
            % {"count": len(differences), "listed": listed}
        )


def _migrations_by_current_name(migrations):
    return {RENAMED_MIGRATIONS.get(tuple(pair), tuple(pair)) for pair in migrations}


def current_label(label, installed):
    """The label a backup's table has now: its own, or the one its model moved to."""
    return label if label in installed else MOVED_MODELS.get(label, label)


def _regive(theirs):
    for (app, name), function in REGIVEN_AFTER_RESTORE.items():
        if (app, name) not in theirs:
            migration = importlib.import_module(f"{app}.migrations.{name}")
            getattr(migration, function)(apps, types.SimpleNamespace(connection=connection))


def _check_models(manifest):
    """{the backup's label: the model its rows load into}, for every table the backup holds
    but one this archive leaves out (a backup made when it was not)."""
    installed = {model._meta.label_lower: model for model in backed_up_models()}
    named = [entry["model"] for entry in manifest["data"]]
    labels = [current_label(label, installed) for label in named]
    unknown = sorted(set(labels) - set(installed) - set(LEFT_OUT))
    if unknown:
        raise BackupError(
            _("The backup holds tables this archive does not have: %(tables)s.")
            % {"tables": ", ".join(unknown)}
        )
    # A dump writes every table, even an empty one: a table left out is a cut or rewritten file.
    theirs = _migrations_by_current_name(manifest["migrations"])
    added_since = {
        label for migration, added in ADDING_MIGRATIONS.items() if migration not in theirs for label in added
    }
    missing = [label for label in installed if label not in labels and label not in added_since]
    if missing:
        raise BackupError(
            _("The backup has no member for the tables %(tables)s. Nothing was restored.")
            % {"tables": ", ".join(f"data/{label}.jsonl" for label in missing[:5])}
        )
    for entry, label in zip(manifest["data"], labels, strict=True):
        if labels.count(label) > 1 or entry["member"] != f"data/{entry['model']}.jsonl":
            raise BackupError(
                _(
                    "The backup's manifest lists %(member)s for the table %(table)s: a table's rows "
                    "are in data/<table>.jsonl, once. Nothing was restored."
                )
                % {"member": entry["member"], "table": entry["model"]}
            )
    return {name: installed[label] for name, label in zip(named, labels, strict=True) if label in installed}


def _check_member_list(archive, manifest, path):
    """Every member of the zip is the manifest or one it lists, and none is a zip bomb."""
    listed = {MANIFEST} | {entry["member"] for entry in [*manifest["data"], *manifest["files"]]}
    for info in archive.infolist():
        if info.filename not in listed:
            raise BackupError(
                _("%(path)s holds %(member)s, which its manifest does not list. Nothing was restored.")
                % {"path": path, "member": info.filename}
            )
        if info.file_size > PACKING_CHECKED_FROM and info.file_size > MAX_PACKING_RATIO * info.compress_size:
            raise BackupError(
                _(
                    "%(path)s is refused: %(member)s would unpack to %(size)s bytes from %(packed)s, "
                    "more than any backup packs (a zip bomb). Nothing was restored."
                )
                % {
                    "path": path,
                    "member": info.filename,
                    "size": f"{info.file_size:,}",
                    "packed": f"{info.compress_size:,}",
                }
            )


def _verify_members(archive, manifest, path):
    """Every member there and as the manifest says, before anything is written."""
    for entry in [*manifest["data"], *manifest["files"]]:
        digest = hashlib.sha256()
        try:
            with archive.open(entry["member"]) as member:
                while chunk := member.read(CHUNK):
                    digest.update(chunk)
        except (KeyError, zipfile.BadZipFile, zlib.error, EOFError):
            raise BackupError(
                _("%(path)s is damaged: %(member)s is missing or unreadable. Nothing was restored.")
                % {"path": path, "member": entry["member"]}
            ) from None
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                _("%(path)s is damaged: %(member)s does not match its SHA-256. Nothing was restored.")
                % {"path": path, "member": entry["member"]}
            )


def _check_empty():
    holding = [
        f"{model._meta.label_lower} ({model._base_manager.count():,})"
        for model in backed_up_models()
        if not _made_by_migrations(model) and model._base_manager.exists()
    ]
    if holding:
        raise BackupError(
            _(
                "This database already holds archive data: %(tables)s. Restore only into an empty "
                "database that has just been migrated."
            )
            % {"tables": ", ".join(holding[:10])}
        )


def _made_by_migrations(model):
    # A many-to-many table goes with the model that declares it.
    owner = model._meta.auto_created or model
    return owner._meta.label_lower in MADE_BY_MIGRATIONS


def _check_storage(storage, manifest):
    """Refuse a file name that leaves the storage's folder, or one the storage already holds
    with other content."""
    for entry in manifest["files"]:
        name = entry["name"]
        if name != posixpath.normpath(name) or name.startswith(("/", "..")):
            raise BackupError(_("The backup names a file outside the archive: %(name)s.") % {"name": name})
        if storage.exists(name) and _stored_hash(storage, name) != entry["sha256"]:
            raise BackupError(
                _("The file storage already holds a different file named %(name)s. Nothing was restored.")
                % {"name": name}
            )


def _stored_hash(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in stored.chunks(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _load(archive, manifest, models_by_label, storage):
    written = []
    entries = [entry for entry in manifest["data"] if entry["model"] in models_by_label]
    loaded = [models_by_label[entry["model"]] for entry in entries]
    try:
        with transaction.atomic():
            # The backup holds these tables' rows and their history as they were: the rows
            # migrate made are replaced without a history entry of their own.
            with without_history():
                for label in MADE_BY_MIGRATIONS:
                    apps.get_model(label)._base_manager.all().delete()
            with connection.constraint_checks_disabled():
                for entry in entries:
                    _load_table(archive, entry, models_by_label[entry["model"]])
            _check_references(entries, models_by_label)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
                    cursor.execute(statement)
            # The stored public flags follow their rules, whatever the backup's rows said.
            refresh_all_public_flags()
            for label in DERIVED:
                apps.get_model(label)._base_manager.all().delete()
            _regive(_migrations_by_current_name(manifest["migrations"]))
            # The derived search columns and matching keys a backup leaves out.
            for model in REBUILT_SEARCH_MODELS:
                model.objects.all().rebuild_search_documents()
            for entry in manifest["files"]:
                name = entry["name"]
                if storage.exists(name):
                    continue  # the same file (checked before)
                with archive.open(entry["member"]) as member:
                    saved = storage.save(name, File(member, name))
                written.append(saved)
                if saved != name:
                    raise BackupError(
                        _("The file storage stored %(name)s under another name.") % {"name": name}
                    )
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return RestoreSummary(
        rows=sum(entry["rows"] for entry in entries),
        tables=len(entries),
        files=len(manifest["files"]),
    )


def _check_references(entries, models_by_label):
    """Every foreign key of the loaded rows points at a row, checked table by table so that a
    refusal names the member whose rows point at nothing."""
    members = {models_by_label[entry["model"]]._meta.db_table: entry["member"] for entry in entries}
    for entry in entries:
        try:
            connection.check_constraints(table_names=[models_by_label[entry["model"]]._meta.db_table])
        except IntegrityError as error:
            # PostgreSQL checks every deferred constraint at once; its error names the table.
            table = getattr(getattr(error.__cause__, "diag", None), "table_name", None)
            raise BackupError(
                _(
                    "The backup's %(member)s has rows that point at rows the backup does not hold "
                    "(%(error)s). Nothing was restored."
                )
                % {"member": members.get(table, entry["member"]), "error": _reason(error)}
            ) from error


def _reason(error):
    """What went wrong, in words: some errors (a DeserializationError around another) carry
    no message of their own."""
    while error is not None and not str(error).strip():
        error = error.__cause__ or error.__context__
    # On one line: PostgreSQL's messages carry a DETAIL line.
    return " ".join(str(error).split()) if error is not None else _("no reason given")


def _load_table(archive, entry, model):
    """Insert one table's rows, a batch at a time. The rows are as they were dumped: no save()
    and no signals (nothing is recomputed from half-loaded tables, no history is written)."""
    member, count = entry["member"], 0
    with archive.open(member) as raw:
        rows = _rows_of(raw, member, model, entry["model"])
        while batch := list(itertools.islice(rows, ROWS_PER_QUERY)):
            try:
                _insert([row for _line, row in batch])
            except (IntegrityError, DatabaseError, ValueError, TypeError, OverflowError) as error:
                lines = f"{batch[0][0]}–{batch[-1][0]}"
                raise BackupError(
                    _(
                        "The backup's %(member)s, lines %(lines)s, cannot be loaded (%(error)s). "
                        "Nothing was restored."
                    )
                    % {"member": member, "lines": lines, "error": _reason(error)}
                ) from error
            count += len(batch)
    if count != entry["rows"]:
        raise BackupError(
            _("The backup's %(member)s holds %(count)s rows, not %(rows)s. Nothing was restored.")
            % {"member": member, "count": count, "rows": entry["rows"]}
        )


def _row_refused(member, line, reason):
    return BackupError(
        _("The backup's %(member)s, line %(line)s: %(reason)s Nothing was restored.")
        % {"member": member, "line": line, "reason": reason}
    )


def _rows_of(raw, member, model, label):
    """(line number, unsaved instance) for each line of a member, each line first checked to be
    what the dump writes: a JSON object of this table (named `label` in the backup) with its id
    and exactly its fields."""
    fields = {field.name for field in model._meta.concrete_model._meta.local_fields if field.serialize}
    label_now, key_fields = model._meta.label_lower, _natural_key_fields(model)
    # Columns a backup made before they were added lacks (left empty).
    may_lack = {name for added in NULLABLE_COLUMN_MIGRATIONS.values() for name in added.get(label_now, ())}
    number = 0
    while line := raw.readline(MAX_ROW_BYTES + 1):
        number += 1
        refuse = functools.partial(_row_refused, member, number)
        if len(line) > MAX_ROW_BYTES:
            raise refuse(_("the row is longer than %(limit)s bytes.") % {"limit": f"{MAX_ROW_BYTES:,}"})
        try:
            row = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise refuse(_("not a row in JSON (%(error)s).") % {"error": _reason(error)}) from None
        if not isinstance(row, dict) or not isinstance(row.get("fields"), dict) or row.get("pk") is None:
            raise refuse(_("not a row as the backup writes it (model, pk and fields)."))
        if row.get("model") != label:
            raise refuse(
                _("a row of the table %(other)s, in the member of %(table)s.")
                % {"other": str(row.get("model"))[:100], "table": label}
            )
        unknown, missing = sorted(set(row["fields"]) - fields), sorted(fields - set(row["fields"]) - may_lack)
        if unknown or missing:
            raise refuse(
                _("the row's fields are not the table's (unknown: %(unknown)s; missing: %(missing)s).")
                % {"unknown": ", ".join(unknown)[:200] or "-", "missing": ", ".join(missing) or "-"}
            )
        row = _as_named_now(row, label_now, key_fields)
        try:
            [loaded] = python_serializer.Deserializer([row])
        except (
            DeserializationError,
            ValidationError,
            ValueError,
            TypeError,
            OverflowError,
            LookupError,
        ) as error:
            raise refuse(
                _("a value does not fit its field (%(error)s).") % {"error": _reason(error)}
            ) from None
        yield number, loaded.object


def _natural_key_fields(model):
    """The model's fields that name a content type or a permission: {name: related label}."""
    return {
        field.name: field.related_model._meta.label_lower
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model._meta.label_lower in BY_NATURAL_KEY
    }


def _as_named_now(row, label, key_fields):
    """The row under its model's label now, its references to content types and permissions of
    moved models (and to moved permissions) by their natural keys now."""
    fields = dict(row["fields"])
    for name, related in key_fields.items():
        key = fields.get(name)
        if not isinstance(key, list) or not all(isinstance(part, str) for part in key):
            continue  # not a natural key as the dump writes it: the deserialiser says why
        if related == "auth.permission" and len(key) == 3:
            fields[name] = list(_permission_now(tuple(key)))
        elif related == "contenttypes.contenttype" and len(key) == 2:
            fields[name] = list(_model_now(*key))
    return {**row, "model": label, "fields": fields}


def _model_now(app_label, model_name):
    label = f"{app_label}.{model_name}"
    if label in MOVED_MODELS and not _is_installed(label):
        return tuple(MOVED_MODELS[label].split("."))
    return app_label, model_name


def _permission_now(key):
    if key in MOVED_PERMISSIONS and not _is_installed(f"{key[1]}.{key[2]}"):
        return MOVED_PERMISSIONS[key]
    return (key[0], *_model_now(key[1], key[2]))


def _is_installed(label):
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def _insert(objects):
    model = type(objects[0])
    if model._meta.parents:  # multi-table inheritance: a row spans tables, so one at a time
        for obj in objects:
            obj.save_base(raw=True, force_insert=True)
        return
    # QuerySet._insert with raw=True is what save_base(raw=True) runs for one row: the values as
    # they are. bulk_create would not do: it sets auto_now fields (updated_at) to now.
    fields = [field for field in model._meta.local_concrete_fields if not field.generated]
    manager = model._base_manager
    size = max(connection.ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), size):
        manager._insert(objects[start : start + size], fields=fields, raw=True)
