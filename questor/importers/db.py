"""Fast, idempotent bulk writes for the importer.

Rows go in as plain tuples in large batches with `INSERT … ON CONFLICT DO NOTHING`
(executemany on SQLite; on PostgreSQL COPY into a temporary table, then one
`INSERT … SELECT … ON CONFLICT`). No model instances, no signals, no per-row queries.
Columns the importer does not set get their model defaults, so fields other apps add
later (with defaults) keep working.

A table that is empty when a file starts is loaded the way a restore would: on
PostgreSQL COPY goes straight into it (`Table.direct`), and its plain secondary indexes
are dropped for the load and built once after it (`DeferredIndexes`). Both happen inside
the file's transaction, so a failed file rolls them back too, and a second run finds the
rows and takes the `ON CONFLICT` path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

from questor.importers.reader import sqlite_text

Row = tuple[Any, ...]
COPY_THRESHOLD = 500


def _literal(value: Any) -> str | None:
    """SQL for a plain default value, or None to bind it as a parameter."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # Doubled: quotes for SQL, percent signs for the driver's placeholder syntax.
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    return None


def _default(field: models.Field[Any, Any]) -> Any:
    if field.has_default():
        value = field.default() if callable(field.default) else field.default
    elif field.null:
        value = None
    elif field.empty_strings_allowed and field.default is NOT_PROVIDED:
        value = ""
    else:
        value = None
    return value


class Table:
    """A model's table with the columns the importer fills, in this order."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        meta = model._meta
        self.name = meta.db_table
        by_attname = {field.attname: field for field in meta.concrete_fields}
        unknown = [column for column in columns if column not in by_attname]
        if unknown:
            raise ValueError(f"{self.name} has no columns {unknown}")
        rest = [
            field
            for field in meta.concrete_fields
            if field.attname not in columns and not field.primary_key
        ]
        self.columns = [by_attname[column].column for column in columns] + [
            field.column for field in rest
        ]
        self.defaults: Row = tuple(adapt(_default(field)) for field in rest)
        # In an INSERT … VALUES the plain defaults are written into the statement, not
        # bound for every row: on SQLite a post row (26 values and 18 defaults) went in
        # in 17 µs instead of 29.
        literals = [_literal(value) for value in self.defaults]
        self.values = ", ".join(
            ["%s"] * len(columns) + ["%s" if literal is None else literal for literal in literals]
        )
        self.bound_defaults: Row = tuple(
            value for value, literal in zip(self.defaults, literals, strict=True) if literal is None
        )
        # COPY straight into the table (PostgreSQL), no ON CONFLICT: only for a table that
        # was empty when this file started and rows that cannot collide with each other.
        self.direct = False

    def column_list(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(quote(column) for column in self.columns)


_text_dates: bool | None = None


def adapt(value: Any) -> Any:
    """A Python value as the database driver takes it: SQLite stores datetimes as naive
    UTC text (what Django's adapter makes, without its per-call overhead)."""
    global _text_dates
    if not isinstance(value, datetime):
        return value
    if _text_dates is None:
        _text_dates = connection.vendor == "sqlite"
    return sqlite_text(value) if _text_dates else value


def insert(table: Table, rows: Sequence[Row], *, conflict: str = "ON CONFLICT DO NOTHING") -> int:
    """Insert rows; returns how many were new (the others hit `conflict`)."""
    if not rows:
        return 0
    columns = table.column_list()
    quote = connection.ops.quote_name
    copy_rows = connection.vendor == "postgresql" and (table.direct or len(rows) >= COPY_THRESHOLD)
    defaults = table.defaults if copy_rows else table.bound_defaults
    full = [row + defaults for row in rows] if defaults else list(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and table.direct:
            with cursor.cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
                for row in full:
                    copy.write_row(row)
            return len(full)
        if copy_rows:
            temporary = quote(f"import_tmp_{table.name}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {temporary} AS "  # noqa: S608
                f"SELECT {columns} FROM {quote(table.name)} LIMIT 0"
            )
            raw = cursor.cursor
            with raw.copy(f"COPY {temporary} ({columns}) FROM STDIN") as copy:
                for row in full:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {quote(table.name)} ({columns}) "  # noqa: S608
                f"SELECT {columns} FROM {temporary} {conflict}"
            )
            count = cursor.rowcount
            cursor.execute(f"TRUNCATE {temporary}")
            return int(count)
        cursor.executemany(
            f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({table.values}) {conflict}",  # noqa: S608
            full,
        )
        return int(cursor.rowcount)


def execute_many(sql: str, rows: Sequence[Row]) -> int:
    if not rows:
        return 0
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))
        return int(cursor.rowcount)


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return int(cursor.rowcount)


