"""The text index table. Its real shape depends on the database, so the migration
creates it with SQL (an FTS5 virtual table on SQLite; a table with a stored, GIN-indexed
tsvector on PostgreSQL). The model exists so that Django knows the table: flushing the
database between tests empties it with the others. Read and write it through
questor.search.engine, never through this model."""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    # The post's id: FTS5's rowid on SQLite, a column of that name on PostgreSQL.
    post_id = models.BigIntegerField(primary_key=True, db_column="rowid")
    title = models.TextField()
    tags = models.TextField()
    body = models.TextField()

    class Meta:
        db_table = "search_document"

    def __str__(self) -> str:
        return f"Search document {self.post_id}"
