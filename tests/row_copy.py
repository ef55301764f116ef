"""Data a test suite needs many times, made once and copied in wherever a test needs it.

`RowCopy.record(step, ...)` runs each step (code that writes rows: the demo loader, factories)
once, in a transaction rolled back at the end, and keeps what each step changed in the
database: the rows it wrote, changed or deleted, in every table (history, search documents and
public flags included). `copy.restore()` makes the same change again, in a fraction of the time
the step took: a step's saves go one by one through the signals, a copy is a few statements per
table. The database must be as it was when the step ran (the steps before it restored first).

The demo data is the main user: `load_demo_data()` takes 10 to 36 seconds, its copy 0.2 s.

Content types are the one foreign key to rows outside a copy whose ids differ between databases
(a test that empties the tables makes them anew, numbered differently): they are written by
natural key.
"""

import copy

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from core.publication_version import publication_changed


def _stored_models():
    """Every model with a table of its own: each concrete model, each many-to-many table."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _rows(model):
    """{pk: (value of each local concrete field)}."""
    attnames = [field.attname for field in model._meta.local_concrete_fields]
    return {
        pk: tuple(values) for pk, *values in model._base_manager.order_by("pk").values_list("pk", *attnames)
    }


def _as_written(model, row):
    """The row's values as the database takes them (auto_now fields as they were)."""
    fields = model._meta.local_concrete_fields
    return tuple(field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True))


class RowCopy:
    def __init__(self, result, changes, content_types):
        # What the step returned.
        self.result = result
        # [(model, new rows, changed rows, deleted pks)], each row a tuple of its local concrete
        # fields' values as written (_as_written).
        self.changes = changes
        # The natural key of each content type id the rows may name.
        self.content_types = content_types

    @classmethod
    def record(cls, *steps):
        """Runs the steps one after the other, in a transaction rolled back at the end; a copy
        of what each one changed, in the order of the steps."""
        models = _stored_models()
        copies = []
        with transaction.atomic():
            before = {model: _rows(model) for model in models}
            for step in steps:
                result = step()
                changes = []
                for model in models:
                    after = _rows(model)
                    old = before[model]
                    new = [_as_written(model, row) for pk, row in after.items() if pk not in old]
                    changed = [
                        _as_written(model, row) for pk, row in after.items() if pk in old and old[pk] != row
                    ]
                    deleted = [pk for pk in old if pk not in after]
                    if new or changed or deleted:
                        changes.append((model, new, changed, deleted))
                    before[model] = after
                content_types = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
                copies.append(cls(result, changes, content_types))
            transaction.set_rollback(True)
        return copies

    def row_count(self):
        return sum(len(new) + len(changed) + len(deleted) for _model, new, changed, deleted in self.changes)

    def restore(self):
        """Makes the step's changes again, inside the current transaction if there is one
        (committed at the end otherwise), and returns (a copy of) what the step returned."""
        content_type_ids = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}

        def content_type(old_id):
            natural_key = self.content_types[old_id]
            if natural_key not in content_type_ids:  # gone with an emptied table: made anew
                app_label, name = natural_key
                content_type_ids[natural_key] = ContentType.objects.create(app_label=app_label, model=name).pk
            return content_type_ids[natural_key]

        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for model, new, changed, deleted in self.changes:
                table, fields = quote(model._meta.db_table), model._meta.local_concrete_fields
                content_types = [
                    index
                    for index, field in enumerate(fields)
                    if field.is_relation and field.related_model is ContentType
                ]
                if content_types:
                    new = [_translated(row, content_types, content_type) for row in new]
                    changed = [_translated(row, content_types, content_type) for row in changed]
                pk_index = fields.index(model._meta.pk)
                pk_column = quote(model._meta.pk.column)
                if deleted:
                    cursor.executemany(
                        f"DELETE FROM {table} WHERE {pk_column} = %s", [(pk,) for pk in deleted]
                    )
                if changed:
                    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
                    cursor.executemany(
                        f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s",
                        [(*row, row[pk_index]) for row in changed],
                    )
                if new:
                    columns = ", ".join(quote(field.column) for field in fields)
                    cursor.executemany(
                        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", new
                    )
            # PostgreSQL's sequences continue after the ids written (SQLite's need nothing).
            for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, *_ in self.changes]):
                cursor.execute(statement)
            # As the step's saves did: the publication version grows once this commits.
            publication_changed()
        return copy.copy(self.result)


def _translated(row, columns, content_type):
    row = list(row)
    for index in columns:
        if row[index] is not None:
            row[index] = content_type(row[index])
    return tuple(row)
