"""The reputation ledger: the only writer of User.reputation.

Every gain or loss is a ReputationEvent row; a user's reputation is 1 plus the sum of
their rows, never below 1. Undoing a vote or an accept deletes the row it made, so the
ledger always explains the total, and `questor recalc-reputation` reproduces it.

Concurrency: a total is summed only while the member's row is locked, so two requests
changing the same member's ledger compute one after the other, the second seeing the
first's line (on PostgreSQL each statement in a READ COMMITTED transaction sees what
committed before it started). An UPDATE with the sum as a subquery would not do: after
waiting for the row it applies the sum its snapshot saw, without the other request's
line. Requests lock posts first and members after, members in id order
(`lock_members`), so they never wait for each other in a circle.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from questor.accounts.models import User
from questor.lib import rawsql
from questor.qa.models import Post, ReputationEvent, ReputationKind

DEFAULT_POINTS: dict[str, int] = {
    ReputationKind.QUESTION_UPVOTED: 10,
    ReputationKind.ANSWER_UPVOTED: 10,
    ReputationKind.ANSWER_ACCEPTED: 15,
    ReputationKind.ACCEPTED_AN_ANSWER: 2,
    ReputationKind.DOWNVOTE_RECEIVED: -2,
    ReputationKind.DOWNVOTED_AN_ANSWER: -1,
    ReputationKind.DELETED_AS_SPAM: -100,
    ReputationKind.EDIT_APPROVED: 2,
}


def adjust(*, user_id: int, points: int, at: datetime | None = None) -> ReputationEvent:
    """A ledger line that sets reputation brought from elsewhere (imports, admins)."""
    event = ReputationEvent.objects.create(
        user_id=user_id,
        kind=ReputationKind.ADJUSTMENT,
        points=points,
        created_at=at or timezone.now(),
    )
    refresh_reputation(user_id)
    return event


# Gains from these kinds count toward the daily cap.
CAPPED_KINDS = (
    ReputationKind.QUESTION_UPVOTED,
    ReputationKind.ANSWER_UPVOTED,
    ReputationKind.EDIT_APPROVED,
)


def points_for(kind: str) -> int:
    overrides: dict[str, int] = getattr(settings, "REPUTATION_POINTS", {})
    return overrides.get(kind, DEFAULT_POINTS[kind])


def daily_cap() -> int:
    return int(getattr(settings, "REPUTATION_DAILY_CAP", 200))


def _day_start(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(UTC).date(), time.min, tzinfo=UTC)


def _under_cap(points: int, earned_today: int | None) -> int:
    """What is left of `points` once `earned_today` has counted against the daily cap."""
    return max(0, min(points, daily_cap() - (earned_today or 0)))


def reputation_from_ledger(ledger_sum: int | None) -> int:
    """A member's reputation from the sum of their ledger: 1 to start, never below 1."""
    return max(1, 1 + (ledger_sum or 0))


