"""What the migrations make of an empty database: its schema and the rows they write.

`new_database()` makes a new, empty database of the suite's kind (SQLite in memory, or a
PostgreSQL database beside the test database), or a copy of one; `as_default()` makes it the
default connection for a block, so the migrations' RunPython steps, which write through the
default alias, write there and the test database is not touched. `migrate()` migrates it as
`manage.py migrate` does (every app's last migration, in the same plan) without the
post_migrate signal: what is there afterwards is what the migrations themselves made.
`snapshot()` describes it as plain data for a JSON file.

The snapshots are tests/data/migrations/schema-<vendor>.json; their README says when and how to
regenerate them.
"""

import contextlib
import difflib
import itertools
import json
import os
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

SNAPSHOT_FOLDER = Path(__file__).parent / "data" / "migrations"
# Set to 1 to write the snapshot of the database the suite runs on instead of comparing.
WRITE_VARIABLE = "UPDATE_MIGRATION_SNAPSHOT"

# Rows the snapshot leaves out: the migration log (its rows are the migrations' names, not
# something they write), and SQLite's own tables.
SKIPPED_DATA = {"django_migrations"}
# Tables whose rows point at each other by id: described by natural keys instead.
NATURAL_KEY_TABLES = {"django_content_type", "auth_permission", "auth_group", "auth_group_permissions"}


_databases = itertools.count(1)


@contextlib.contextmanager
def new_database(copy_of=None):
    """A connection to a new database of the test database's kind: empty, or a copy of the
    database of `copy_of` (a connection new_database() made). Closed and dropped after the
    block. Only as_default() makes the migrations and the ORM use it."""
    test_database = connections[DEFAULT_DB_ALIAS]
    settings_dict = {**test_database.settings_dict}
    name = None
    if test_database.vendor == "sqlite":
        settings_dict["NAME"] = ":memory:"
    elif test_database.vendor == "postgresql":
        name = f"{test_database.settings_dict['NAME']}_from_zero_{next(_databases)}"
        create = f"CREATE DATABASE {test_database.ops.quote_name(name)}"
        if copy_of:
            # A template database must have no connection while it is copied.
            BaseDatabaseWrapper.close(copy_of)
            create += f" TEMPLATE {test_database.ops.quote_name(copy_of.settings_dict['NAME'])}"
        with test_database._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {test_database.ops.quote_name(name)} WITH (FORCE)")
            cursor.execute(create)
        settings_dict["NAME"] = name
    else:
        raise NotImplementedError(test_database.vendor)
    fresh = test_database.__class__(settings_dict, alias=DEFAULT_DB_ALIAS)
    try:
        if copy_of and fresh.vendor == "sqlite":
            copy_of.ensure_connection()
            fresh.ensure_connection()
            copy_of.connection.backup(fresh.connection)
        yield fresh
    finally:
        # SQLite's close() keeps an in-memory database open; this closes it for good.
        BaseDatabaseWrapper.close(fresh)
        if name:
            with test_database._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {test_database.ops.quote_name(name)} WITH (FORCE)")


@contextlib.contextmanager
def as_default(connection):
    """`connection` (from new_database()) as the default database within the block: the
    migrations' RunPython steps and historical models write through the default alias."""
    test_database = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = connection
    try:
        yield connection
    finally:
        connections[DEFAULT_DB_ALIAS] = test_database
        ContentType.objects.clear_cache()


def migrate(connection, targets=None):
    """Apply or unapply migrations up to `targets` (default: every app's last, as `manage.py
    migrate` does), without pre/post_migrate signals. Returns the historical models (apps) of
    the migrations applied then."""
    executor = MigrationExecutor(connection)
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


# The schema ---------------------------------------------------------------------------------


def snapshot(connection):
    """The schema and the rows of `connection`'s database, as plain data."""
    with connection.cursor() as cursor:
        return {"schema": _schema(connection, cursor), "data": _data(connection, cursor)}


def _schema(connection, cursor):
    introspection = connection.introspection
    catalog = _postgresql_columns(cursor) if connection.vendor == "postgresql" else {}
    tables = {}
    for table in sorted(introspection.get_table_list(cursor), key=lambda table: table.name):
        description = introspection.get_table_description(cursor, table.name)
        constraints = introspection.get_constraints(cursor, table.name)
        tables[table.name] = {
            "kind": {"t": "table", "v": "view", "p": "partitioned table"}.get(table.type, table.type),
            "columns": [_column(field, catalog.get((table.name, field.name))) for field in description],
            "constraints": {name: _constraint(c) for name, c in sorted(constraints.items())},
        }
    extra = {"sqlite": _sqlite_extra, "postgresql": _postgresql_extra}[connection.vendor]
    return {"tables": tables, **extra(connection, cursor, tables)}