def fetch_value(sql: str, params: Sequence[Any] = ()) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        row = cursor.fetchone()
        return row[0] if row else None


def none_in(outer: str, inner: str, from_where: str) -> str:
    """`outer NOT IN (SELECT inner from_where)` as each database runs it well on millions
    of rows. PostgreSQL hashes a NOT IN list only while it fits in work_mem, and beyond
    compares each row with the whole list; NOT EXISTS becomes an anti-join that may spill
    to disk. SQLite builds a temporary index for NOT IN, while a correlated NOT EXISTS
    would scan the table for each row when its indexes are away during a load.
    `from_where` must end with a WHERE condition."""
    if connection.vendor == "postgresql":
        return f"NOT EXISTS (SELECT 1 {from_where} AND {inner} = {outer})"
    return f"{outer} NOT IN (SELECT {inner} {from_where})"


def quote(name: str) -> str:
    return str(connection.ops.quote_name(name))


def update_from(
    model_table: str,
    columns: Sequence[str],
    rows: Sequence[Row],
    *,
    condition: str = "",
) -> int:
    """Set `columns` of the rows whose id is each row's first value, in one statement
    (`UPDATE … FROM` a temporary table filled in bulk) rather than one per row."""
    if not rows:
        return 0
    target = quote(model_table)
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor != "postgresql":
        # SQLite may plan UPDATE … FROM as a scan per staged row; a prepared UPDATE by
        # primary key, executed many times, stays linear.
        assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
        values = ", ".join(f"%s AS {quote(column)}" for column in columns)
        sql = (
            f"UPDATE {target} SET {assignments} FROM (SELECT %s AS row_id, {values}) u "  # noqa: S608
            f"WHERE {target}.id = u.row_id {condition}"
        )
        return execute_many(sql, [(*row[1:], *row) for row in rows])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS import_update")
        cursor.execute(
            f"CREATE TEMPORARY TABLE import_update AS SELECT id AS row_id, {names} "  # noqa: S608
            f"FROM {target} LIMIT 0"
        )
        staging = Table.__new__(Table)
        staging.name = "import_update"
        staging.columns = ["row_id", *columns]
        staging.defaults = staging.bound_defaults = ()
        staging.values = ", ".join(["%s"] * len(staging.columns))
        staging.direct = True
        for start in range(0, len(rows), 5000):
            insert(staging, rows[start : start + 5000], conflict="")
        assignments = ", ".join(f"{quote(column)} = u.{quote(column)}" for column in columns)
        cursor.execute(
            f"UPDATE {target} SET {assignments} FROM import_update u "  # noqa: S608
            f"WHERE {target}.id = u.row_id {condition}"
        )
        count = int(cursor.rowcount)
        cursor.execute("DROP TABLE import_update")
        return count


def is_empty(table_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {quote(table_name)} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is None


def _plain_indexes(table_name: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's indexes that enforce nothing: not the
    primary key, unique constraints or unique indexes (ON CONFLICT needs those)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename = %s",
                [table_name],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table_name],
            )
        found = cursor.fetchall()
    return [(name, sql) for name, sql in found if sql.upper().startswith("CREATE INDEX ")]


def _foreign_keys(table_name: str) -> list[tuple[str, str]]:
    """(name, definition) of a PostgreSQL table's foreign keys."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [quote(table_name)],
        )
        return [(name, definition) for name, definition in cursor.fetchall()]


class DeferredIndexes:
    """Loading an empty table the way a restore does: its plain indexes (and on
    PostgreSQL its foreign keys, whose deferred checks would queue an event per row) go
    for the load and come back once after it, each built by one sort or one join.

    Runs inside the file's transaction (DDL is transactional on both databases): a failed
    file rolls the drop back with its rows.
    """

    def __init__(self, *table_names: str) -> None:
        assert connection.in_atomic_block, "DeferredIndexes needs a transaction"
        self.empty = [name for name in table_names if is_empty(name)]
        self.statements: list[str] = []
        postgresql = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgresql and self.empty:
                # No ALTER TABLE while checks are pending (from an enclosing transaction).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table_name in self.empty:
                for name, sql in _plain_indexes(table_name):
                    cursor.execute(f"DROP INDEX {quote(name)}")
                    self.statements.append(sql)
                if not postgresql:
                    continue
                for name, definition in _foreign_keys(table_name):
                    table = quote(table_name)
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                    self.statements.append(
                        f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
                    )
            if postgresql and self.empty:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def restore(self) -> None:
        if not self.statements:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # PostgreSQL builds no index while checks are pending in this transaction.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in self.statements:
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.statements = []
