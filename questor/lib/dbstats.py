"""Planner statistics: what lets the database choose the right index."""

from __future__ import annotations

from django.db import connection


def refresh_planner_statistics() -> None:
    """Re-read table and index statistics (ANALYZE; on PostgreSQL outside a transaction,
    VACUUM ANALYZE), after a bulk load or at setup.

    Without them SQLite guesses every table's size and can pick an index that matches one
    column of a filter over the primary key it was given (seconds instead of a millisecond
    at a million posts); PostgreSQL's autovacuum would catch up, but only later. SQLite
    reads every index in full (about 5 s at a million posts): sampled (analysis_limit), it
    took flag columns with two values for ones with hundreds and walked a whole index for
    `score:5` instead of the newest posts (660 ms instead of 30; docs/search.md, "Speed")."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=0")  # no sampling
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM sets the visibility map, without which an index-only scan reads each
            # row anyway (search's visibility of 1,000 ids: 45 ms instead of 12 at a
            # million posts) until autovacuum comes, if it is on. Not in a transaction.
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