def _column(field, catalog):
    """One line per column: name, type (SQLite's declared type; PostgreSQL's as its catalog
    formats it), nullability, default, collation, and on PostgreSQL a generated expression,
    identity and statistics target."""
    parts = [field.name, catalog["type"] if catalog else field.type_code]
    if not field.null_ok:
        parts.append("NOT NULL")
    if catalog and catalog["generated"]:
        parts.append(catalog["generated"])  # PostgreSQL's default is then the expression
    elif field.default is not None:
        parts.append(f"DEFAULT {field.default}")
    if getattr(field, "pk", False):
        parts.append("PRIMARY KEY")
    if getattr(field, "has_json_constraint", False):
        parts.append("JSON")
    if field.collation:
        parts.append(f"COLLATE {field.collation}")
    if catalog:
        parts.extend(catalog["more"])
    return " ".join(str(part) for part in parts)


def _postgresql_columns(cursor):
    """(table, column) -> the type, generated expression, identity and statistics target
    PostgreSQL's catalog holds."""
    cursor.execute(
        """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attgenerated,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attstattarget
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE pg_table_is_visible(c.oid) AND c.relkind IN ('r', 'p', 'v') AND a.attnum > 0
          AND NOT a.attisdropped
        """
    )
    columns = {}
    for table, column, type_, generated, expression, identity, statistics in cursor.fetchall():
        more = []
        if identity:
            more.append(f"GENERATED {'ALWAYS' if identity == 'a' else 'BY DEFAULT'} AS IDENTITY")
        if statistics not in (None, -1):
            more.append(f"STATISTICS {statistics}")
        columns[table, column] = {
            "type": type_,
            "generated": f"GENERATED ALWAYS AS ({expression}) STORED" if generated else None,
            "more": more,
        }
    return columns


def _constraint(constraint):
    """Django's introspection of one constraint or index, in a line."""
    orders = constraint.get("orders") or []
    columns = [
        f"{column} {orders[i]}" if i < len(orders) and orders[i] not in (None, "ASC") else str(column)
        for i, column in enumerate(constraint["columns"])
    ]
    if constraint["primary_key"]:
        kind = "PRIMARY KEY"
    elif constraint["foreign_key"]:
        kind = "FOREIGN KEY"
    elif constraint["check"]:
        kind = "CHECK"
    elif constraint["index"]:
        kind = f"{'UNIQUE ' if constraint['unique'] else ''}INDEX {constraint.get('type') or ''}".rstrip()
    else:
        kind = "UNIQUE" if constraint["unique"] else "CONSTRAINT"
    line = f"{kind} ({', '.join(columns)})"
    if constraint["foreign_key"]:
        line += " REFERENCES {}({})".format(*constraint["foreign_key"])
    if constraint.get("options"):
        line += f" WITH {constraint['options']}"
    if constraint.get("definition"):
        line += f": {constraint['definition']}"
    return line


def _sqlite_extra(connection, cursor, tables):
    """SQLite: each table's CREATE TABLE statement (the only place check conditions are kept),
    one clause a line; the indexes' own statements (partial conditions); triggers and views."""
    cursor.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    extra = {"indexes": {}, "triggers": {}, "views": {}}
    for kind, name, table, sql in cursor.fetchall():
        if kind == "table" and table in tables:
            tables[table]["definition"] = _clauses(sql)
        elif kind == "index" and sql:
            extra["indexes"][name] = sql
        elif kind in ("trigger", "view"):
            extra[f"{kind}s"][name] = sql
    return {key: dict(sorted(value.items())) for key, value in extra.items()}


def _clauses(create_table):
    """The top-level comma-separated clauses of a CREATE TABLE statement."""
    body = create_table[create_table.index("(") + 1 : create_table.rindex(")")]
    clauses, depth, quote, current = [], 0, None, ""
    for character in body:
        if quote:
            quote = None if character == quote else quote
        elif character in "'\"`[":
            quote = "]" if character == "[" else character
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif character == "," and depth == 0:
            clauses.append(current.strip())
            current = ""
            continue
        current += character
    return [*clauses, current.strip()]


