"""Badges: rules that read the community's data, awarded by a background task.

Actions call `queue_badge_check(user_ids)` after a change that may earn a badge; the
worker evaluates every rule for those users and awards what is new (never twice: the
Award table's constraints guarantee it even when two checks race).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django_tasks import task


def queue_badge_check(user_ids: Iterable[int | None]) -> None:
    """Check these users' badges once the current transaction commits."""
    ids = sorted({user_id for user_id in user_ids if user_id})
    if ids:
        transaction.on_commit(lambda: award_badges.enqueue(user_ids=ids))


@task()
def award_badges(*, user_ids: list[int]) -> int:
    """Award every badge these users have newly earned; returns how many were awarded."""
    from questor.qa.badge_rules import award_earned_badges

    return award_earned_badges(user_ids)
