"""The demo data, loaded once per test session (per xdist worker) and copied wherever a test needs it.

`load_demo_data()` reads the fixtures and saves every record one by one, through the signals that
write the history, the search documents and the public flags: 10 to 36 seconds. Loaded once, in a
transaction that is then rolled back, the rows it wrote are kept in memory; `DemoCopy.restore()`
writes them back as they were (same ids, same values, history and search documents included) in a
fraction of a second, inside a module's rolled-back transaction (the `demo` fixture) or committed
for a live server (`demo_site`, the backup tests).

A copy holds only rows the loader created: `DemoCopy.load` refuses to keep one if the loader
changed or removed a row that was there before it (a row migrate made). Content types are the one
foreign key to rows outside the copy whose ids differ between databases (a test that empties the
tables makes them anew, numbered differently): they are written by natural key.
"""

from collections import Counter

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from core.publication_version import publication_changed
from reports.demo_data import load_demo_data


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
    rows = model._base_manager.order_by("pk").values_list("pk", *attnames)
    return {pk: tuple(values) for pk, *values in rows}


class DemoCopy:
    def __init__(self, stats, tables, content_types):
        self.stats = stats
        # [(model, rows)], each row a tuple of its local concrete fields' values as written.
        self.tables = tables
        # The natural key of each content type id the rows name.
        self.content_types = content_types

    @classmethod
    def load(cls):
        """Runs the demo loader once, in a transaction rolled back after its rows are copied."""
        models = _stored_models()
        with transaction.atomic():
            before = {model: _rows(model) for model in models}
            stats = load_demo_data()
            tables = []
            for model in models:
                after = _rows(model)
                changed = [pk for pk, row in before[model].items() if after.get(pk) != row]
                if changed:
                    raise RuntimeError(
                        f"The demo loader changed rows of {model._meta.label} it did not create "
                        f"(pks {changed[:5]}): a copy of what it created would not be the demo data."
                    )
                fields = model._meta.local_concrete_fields
                # The values as the database takes them (auto_now fields as they were).
                new = [
                    tuple(f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True))
                    for pk, row in after.items()
                    if pk not in before[model]
                ]
                if new:
                    tables.append((model, new))
            content_types = {
                content_type.pk: content_type.natural_key() for content_type in ContentType.objects.all()
            }
            transaction.set_rollback(True)
        return cls(Counter(stats), tables, content_types)

    def row_count(self):
        return sum(len(rows) for _model, rows in self.tables)

    def restore(self):
        """Writes the demo data into the database, inside the current transaction if there is
        one (committed at the end otherwise), and returns the loader's counts as
        `load_demo_data()` does. The database must hold none of it yet."""
        content_type_ids = {
            (content_type.app_label, content_type.model): content_type.pk
            for content_type in ContentType.objects.all()
        }

        def translate(old_id):
            natural_key = self.content_types[old_id]
            if natural_key not in content_type_ids:  # gone with an emptied table: made anew
                app_label, name = natural_key
                content_type_ids[natural_key] = ContentType.objects.create(app_label=app_label, model=name).pk
            return content_type_ids[natural_key]

        with transaction.atomic(), connection.cursor() as cursor:
            for model, rows in self.tables:
                fields = model._meta.local_concrete_fields
                content_type_columns = [
                    index
                    for index, field in enumerate(fields)
                    if field.is_relation and field.related_model is ContentType
                ]
                if content_type_columns:
                    rows = [_with_content_types(row, content_type_columns, translate) for row in rows]
                columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                    f"VALUES ({', '.join(['%s'] * len(fields))})",
                    rows,
                )
            # PostgreSQL's sequences continue after the ids written (SQLite's need nothing).
            models = [model for model, _rows in self.tables]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            # As the loader's saves do: the publication version grows once this commits.
            publication_changed()
        return Counter(self.stats)


def _with_content_types(row, columns, translate):
    row = list(row)
    for index in columns:
        if row[index] is not None:
            row[index] = translate(row[index])
    return tuple(row)
