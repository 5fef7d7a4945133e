"""Badge checks wait in a table of their own, a row per member, instead of a task per write
(questor/qa/badges.py). The checks still waiting in the task queue move to it, and the
finished ones, one row per write ever made, are deleted."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

OLD_TASK = "questor.qa.badges.award_badges"


def move_waiting_checks(apps: Any, schema_editor: Any) -> None:
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    pending = apps.get_model("qa", "PendingBadgeCheck")
    users = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    old = results.objects.using(schema_editor.connection.alias).filter(task_path=OLD_TASK)
    waiting: set[int] = set()
    for args_kwargs in old.filter(status="READY").values_list("args_kwargs", flat=True):
        waiting.update((args_kwargs or {}).get("kwargs", {}).get("user_ids", []))
    now = timezone.now()
    ordered = sorted(waiting)
    for start in range(0, len(ordered), 500):  # within any database's parameter limit
        existing = users.objects.filter(pk__in=ordered[start : start + 500])
        checks = [pending(user_id=pk, queued_at=now) for pk in existing.values_list("pk", flat=True)]
        pending.objects.bulk_create(checks, ignore_conflicts=True)
    old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_import_attribution"),
        ("qa", "0012_lean_foreign_key_indexes"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingBadgeCheck",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("queued_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(move_waiting_checks, migrations.RunPython.noop),
    ]