def _postgresql_extra(connection, cursor, tables):
    """PostgreSQL: each constraint's and index's definition; the triggers, functions, views and
    sequences of the schema that no extension owns; the extensions."""
    cursor.execute(
        """
        SELECT 0, c.relname, con.conname, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        WHERE pg_table_is_visible(c.oid)
        UNION ALL
        SELECT 1, c.relname, i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
        WHERE pg_table_is_visible(c.oid)
        ORDER BY 1
        """
    )
    definitions = {}
    for _rank, table, name, definition in cursor.fetchall():
        if table in tables:
            # A constraint's definition before its index's (a unique constraint has both).
            definitions.setdefault(table, {}).setdefault(name, definition)
    for table, described in definitions.items():
        tables[table]["definitions"] = dict(sorted(described.items()))

    def named(sql):
        cursor.execute(sql)
        return dict(sorted(cursor.fetchall()))

    not_in_an_extension = """NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = {}.oid AND d.deptype = 'e')"""
    return {
        "extensions": sorted(named("SELECT extname, extname FROM pg_extension WHERE extname <> 'plpgsql'")),
        "triggers": named(
            """SELECT c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)"""
        ),
        "functions": named(
            f"""SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema() AND {not_in_an_extension.format("p")}"""
        ),
        "views": named("SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema()"),
        "sequences": sorted(
            named(
                f"""SELECT c.relname, c.relname FROM pg_class c
                WHERE c.relkind = 'S' AND pg_table_is_visible(c.oid) AND {not_in_an_extension.format("c")}"""
            )
        ),
    }


# The rows -----------------------------------------------------------------------------------


def _data(connection, cursor):
    """The rows in the database: content types, permissions and groups by their natural keys
    (app label and model or codename), the other tables' rows without their ids."""
    quote = connection.ops.quote_name
    cursor.execute("SELECT app_label, model FROM django_content_type")
    content_types = sorted(f"{app}.{model}" for app, model in cursor.fetchall())
    cursor.execute(
        "SELECT ct.app_label, p.codename, p.name FROM auth_permission p "
        "JOIN django_content_type ct ON ct.id = p.content_type_id"
    )
    permissions = sorted(f"{app}.{codename}: {name}" for app, codename, name in cursor.fetchall())
    cursor.execute(
        "SELECT g.name, ct.app_label, p.codename FROM auth_group g "
        "LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id "
        "LEFT JOIN auth_permission p ON p.id = gp.permission_id "
        "LEFT JOIN django_content_type ct ON ct.id = p.content_type_id"
    )
    groups = {}
    for group, app, codename in cursor.fetchall():
        granted = groups.setdefault(group, [])
        if codename:
            granted.append(f"{app}.{codename}")
    rows = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        if table in SKIPPED_DATA | NATURAL_KEY_TABLES:
            continue
        cursor.execute(f"SELECT * FROM {quote(table)}")
        names = [column[0] for column in cursor.description]
        found = [
            {name: _plain(value) for name, value in zip(names, row, strict=True) if name != "id"}
            for row in cursor.fetchall()
        ]
        if found:
            rows[table] = sorted(found, key=lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False))
    return {
        "content_types": content_types,
        "permissions": permissions,
        "groups": {name: sorted(granted) for name, granted in sorted(groups.items())},
        "rows": rows,
    }


def _plain(value):
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


# The files ----------------------------------------------------------------------------------


def snapshot_path(vendor):
    return SNAPSHOT_FOLDER / f"schema-{vendor}.json"


def dumps(data):
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def compare_or_write(vendor, actual):
    """None when `actual` is the stored snapshot of `vendor` (or was just written, with
    UPDATE_MIGRATION_SNAPSHOT=1), else a unified diff from the stored one to `actual`."""
    path = snapshot_path(vendor)
    if os.environ.get(WRITE_VARIABLE) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(actual), encoding="utf-8")
        return None
    expected = path.read_text(encoding="utf-8") if path.exists() else "{}\n"
    if json.loads(expected) == json.loads(dumps(actual)):
        return None
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            dumps(actual).splitlines(keepends=True),
            fromfile=f"{path.relative_to(Path(__file__).parent.parent)} (stored)",
            tofile="the migrations today",
        )
    )
