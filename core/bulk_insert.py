"""New rows by the thousand: PostgreSQL's COPY, or bulk_create on other databases.

COPY writes the same rows several times faster than bulk_create's INSERTs, whose statements
Django and psycopg build value by value. The primary keys are reserved first from the table's
own sequence, so concurrent writers are safe and the objects come back with their ids. Like
bulk_create, it calls no save() and sends no signals.
"""

import operator

from django.db import connection
from django.utils import timezone

# Fields whose Python value PostgreSQL takes as it is (psycopg adapts str, int, date, aware
# datetime, Decimal, None): their get_db_prep_save() changes nothing, so COPY skips it.
PLAIN_FIELDS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


def insert(model, objects, batch_size=1000):
    """Write unsaved `objects` of `model` as new rows and give them their primary keys; returns
    them. Their foreign keys must already hold ids (set `parent_id`, or assign a saved parent)."""
    objects = list(objects)
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=batch_size)
    copy_rows(model, objects, ids=True)
    for record in objects:
        record._state.adding = False
        record._state.db = connection.alias
    return objects


def insert_values(model, rows, ids=False):
    """Write `rows` of `model` (dicts of field attnames to values) as new rows without making a
    model instance of each: for tens of thousands of roles or links, making the instances cost
    more than writing them. A field a dict leaves out gets its default (auto_now: the current
    time). Returns the new primary keys, in order, with `ids`."""
    rows = list(rows)
    if not rows:
        return []
    if connection.vendor != "postgresql":
        created = model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
        return [record.pk for record in created] if ids else []
    meta = model._meta
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = [now if _stamped(f) else f.get_default() for f in fields]
    names = [f.attname for f in fields]
    values = ([row.get(name, default) for name, default in zip(names, defaults, strict=True)] for row in rows)
    if not all(f.get_internal_type() in PLAIN_FIELDS for f in fields):
        values = (
            [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)] for row in values
        )
    with connection.cursor() as cursor:
        keys = _reserve_ids(cursor, meta, len(rows)) if ids else None
        if keys:
            fields = [meta.pk, *fields]
            values = ([key, *row] for key, row in zip(keys, values, strict=True))
        _copy(cursor, meta, fields, values)
    return keys or []


def copy_rows(model, objects, ids=False):
    """COPY unsaved `objects` into the model's table (PostgreSQL); with `ids`, reserve their
    primary keys from the table's sequence first and set them. Fields with auto_now or
    auto_now_add get the current time, as bulk_create gives them."""
    meta = model._meta
    now = timezone.now()
    stamped = [f for f in meta.concrete_fields if _stamped(f)]
    fields = [f for f in meta.concrete_fields if ids or not f.primary_key]
    with connection.cursor() as cursor:
        if ids:
            for record, pk in zip(objects, _reserve_ids(cursor, meta, len(objects)), strict=True):
                record.pk = pk
        for record in objects:
            for field in stamped:
                setattr(record, field.attname, now)
        if all(field.get_internal_type() in PLAIN_FIELDS for field in fields):
            get = operator.attrgetter(*(field.attname for field in fields))
            values = (get(record) if len(fields) > 1 else (get(record),) for record in objects)
        else:
            values = (
                [field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields]
                for record in objects
            )
        _copy(cursor, meta, fields, values)


def _stamped(field):
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _reserve_ids(cursor, meta, count):
    """`count` new primary keys from the table's own sequence, safe beside concurrent writers."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [meta.db_table, meta.pk.column, count],
    )
    return [pk for (pk,) in cursor.fetchall()]


def _copy(cursor, meta, fields, rows):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def copy_values(model, names, rows):
    """COPY `rows` (tuples of the fields `names`, already in their database form: a JSON field
    as JSON text) into the model's table (PostgreSQL), making no model instance: for hundreds
    of thousands of computed rows."""
    meta = model._meta
    with connection.cursor() as cursor:
        _copy(cursor, meta, [meta.get_field(name) for name in names], rows)
