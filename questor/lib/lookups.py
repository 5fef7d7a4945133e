"""`flag=False` written so that SQLite can use an index on it."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField
from django.db.models.lookups import BuiltinLookup, Exact


class IndexableBooleanExact(Exact[bool]):
    """Django writes `flag=False` as `NOT flag`, which SQLite cannot match against an
    index column: an index on (post_type, is_deleted, created_at) then serves only
    post_type, and the newest-first list sorts every question. `flag = 0` is an equality
    that uses the whole index. PostgreSQL matches either form, so it keeps Django's."""

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        if connection.vendor == "sqlite" and isinstance(self.rhs, bool):
            return BuiltinLookup.as_sql(self, compiler, connection)
        return super().as_sql(compiler, connection)


def register() -> None:
    BooleanField.register_lookup(IndexableBooleanExact)
