"""Fast, idempotent bulk writes for the importer.

Rows go in as plain tuples in large batches with `INSERT … ON CONFLICT DO NOTHING`
(executemany on SQLite; on PostgreSQL COPY into a temporary table, then one
`INSERT … SELECT … ON CONFLICT`). No model instances, no signals, no per-row queries.
Columns the importer does not set get their model defaults, so fields other apps add
later (with defaults) keep working.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

Row = tuple[Any, ...]
COPY_THRESHOLD = 500


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
    if _text_dates:
        if value.utcoffset():
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None).isoformat(" ")
    return value


def insert(table: Table, rows: Sequence[Row], *, conflict: str = "ON CONFLICT DO NOTHING") -> int:
    """Insert rows; returns how many were new (the others hit `conflict`)."""
    if not rows:
        return 0
    full = [row + table.defaults for row in rows] if table.defaults else list(rows)
    columns = table.column_list()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and table.name == "import_update":
            with cursor.cursor.copy(f"COPY import_update ({columns}) FROM STDIN") as copy:
                for row in full:
                    copy.write_row(row)
            return len(full)
        if connection.vendor == "postgresql" and len(full) >= COPY_THRESHOLD:
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
        placeholders = ", ".join(["%s"] * len(table.columns))
        cursor.executemany(
            f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({placeholders}) {conflict}",  # noqa: S608
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
        staging.defaults = ()
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
