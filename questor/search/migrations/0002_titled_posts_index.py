"""PostgreSQL: the ids of documents with a title (questions), newest first, for `title:`
searches: their ranking window walks this index instead of the whole table's primary
key, whose answers have no title (docs/search.md, "Speed"). SQLite's FTS5 has positions
and columns in its own index and needs none."""

from __future__ import annotations

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_document_titled_idx ON search_document (rowid) WHERE title <> ''"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_titled_idx")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
