"""Badges: rules that read the community's data, checked by the worker.

Actions call `queue_badge_check(user_ids)` after a change that may earn a badge; the
worker evaluates every rule for those members and awards what is new (never twice: the
Award table's constraints guarantee it even when two checks race).

A check is a row of PendingBadgeCheck, one per member, written in the change's own
transaction: it commits or rolls back with the change, the worker cannot see it before
the change, and a member who writes ten times before the worker comes waits there once.
Every BADGE_CHECK_DELAY_SECONDS (1 by default) the worker takes every waiting member and
runs the rules once for all of them: the rules are a few set-based queries however many
members they check. A task per write cost each write an insert through the ORM, and the
worker an update of its row (docs/benchmarks.md, "background work off the write path").
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from questor.core.tasks import periodic
from questor.lib import rawsql
from questor.qa.models import PendingBadgeCheck

# Members taken into one run at most (the rules evaluate them in chunks anyway).
MERGED_CHECKS = 1000


def queue_badge_check(user_ids: Iterable[int | None]) -> None:
    """Have these members' badges checked once the current transaction (if any) commits."""
    ids = sorted({user_id for user_id in user_ids if user_id})
    if not ids:
        return
    quote = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Written out: every write runs it. On PostgreSQL the update (rather than DO NOTHING)
    # locks a waiting member's row until this transaction ends, so a worker cannot take
    # the member (it skips locked rows) and check them without this change.
    rawsql.execute(
        f"INSERT INTO {rawsql.table(PendingBadgeCheck)} ({quote('user_id')}, {quote('queued_at')}) "  # noqa: S608 - identifiers only, values are parameters
        f"VALUES {', '.join(['(%s, %s)'] * len(ids))} ON CONFLICT ({quote('user_id')}) "
        f"DO UPDATE SET {quote('queued_at')} = EXCLUDED.{quote('queued_at')}",
        [value for user_id in ids for value in (user_id, now)],
    )


@periodic(lambda: settings.BADGE_CHECK_DELAY_SECONDS)
def run_waiting_badge_checks() -> int:
    """Check the badges of every waiting member; returns how many badges were awarded."""
    from questor.qa.badge_rules import award_earned_badges

    awarded = 0
    while users := _take_waiting_checks():
        awarded += award_earned_badges(users)
        if len(users) < MERGED_CHECKS:
            break
    return awarded


def _take_waiting_checks() -> list[int]:
    """The members waiting for a check (at most MERGED_CHECKS), their rows deleted."""
    from django_tasks_db.utils import is_locked_database_exception

    waiting = PendingBadgeCheck.objects.order_by("user_id")
    try:
        with transaction.atomic():
            # PostgreSQL: rows that a change still writing holds are left for the next run.
            users = list(
                waiting.select_for_update(skip_locked=True).values_list("user_id", flat=True)[
                    :MERGED_CHECKS
                ]
            )
            if users:
                PendingBadgeCheck.objects.filter(user_id__in=users).delete()
    except OperationalError as error:
        if not is_locked_database_exception(error):
            raise
        return []  # SQLite's write lock was busy past its timeout: they wait for the next run
    return users
