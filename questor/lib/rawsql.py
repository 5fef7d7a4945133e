"""Hand-written SQL for the few queries on the hottest pages and writes.

Django compiles a queryset to SQL on every request: for a row as wide as a post, the
compiling (resolving the filters, listing and quoting every column, the ORDER BY) costs
several times what SQLite takes to run the query. The question page runs the same few
queries for every visitor, and the writes members make most (a vote, an answer, a
comment) the same few statements, so they are written out once here; rows still become
model instances through Django (`Model.from_db`), with the type conversions a queryset
applies, so the code that reads them is the same as for any queryset, and new rows are
prepared field by field as save() prepares them (`save_new`). Everything else uses the
ORM.

The SQL is portable: flags are compared with parameters (`is_deleted = %s` with False),
which SQLite binds as 0 and PostgreSQL as a boolean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Lookup, QuerySet
from django.db.models.base import ModelState
from django.db.models.expressions import Col
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, post_save, pre_init, pre_save

M = TypeVar("M", bound=models.Model)


@cache
def columns(
    model: type[models.Model], exclude: tuple[str, ...] = (), only: tuple[str, ...] = ()
) -> str:
    """The quoted, table-qualified columns of `model`: without the fields in `exclude`, or,
    given `only`, those fields and the primary key (as QuerySet.only()). The others are
    deferred on the instances, and read from the database if touched."""
    assert not (exclude and only), "name the fields to leave out or those to read, not both"
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    if only:
        read = [
            field
            for field in model._meta.concrete_fields
            if field.primary_key or field.name in only
        ]
    else:
        read = [field for field in model._meta.concrete_fields if field.name not in exclude]
    return ", ".join(f"{table}.{quote(field.column)}" for field in read)


def execute(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Run one hand-written statement; its rows, if it returns any."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall() if cursor.description else []


def save_new(instance: M, *, signals: bool = False) -> M:
    """INSERT a new instance's row as save() would: each field's pre_save and database
    preparation, the id read back, and with `signals` the pre_save and post_save signals
    save() sends; only the compiling of the ORM's INSERT is skipped. For models without a
    save() of their own; without `signals`, only for models no signal listens to."""
    model = type(instance)
    if signals:
        pre_save.send(
            sender=model, instance=instance, raw=False, using=connection.alias, update_fields=None
        )
    save_new_all([instance])
    if signals:
        post_save.send(
            sender=model,
            instance=instance,
            created=True,
            update_fields=None,
            raw=False,
            using=connection.alias,
        )
    return instance


def save_new_all(instances: list[M]) -> list[M]:
    """save_new() for several new instances of one model (no signals), in one INSERT (a
    few where the database takes fewer parameters in a statement)."""
    if not instances:
        return instances
    model = type(instances[0])
    head, fields, returning = _insert_statement(model)
    row = f"({placeholders(fields)})"
    several = connection.features.can_return_rows_from_bulk_insert
    size = connection.ops.bulk_batch_size(fields, instances) if several else 1
    for start in range(0, len(instances), max(1, size)):
        batch = instances[start : start + max(1, size)]
        params = [
            field.get_db_prep_save(field.pre_save(instance, True), connection)
            for instance in batch
            for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"{head}{', '.join([row] * len(batch))}{returning}", params)
            ids = [found[0] for found in cursor.fetchall()] if returning else [cursor.lastrowid]
        for instance, pk in zip(batch, ids, strict=True):
            instance.pk = pk
            instance._state.adding, instance._state.db = False, connection.alias
    return instances


@cache
def _insert_statement(model: type[models.Model]) -> tuple[str, list[Any], str]:
    """save_new()'s INSERT for `model` up to its VALUES, its fields (every concrete one but
    the id), and the RETURNING clause where the database returns the ids ("" where not)."""
    quote = connection.ops.quote_name
    fields: list[Any] = [field for field in model._meta.concrete_fields if not field.primary_key]
    head = (
        f"INSERT INTO {table(model)} ({', '.join(quote(field.column) for field in fields)}) VALUES "  # noqa: S608 - identifiers only, values are parameters
    )
    returning = ""
    if connection.features.can_return_columns_from_insert:
        returning = f" RETURNING {quote(model._meta.pk.column)}"
    return head, fields, returning


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
    only: tuple[str, ...] = (),
    also: str = "",
    join: str = "",
    lock: bool = False,
) -> list[M]:
    """Instances of `model` for `SELECT <its columns> FROM <its table> WHERE where`.

    `where`, `order_by`, `also` (more columns, which become attributes) and `join` are SQL
    written in the caller's code; every value goes in `params`. `exclude` or `only`: the
    fields read (see `columns`). `lock`: FOR NO KEY UPDATE
    of the rows of `model`'s table (not the joined ones) where the database locks rows;
    on SQLite a transaction holds the whole database's write lock from its start.
    """
    sql = f"SELECT {columns(model, exclude, only)}{also} FROM {table(model)}{join} WHERE {where}"  # noqa: S608 - identifiers only, values are parameters
    if order_by:
        sql += f" ORDER BY {order_by}"
    if lock and connection.features.has_select_for_update:
        sql += " " + connection.ops.for_update_sql(no_key=True, of=(table(model),))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        plan = _plan(model, tuple(column[0] for column in cursor.description))
        rows = cursor.fetchall()
    database = _database()
    return [plan.instance(row, database) for row in rows]


def _database() -> BaseDatabaseWrapper:
    """The connection itself: `connection` is a proxy that looks it up on every use."""
    return connections[connection.alias]


class _Plan:
    """How a SELECT's columns become an instance of a model: which are its fields (with
    Django's conversions of each value, as a queryset applies them) and which are extra
    attributes. Made once per model and column list; `Manager.raw` works it out again on
    every query, which cost more than the query."""

    def __init__(self, model: type[models.Model], names: tuple[str, ...]) -> None:
        # from_db() takes the values in the order of the model's fields.
        order = {field.column: index for index, field in enumerate(model._meta.concrete_fields)}
        fields: dict[str, Any] = {field.column: field for field in model._meta.concrete_fields}
        self.model = model
        self.extra: list[tuple[int, str]] = []
        self.converters: list[tuple[int, list[Any], Col]] = []
        found: list[tuple[int, int, str]] = []  # (field order, position, attname)
        for position, name in enumerate(names):
            field = fields.get(name)
            if field is None:
                self.extra.append((position, name))
                continue
            found.append((order[name], position, field.attname))
            column = Col(model._meta.db_table, field)
            convert = _converters(column)
            if convert:
                self.converters.append((position, convert, column))
        found.sort()
        self.field_positions = [position for _order, position, _name in found]
        self.attnames = [attname for _order, _position, attname in found]

    def instance(self, row: Sequence[Any], database: BaseDatabaseWrapper) -> Any:
        values = list(row)
        for position, convert, column in self.converters:
            for converter in convert:
                values[position] = converter(values[position], column, database)
        instance = from_db(
            self.model, self.attnames, [values[i] for i in self.field_positions], database
        )
        for position, name in self.extra:
            setattr(instance, name, values[position])
        return instance


def from_db(
    model: type[M], attnames: list[str], values: list[Any], database: BaseDatabaseWrapper
) -> M:
    """`model.from_db(database.alias, attnames, values)`, without its two loops over
    every field of the model. A list row is three instances; as Django makes them
    (`Model.__init__` walks all thirty-odd fields of a post, deferred ones included) they
    cost more than the query that read them. What that walk does for the fields read
    (setting each attribute on a new instance, where no descriptor has anything to clear)
    is done here at once; the others stay deferred as from_db() leaves them. Django's own
    way is kept where anything could tell the two apart: a model with its own __init__,
    from_db or field descriptors, or anyone listening to pre_init or post_init."""
    if pre_init.receivers or post_init.receivers or not _plain_model(model):
        return model.from_db(database.alias, attnames, values)
    instance = model.__new__(model)
    state = instance._state = ModelState()
    state.adding, state.db = False, database.alias
    instance.__dict__.update(zip(attnames, values, strict=True))
    return instance


@cache
def _plain_model(model: type[models.Model]) -> bool:
    """Whether `model` makes its instances as models.Model does, and every field's value
    is a plain attribute that setting through its descriptor would only store."""
    return (
        model.__init__ is models.Model.__init__
        and model.from_db.__func__ is models.Model.from_db.__func__  # type: ignore[attr-defined]
        and all(
            type(model.__dict__.get(field.attname, DeferredAttribute))
            in (DeferredAttribute, ForeignKeyDeferredAttribute)
            for field in model._meta.concrete_fields
        )
    )


@cache
def _plan(model: type[models.Model], names: tuple[str, ...]) -> _Plan:
    return _Plan(model, names)


def _converters(column: Col) -> list[Any]:
    """What a queryset applies to a value read from `column` (SQLite's dates are text)."""
    field: Any = column.target  # the stubs lack Field.get_db_converters
    return [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]


@cache
def related_columns(model: type[models.Model], alias: str, fields: tuple[str, ...]) -> str:
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
    fields: tuple[str, ...],
) -> None:
    """Set `row.<relation>` to the `model` instance that related_columns() read for each
    row (its other fields deferred), with Django's conversions of each value."""
    attnames, readers = _related_reader(model, alias, fields)
    database = _database()
    id_position = attnames.index("id")
    for row in rows:
        values = []
        for attribute, column, convert in readers:
            value = getattr(row, attribute)
            for converter in convert:
                value = converter(value, column, database)
            values.append(value)
        if values[id_position] is not None:
            setattr(row, relation, from_db(model, attnames, values, database))


@cache
def _related_reader(
    model: type[models.Model], alias: str, fields: tuple[str, ...]
) -> tuple[list[str], list[tuple[str, Col, list[Any]]]]:
    """attach()'s attnames (from_db reads them) and, per field, the attribute that holds
    its value, its column and its converters: made once, as `_plan` is."""
    readers = []
    for name in fields:
        column = Col(alias, _field(model, name))
        readers.append((f"{alias}__{name}", column, _converters(column)))
    return [_field(model, name).attname for name in fields], readers


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
