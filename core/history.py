"""Change history: every record of people, events and reports keeps its versions with who, when
and why (django-simple-history), shown and reverted in the admin.

- `track_history(*models)` registers models, once each, at the end of their app's models.py.
  Derived data (the public flags, search documents, name matching keys) is recomputed from
  other records and never edited: it is left out of the history, so refreshing it writes none.
- Saves and deletes are recorded by simple-history's signals; the user is the request's
  (simple_history.middleware.HistoryRequestMiddleware).
- Writes in bulk (bulk_create, bulk_update, deletes of many rows) send no signals: their writer
  calls `record_bulk(model, records, change)`, one insert of history rows per call. Importers
  run inside `recorded_as(user, reason)`, which gives every history row written inside it, in
  bulk or by signal, that user and reason.
- `without_history()` writes none at all (generated scale data is not the archive's history).
"""

import contextlib
import contextvars
import dataclasses

from django.apps import apps
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

ADDED, CHANGED, DELETED = "+", "~", "-"
DERIVED_FIELDS = (
    "search_document",
    "title_document",
    "title_key",
    "title_zh_key",
    "title_en_key",
    "is_public",
    "delegate_took_part",
    "is_delegate",
    "is_speaker",
    "is_moderator",
    "is_organiser",
    "name_zh_key",
    "name_en_key",
)
BATCH = 2000


@dataclasses.dataclass
class _Recording:
    user: object = None
    reason: str = ""
    enabled: bool = True
    recorded_deletes: set = dataclasses.field(default_factory=set)


_recording = contextvars.ContextVar("history_recording", default=None)


# django-simple-history's history_change_reason column holds this many characters.
REASON_MAX_LENGTH = 100


@contextlib.contextmanager
def recorded_as(user, reason):
    """Give the history rows written inside the block `user` (None: nobody) and `reason`, cut
    to what the column holds (an import's reason names a delegation, whose title may be long)."""
    reason = Truncator(str(reason)).chars(REASON_MAX_LENGTH) if reason else reason
    token = _recording.set(
        _Recording(user=user if getattr(user, "is_authenticated", False) else None, reason=reason)
    )
    try:
        yield
    finally:
        _recording.reset(token)


@contextlib.contextmanager
def without_history():
    """Write no history inside the block."""
    token = _recording.set(_Recording(enabled=False))
    try:
        yield
    finally:
        _recording.reset(token)


