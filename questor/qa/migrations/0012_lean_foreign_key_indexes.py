"""Foreign keys that lead another index lose their own index: every index is written on
each insert, and these were never read (a lookup by the key uses the longer index).

Only the indexes change: the AlterFields are applied to the state alone, and the database
drops each index by the name Django gave it. A plain AlterField would make SQLite copy
every table into a new one (Django remakes a SQLite table for any field change).

Who edited, deleted or closed a post get partial indexes instead: few posts have one. So
does a question's category, which most communities and every import leave empty.
"""

from __future__ import annotations

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (model, field) whose own index goes.
FIELDS = [
    ("award", "badge"), ("award", "user"), ("comment", "post"), ("post", "author"),
    ("post", "category"), ("post", "closed_by"), ("post", "deleted_by"),
    ("post", "duplicate_of"), ("post", "last_editor"), ("post", "question"),
    ("postlink", "post"), ("postlink", "related"), ("posttag", "post"), ("posttag", "tag"),
    ("reputationevent", "post"), ("reputationevent", "user"), ("revision", "post"),
    ("vote", "post"), ("vote", "user"),
]  # fmt: skip


def _indexes(apps, schema_editor):
    for model_name, field_name in FIELDS:
        model = apps.get_model("qa", model_name)
        field = model._meta.get_field(field_name)
        yield (
            model,
            field,
            schema_editor._create_index_name(model._meta.db_table, [field.column], suffix=""),
        )


def drop_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for _model, _field, name in _indexes(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")


def create_indexes(apps, schema_editor):
    for model, field, _name in _indexes(apps, schema_editor):
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("qa", "0011_search_visibility_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="award",
                    name="badge",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="awards",
                        to="qa.badge",
                    ),
                ),
                migrations.AlterField(
                    model_name="award",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="awards",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="comment",
                    name="post",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="qa.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="post",
                    name="author",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="posts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="post",
                    name="category",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="questions",
                        to="qa.category",
                    ),
                ),
                migrations.AlterField(
                    model_name="post",
                    name="closed_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="post",
                    name="deleted_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="post",
                    name="duplicate_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="duplicates",
                        to="qa.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="post",
                    name="last_editor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="post",
                    name="question",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="qa.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="postlink",
                    name="post",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links",
                        to="qa.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="postlink",
                    name="related",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="linked_from",
                        to="qa.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="posttag",
                    name="post",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE, to="qa.post"
                    ),
                ),
                migrations.AlterField(
                    model_name="posttag",
                    name="tag",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE, to="qa.tag"
                    ),
                ),
                migrations.AlterField(
                    model_name="reputationevent",
                    name="post",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="qa.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="reputationevent",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reputation_events",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="revision",
                    name="post",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="revisions",
                        to="qa.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="vote",
                    name="post",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes",
                        to="qa.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="vote",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RemoveIndex(model_name="post", name="post_category_idx"),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("category__isnull", False)),
                fields=["category", "is_deleted", "-created_at"],
                name="post_category_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("last_editor__isnull", False)),
                fields=["last_editor"],
                name="post_last_editor_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("deleted_by__isnull", False)),
                fields=["deleted_by"],
                name="post_deleted_by_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("closed_by__isnull", False)),
                fields=["closed_by"],
                name="post_closed_by_idx",
            ),
        ),
    ]
