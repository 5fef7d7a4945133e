"""Planner statistics: what lets the database choose the right index."""

from __future__ import annotations

from django.db import connection


def refresh_planner_statistics() -> None:
    """Re-read table and index statistics (ANALYZE), after a bulk load or at setup.

    Without them SQLite guesses every table's size and can pick an index that matches one
    column of a filter over the primary key it was given (seconds instead of a millisecond
    at a million posts); PostgreSQL's autovacuum would catch up, but only later. On SQLite
    each index is sampled (analysis_limit), so this takes seconds even on large sites."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
