"""Badges: rules that read the community's data, awarded by a background task.

Actions call `queue_badge_check(user_ids)` after a change that may earn a badge; the
worker evaluates every rule for those users and awards what is new (never twice: the
Award table's constraints guarantee it even when two checks race).

Every write queues a check, but the worker does not run them one by one: the rules are a
few set-based queries whatever the number of users, so the check it runs takes in the
users of every other check waiting in the queue and marks those done. A check waits
BADGE_CHECK_DELAY_SECONDS (1 by default) before it may run, so under many writes the
worker runs about one check a second (of about 40 queries) instead of one per write,
and leaves the CPU and the database to the writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, router, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

# Waiting checks taken into one run at most (their users are evaluated in chunks anyway).
MERGED_CHECKS = 1000


def queue_badge_check(user_ids: Iterable[int | None]) -> None:
    """Check these users' badges once the current transaction commits."""
    ids = sorted({user_id for user_id in user_ids if user_id})
    if not ids:
        return
    # A moment in the queue, so that under many writes one run takes in many checks.
    check = award_badges.using(
        run_after=timezone.now() + timedelta(seconds=settings.BADGE_CHECK_DELAY_SECONDS)
    )
    if transaction.get_connection().in_atomic_block and _queue_is_this_database():
        # The queue is a table of this database: the check's row commits (or rolls back)
        # with the change, and the worker cannot see it before. Queued after the commit it
        # would be one more write (on SQLite, one more turn at the write lock) per write.
        check.enqueue(user_ids=ids)
    else:
        transaction.on_commit(lambda: check.enqueue(user_ids=ids))


def _database_queue() -> Any:
    """The task queue's backend when it is a database table (django-tasks' database
    backend), else None."""
    from django_tasks_db.backend import DatabaseBackend

    backend = award_badges.get_backend()
    return backend if isinstance(backend, DatabaseBackend) else None


def _queue_is_this_database() -> bool:
    from django_tasks_db.models import DBTaskResult

    return _database_queue() is not None and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS


@task()
def award_badges(*, user_ids: list[int]) -> int:
    """Award every badge these users (and those of the other waiting checks) have newly
    earned; returns how many were awarded."""
    from questor.qa.badge_rules import award_earned_badges

    return award_earned_badges(sorted({*user_ids, *_take_waiting_checks()}))


def _take_waiting_checks() -> set[int]:
    """The users of the badge checks waiting in the database queue, whose rows are marked
    done here (so no worker runs them again); nothing when the queue is elsewhere."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    backend = _database_queue()
    if backend is None:
        return set()
    # Every check waiting, also those whose moment in the queue is not over: running
    # them early only awards sooner.
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        backend_name=backend.alias,
        task_path=award_badges.module_path,
    )
    users: set[int] = set()
    try:
        # As the worker claims a task: other workers skip the rows locked here.
        with exclusive_transaction(waiting.db):
            taken = list(
                waiting.select_for_update(skip_locked=True)
                .order_by("enqueued_at")
                .values_list("id", "args_kwargs")[:MERGED_CHECKS]
            )
            for _, args_kwargs in taken:
                users.update(args_kwargs.get("kwargs", {}).get("user_ids", []))
            now = timezone.now()
            DBTaskResult.objects.filter(pk__in=[pk for pk, _ in taken]).update(
                status=TaskResultStatus.SUCCESSFUL, started_at=now, finished_at=now, return_value=0
            )
    except OperationalError as error:
        if not is_locked_database_exception(error):
            raise
        return set()  # they stay queued: the next check takes them
    return users