class ArchiveHistoricalRecords(HistoricalRecords):
    """simple-history's records, told by `recorded_as` and `without_history`."""

    def get_meta_options_m2m(self, through_model):
        # Named in the reader's language, as the versions of records are (track_history).
        return {
            **super().get_meta_options_m2m(through_model),
            "verbose_name": format_lazy(_("historical {}"), through_model._meta.verbose_name),
        }

    def post_save(self, instance, created, using=None, **kwargs):
        recording = _recording.get()
        if recording is None or recording.enabled:
            super().post_save(instance, created, using=using, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        recording = _recording.get()
        if recording is not None and (
            not recording.enabled or (type(instance), instance.pk) in recording.recorded_deletes
        ):
            return
        super().post_delete(instance, using=using, **kwargs)

    def get_history_user(self, instance):
        recording = _recording.get()
        if recording is not None and recording.user is not None and not hasattr(instance, "_history_user"):
            return recording.user
        return super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        recording = _recording.get()
        return reason or (recording.reason if recording is not None else None)


def track_history(*models):
    """Keep the history of `models`, their derived fields left out, their plain many-to-many
    links (a report's keywords, a session's tracks) in each version; links through a model of
    their own (a delegation's events attended) are that model's history."""
    for model in models:
        names = {field.name for field in model._meta.local_fields}
        register(
            model,
            # The history model lives in the app's models module (reports.models.HistoricalReport),
            # also for models defined in a models package's submodule.
            app=model._meta.app_label,
            records_class=ArchiveHistoricalRecords,
            excluded_fields=[name for name in DERIVED_FIELDS if name in names],
            m2m_fields=[
                field
                for field in model._meta.local_many_to_many
                if field.remote_field.through._meta.auto_created
            ],
            # Named in the reader's language (simple-history would fix the name at start-up).
            verbose_name=format_lazy(_("historical {}"), model._meta.verbose_name),
            verbose_name_plural=format_lazy(_("historical {}"), model._meta.verbose_name_plural),
        )


def is_tracked(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def _current_user(recording):
    if recording is not None and recording.user is not None:
        return recording.user
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def record_bulk(model, records, change, match=None):
    """Record the history of `records` of `model` (instances, primary keys or a queryset) that
    were just created or changed in bulk (ADDED, CHANGED), or are about to be deleted (DELETED),
    as they stand in the database now, in one insert (inside `recorded_as`, the deletes' own
    signals then write nothing more). Instances saved without a primary key
    (bulk_create with ignore_conflicts) are found by their `match` fields. Returns `records`,
    so a write can be wrapped: record_bulk(M, M.objects.bulk_create(rows), ADDED)."""
    recording = _recording.get()
    if recording is not None and not recording.enabled:
        return records
    if isinstance(records, QuerySet):
        ids = set(records.values_list("pk", flat=True))
    else:
        ids = {getattr(record, "pk", record) for record in records} - {None}
        if match:
            ids |= _found_by(model, [r for r in records if getattr(r, "pk", None) is None], match)
    if not ids:
        return records
    stamps = (timezone.now(), change, _current_user(recording), recording.reason if recording else "")
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        _copy_into_history(model, ordered[start : start + BATCH], *stamps)
    if change == DELETED and recording is not None:
        recording.recorded_deletes.update((model, pk) for pk in ids)
    return records


def _copy_into_history(model, ids, when, change, user, reason):
    """One INSERT … SELECT: the rows `ids` of `model` as they stand, into its history table,
    with when, the kind of change, who and why. No model instance is made: an import of 10,000
    sessions writes some 30,000 history rows, and making them as instances cost 2.4 s."""
    history = model.history.model
    quote = connection.ops.quote_name
    columns = [history._meta.get_field(field.name).column for field in history.tracked_fields]
    sources = [model._meta.get_field(field.name).column for field in history.tracked_fields]
    stamps = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    values = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        change,
        getattr(user, "pk", None),
        reason,
    ]
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(map(quote, [*columns, *stamps]))}) "
        f"SELECT {', '.join(map(quote, sources))}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {_among(quote(model._meta.pk.column), ids)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *_among_params(ids)])
        for field in history._history_m2m_fields:
            cursor.execute(*_links_sql(model, history, field, ids, values[0], change))


def _links_sql(model, history, field, ids, when, change):
    """(sql, params): the many-to-many links of `field` of the rows `ids` into the versions of
    them just written (at `when`, of kind `change`), as simple-history keeps them."""
    through = field.remote_field.through
    links = apps.get_model(history._meta.app_label, f"Historical{through._meta.object_name}")
    quote = connection.ops.quote_name
    columns = [quote(column.column) for column in through._meta.concrete_fields]
    pk = quote(model._meta.pk.column)
    sql = (
        f"INSERT INTO {quote(links._meta.db_table)} ({', '.join(columns)}, {quote('history_id')}) "
        f"SELECT {', '.join(f'link.{column}' for column in columns)}, version.{quote('history_id')} "
        f"FROM {quote(through._meta.db_table)} link INNER JOIN {quote(history._meta.db_table)} version "
        f"ON version.{pk} = link.{quote(field.m2m_column_name())} "
        f"WHERE version.{quote('history_date')} = %s AND version.{quote('history_type')} = %s "
        f"AND {_among(f'version.{pk}', ids)}"
    )
    return sql, [when, change, *_among_params(ids)]


def _among(column, ids):
    """SQL for: `column` is one of `ids`. PostgreSQL takes them as one array parameter, which
    psycopg passes whole; 2,000 IN placeholders it would split and adapt one by one."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)"
    return f"{column} IN ({', '.join(['%s'] * len(ids))})"


def _among_params(ids):
    return [list(ids)] if connection.vendor == "postgresql" else list(ids)


def _found_by(model, records, match):
    """The primary keys of the rows equal to unsaved `records` in their `match` fields."""
    if not records:
        return set()
    first, *rest = match
    wanted = {tuple(getattr(record, name) for name in match) for record in records}
    values = sorted({key[0] for key in wanted})
    found = set()
    for start in range(0, len(values), BATCH):
        rows = model._base_manager.filter(**{f"{first}__in": values[start : start + BATCH]})
        for pk, *key in rows.values_list("pk", first, *rest):
            if tuple(key) in wanted:
                found.add(pk)
    return found
