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
from django.db.models import F, Lookup, QuerySet
from django.db.models.expressions import Col

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


def related_columns(model: type[models.Model], alias: str, fields: Sequence[str]) -> str:
    """`, alias."column" AS "alias__field", …`: a joined row's columns, for `select(also=)`;
    attach() turns them into an instance."""
    quote = connection.ops.quote_name
    return "".join(
        f", {alias}.{quote(_field(model, name).column)} AS {quote(f'{alias}__{name}')}"
        for name in fields
    )


def _field(model: type[models.Model], name: str) -> Any:
    """A concrete field of `model` (get_field's type also covers relations' other ends)."""
    return model._meta.get_field(name)


def attach(
    rows: Sequence[models.Model],
    relation: str,
    model: type[models.Model],
    alias: str,
    fields: Sequence[str],
) -> None:
    """Set `row.<relation>` to the `model` instance that related_columns() read for each
    row (its other fields deferred), with Django's conversions of each value."""
    readers = []
    for name in fields:
        field = _field(model, name)
        column = Col(alias, field)
        convert = [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]
        readers.append((f"{alias}__{name}", column, convert))
    names = [_field(model, name).attname for name in fields]  # from_db reads attnames
    for row in rows:
        values = []
        for attribute, column, convert in readers:
            value = getattr(row, attribute)
            for converter in convert:
                value = converter(value, column, connection)
            values.append(value)
        if values[names.index("id")] is not None:
            setattr(row, relation, model.from_db(connection.alias, names, values))


class _IdIn(Lookup):  # type: ignore[type-arg]
    """`lhs IN (%s, %s, …)` with the values passed as they are (they are ints)."""

    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return self.rhs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = compiler.compile(self.lhs)
        return f"{lhs} IN ({placeholders(self.rhs)})", [*lhs_params, *self.rhs]


def id_in(ids: Sequence[int]) -> Lookup:  # type: ignore[type-arg]
    """`pk IN (…)` as a filter condition, for long lists of ids (search's thousand
    ranked posts): Django prepares each value of `pk__in` on its own, which for a thousand
    ids cost as much as running the query."""
    return _IdIn(F("pk"), [int(pk) for pk in ids])


def first_column(queryset: QuerySet[Any]) -> list[Any]:
    """The first column of a queryset's rows (a values_list of ids, say), read straight
    from the cursor: Django's row iterator costs a microsecond or two a row."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
