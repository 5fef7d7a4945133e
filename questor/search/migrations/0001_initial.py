from __future__ import annotations

from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE search_document USING fts5("
    "title, tags, body, tokenize='porter unicode61 remove_diacritics 2')",
]
POSTGRESQL = [
    "CREATE TABLE search_document ("
    " rowid bigint PRIMARY KEY,"
    " title text NOT NULL,"
    " tags text NOT NULL,"
    " body text NOT NULL,"
    " vector tsvector NOT NULL)",
    "CREATE INDEX search_document_vector_idx ON search_document USING GIN (vector)",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor)
    if statements is None:
        raise RuntimeError(f"Questor's search supports SQLite and PostgreSQL, not {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_document")


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchDocument",
                    fields=[
                        (
                            "post_id",
                            models.BigIntegerField(
                                db_column="rowid", primary_key=True, serialize=False
                            ),
                        ),
                        ("title", models.TextField()),
                        ("tags", models.TextField()),
                        ("body", models.TextField()),
                    ],
                    options={"db_table": "search_document"},
                ),
            ],
            database_operations=[migrations.RunPython(create, drop)],
        ),
    ]