def lock_members(user_ids: Iterable[int | None]) -> None:
    """Lock these members' rows, in id order, for the rest of the transaction.

    FOR NO KEY UPDATE, like the UPDATE of the total: it does not block the foreign-key
    checks of rows that point at the member (their votes, posts, ledger lines).
    """
    ids = sorted({user_id for user_id in user_ids if user_id})
    # SQLite has no row locks: a transaction there holds the whole database's write lock
    # from its start (transaction_mode IMMEDIATE), so the members are already locked.
    if ids and connection.features.has_select_for_update:
        list(
            User.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


@transaction.atomic(savepoint=False)
def award(
    *,
    user_id: int | None,
    kind: str,
    post: Post | None = None,
    actor: User | None = None,
    at: datetime | None = None,
) -> ReputationEvent | None:
    """Add one ledger row for `kind` (capped where the kind is) and update the total."""
    if user_id is None:
        return None
    # Locked before the daily cap is read, too: two awards at once cannot both fit
    # under what is left of it.
    lock_members([user_id])
    at = at or timezone.now()
    points = points_for(kind)
    # The ledger's total and what the daily cap has counted so far, in one query; the new
    # line adds its points to the total (the member's row is locked, so nothing else does).
    ledger_total, capped = _ledger_sums(user_id, at)
    if kind in CAPPED_KINDS and points > 0:
        points = _under_cap(points, capped)
    # Every vote writes here: the statements are written out (questor/lib/rawsql.py).
    event = rawsql.save_new(
        ReputationEvent(
            user_id=user_id, kind=kind, points=points, post=post, actor=actor, created_at=at
        )
    )
    total = reputation_from_ledger(ledger_total + points)
    rawsql.execute(
        f"UPDATE {rawsql.table(User)} SET reputation = %s WHERE id = %s",  # noqa: S608 - identifiers only, values are parameters
        [total, user_id],
    )
    return event


def _ledger_sums(user_id: int, at: datetime) -> tuple[int, int]:
    """The member's ledger total, and what the daily cap has counted on the day of `at`."""
    start = _day_start(at)
    adapt = connection.ops.adapt_datetimefield_value
    [(total, capped)] = rawsql.execute(
        "SELECT SUM(points), SUM(CASE WHEN kind IN "  # noqa: S608 - identifiers only, values are parameters
        f"({rawsql.placeholders(CAPPED_KINDS)}) AND created_at >= %s AND created_at < %s"
        f" THEN points ELSE 0 END) FROM {rawsql.table(ReputationEvent)} WHERE user_id = %s",
        [*CAPPED_KINDS, adapt(start), adapt(start + timedelta(days=1)), user_id],
    )
    return int(total or 0), int(capped or 0)


@transaction.atomic(savepoint=False)
def revoke(*, kind: str, post: Post, actor: User | None) -> None:
    """Undo what `actor`'s act of `kind` on `post` earned (an undone vote or accept)."""
    events = ReputationEvent.objects.filter(kind=kind, post=post, actor=actor)
    user_ids = sorted(set(events.values_list("user_id", flat=True)))
    lock_members(user_ids)
    events.delete()
    for user_id in user_ids:
        _store_total(user_id)


def total_from_ledger(user_id: int) -> int:
    total = ReputationEvent.objects.filter(user_id=user_id).aggregate(total=Sum("points"))
    return reputation_from_ledger(total["total"])


@transaction.atomic(savepoint=False)
def refresh_reputation(user_id: int) -> int:
    """Store the member's total from their ledger (race-free: see the module's notes)."""
    lock_members([user_id])
    return _store_total(user_id)


def _store_total(user_id: int) -> int:
    """Sum the ledger into User.reputation; the caller holds the member's row lock."""
    reputation = total_from_ledger(user_id)
    User.objects.filter(pk=user_id).update(reputation=reputation)
    return reputation


# What votes and accepts earn ----------------------------------------------------------


def on_vote_added(*, voter: User, post: Post, value: int) -> None:
    if value == 1:
        kind = (
            ReputationKind.QUESTION_UPVOTED if post.is_question else ReputationKind.ANSWER_UPVOTED
        )
        award(user_id=post.author_id, kind=kind, post=post, actor=voter)
        return
    award(user_id=post.author_id, kind=ReputationKind.DOWNVOTE_RECEIVED, post=post, actor=voter)
    if not post.is_question:
        award(user_id=voter.pk, kind=ReputationKind.DOWNVOTED_AN_ANSWER, post=post, actor=voter)


def on_vote_removed(*, voter: User, post: Post, value: int) -> None:
    if value == 1:
        kind = (
            ReputationKind.QUESTION_UPVOTED if post.is_question else ReputationKind.ANSWER_UPVOTED
        )
        revoke(kind=kind, post=post, actor=voter)
        return
    revoke(kind=ReputationKind.DOWNVOTE_RECEIVED, post=post, actor=voter)
    revoke(kind=ReputationKind.DOWNVOTED_AN_ANSWER, post=post, actor=voter)


def on_accepted(*, asker: User, answer: Post) -> None:
    # Accepting your own answer earns nothing, as on Stack Exchange.
    if answer.author_id == asker.pk:
        return
    award(user_id=answer.author_id, kind=ReputationKind.ANSWER_ACCEPTED, post=answer, actor=asker)
    award(user_id=asker.pk, kind=ReputationKind.ACCEPTED_AN_ANSWER, post=answer, actor=asker)


def on_unaccepted(*, asker: User, answer: Post) -> None:
    revoke(kind=ReputationKind.ANSWER_ACCEPTED, post=answer, actor=asker)
    revoke(kind=ReputationKind.ACCEPTED_AN_ANSWER, post=answer, actor=asker)
