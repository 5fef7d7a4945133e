"""Hand-written SELECTs for the few queries on the hottest pages.

Django compiles a queryset to SQL on every request: for a row as wide as a post, the
compiling (resolving the filters, listing and quoting every column, the ORDER BY) costs
several times what SQLite takes to run the query. The question page runs the same few
queries for every visitor, so they are written out once here; rows still become model
instances through Django (`Manager.raw`), with its type conversions, so the code that
reads them is the same as for any queryset. Everything else uses the ORM.

The SQL is portable: flags are compared with parameters (`is_deleted = %s` with False),
which SQLite binds as 0 and PostgreSQL as a boolean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


@cache
def columns(model: type[models.Model], exclude: tuple[str, ...] = ()) -> str:
    """The quoted, table-qualified columns of `model`, without the fields in `exclude`
    (which are then deferred on the instances, and read from the database if touched)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    return ", ".join(
        f"{table}.{quote(field.column)}"
        for field in model._meta.concrete_fields
        if field.name not in exclude
    )


def table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def placeholders(values: Sequence[Any]) -> str:
    """`%s, %s, …` for an IN list (never empty: callers skip the query instead)."""
    assert values, "an empty IN list matches nothing: skip the query"
    return ", ".join(["%s"] * len(values))


def select(
    model: type[M],
    where: str,
    params: Iterable[Any],
    *,
    order_by: str = "",
    exclude: tuple[str, ...] = (),
    also: str = "",
    join: str = "",
) -> list[M]:
    """Instances of `model` for `SELECT <its columns> FROM <its table> WHERE where`.

    `where`, `order_by`, `also` (more columns, which become attributes) and `join` are SQL
    written in the caller's code; every value goes in `params`.
    """
    sql = f"SELECT {columns(model, exclude)}{also} FROM {table(model)}{join} WHERE {where}"  # noqa: S608 - identifiers only, values are parameters
    if order_by:
        sql += f" ORDER BY {order_by}"
    return list(model._default_manager.raw(sql, list(params)))
