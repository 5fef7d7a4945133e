"""The badges and the rules that earn them; the worker awards them (see qa/badges.py).

Each badge is declared once in BADGES: its row in the Badge table (kept in step by
`sync_badges`, run after every migrate) and a rule. A rule takes a list of user ids and
returns the (user id, post id or None) pairs that qualify, in a few set-based queries for
all the users at once. Deleted posts never count, and neither do answers on deleted
questions.

`award_earned_badges` evaluates every rule and writes what is new. It never awards twice:
once per user, or once per user and post for per-post badges, guaranteed by the Award
table's unique constraints, by locking the badges it writes, and by inserting with
ignore_conflicts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate

from questor.accounts.models import User
from questor.qa import notify
from questor.qa.models import (
    Award,
    Badge,
    BadgeTier,
    Comment,
    Post,
    PostType,
    ReputationEvent,
    Revision,
    Vote,
    VoteType,
)

# A rule's answer: who qualifies, and for per-post badges on which post.
Earned = tuple[int, int | None]
Rule = Callable[[Sequence[int]], Iterable[Earned]]

# Users evaluated per round of queries (keeps IN lists well inside SQLite's limits).
CHUNK = 500


@dataclass(frozen=True)
class BadgeDefinition:
    slug: str
    name: str
    description: str
    tier: BadgeTier
    per_post: bool
    rule: Rule


# Building blocks ----------------------------------------------------------------------


def _live_questions(user_ids: Sequence[int]) -> QuerySet[Post]:
    return Post.objects.filter(
        post_type=PostType.QUESTION, is_deleted=False, author_id__in=user_ids
    )


def _live_answers(user_ids: Sequence[int]) -> QuerySet[Post]:
    return Post.objects.filter(
        post_type=PostType.ANSWER,
        is_deleted=False,
        question__is_deleted=False,
        author_id__in=user_ids,
    )


def _once(queryset: QuerySet[Any], field: str) -> list[Earned]:
    """Each distinct user id in `field`, for a badge earned once."""
    ids = queryset.order_by().values_list(field, flat=True).distinct()
    return [(user_id, None) for user_id in ids]


def _per_post(queryset: QuerySet[Post]) -> list[Earned]:
    """(author, post) for each post, for a badge earned once per post."""
    return list(queryset.order_by().values_list("author_id", "pk"))


def _at_least(queryset: QuerySet[Any], field: str, count: int) -> list[Earned]:
    """Users who appear in `field` of at least `count` rows."""
    groups = (
        queryset.order_by()
        .values(field)
        .annotate(total=Count("pk"))
        .filter(total__gte=count)
        .values_list(field, flat=True)
    )
    return [(user_id, None) for user_id in groups]


# For rows about a post (votes, comments, revisions): the post is live, and so is its
# question when it is an answer.
ON_LIVE_POST = Q(post__is_deleted=False) & (
    Q(post__question__isnull=True) | Q(post__question__is_deleted=False)
)


def _votes_cast(user_ids: Sequence[int], value: int) -> QuerySet[Vote]:
    return Vote.objects.filter(ON_LIVE_POST, user_id__in=user_ids, value=value)


# Rules --------------------------------------------------------------------------------


def asked_a_question(user_ids: Sequence[int]) -> list[Earned]:
    return _once(_live_questions(user_ids), "author_id")


def answered_a_question(user_ids: Sequence[int]) -> list[Earned]:
    return _once(_live_answers(user_ids), "author_id")


def wrote_an_accepted_answer(user_ids: Sequence[int]) -> list[Earned]:
    # accepted_for is the question that accepted the answer (the join requires one).
    return _once(_live_answers(user_ids).filter(accepted_for__is_deleted=False), "author_id")


def accepted_an_answer(user_ids: Sequence[int]) -> list[Earned]:
    return _once(_live_questions(user_ids).filter(accepted_answer__is_deleted=False), "author_id")


def edited_a_post(user_ids: Sequence[int]) -> list[Earned]:
    edits = Revision.objects.filter(ON_LIVE_POST, author_id__in=user_ids, number__gt=1)
    return _once(edits, "author_id")


def cast_an_upvote(user_ids: Sequence[int]) -> list[Earned]:
    return _once(_votes_cast(user_ids, VoteType.UP), "user_id")


def cast_a_downvote(user_ids: Sequence[int]) -> list[Earned]:
    return _once(_votes_cast(user_ids, VoteType.DOWN), "user_id")


def cast_upvotes(count: int) -> Rule:
    def rule(user_ids: Sequence[int]) -> list[Earned]:
        return _at_least(_votes_cast(user_ids, VoteType.UP), "user_id", count)

    return rule


def left_comments(count: int) -> Rule:
    def rule(user_ids: Sequence[int]) -> list[Earned]:
        comments = Comment.objects.filter(ON_LIVE_POST, author_id__in=user_ids, is_deleted=False)
        return _at_least(comments, "author_id", count)

    return rule


def wrote_about_themselves(user_ids: Sequence[int]) -> list[Earned]:
    # Blank (spaces and line breaks only) is not filled in.
    users = User.objects.filter(pk__in=user_ids).exclude(about__regex=r"^\s*$")
    return _once(users, "pk")


def question_score(minimum: int) -> Rule:
    def rule(user_ids: Sequence[int]) -> list[Earned]:
        return _per_post(_live_questions(user_ids).filter(score__gte=minimum))

    return rule


def answer_score(minimum: int) -> Rule:
    def rule(user_ids: Sequence[int]) -> list[Earned]:
        return _per_post(_live_answers(user_ids).filter(score__gte=minimum))

    return rule


def question_views(minimum: int) -> Rule:
    def rule(user_ids: Sequence[int]) -> list[Earned]:
        return _per_post(_live_questions(user_ids).filter(view_count__gte=minimum))

    return rule


REVIVAL_DAYS = 30
REVIVAL_SCORE = 2


def revived_a_question(user_ids: Sequence[int]) -> list[Earned]:
    """An answer given 30 days or more after its question, while no other live answer
    existed, that scored 2 or more."""
    earlier_answer = Post.objects.filter(
        question_id=OuterRef("question_id"), post_type=PostType.ANSWER, is_deleted=False
    ).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    revivals = (
        _live_answers(user_ids)
        .filter(
            score__gte=REVIVAL_SCORE,
            created_at__gte=F("question__created_at") + datetime.timedelta(days=REVIVAL_DAYS),
        )
        .exclude(Exists(earlier_answer))
    )
    return _per_post(revivals)


def accepted_answer_score(minimum: int) -> Rule:
    def rule(user_ids: Sequence[int]) -> list[Earned]:
        return _per_post(
            _live_answers(user_ids).filter(accepted_for__is_deleted=False, score__gte=minimum)
        )

    return rule


def reputation_in_a_day(minimum: int) -> Rule:
    """Net reputation of at least `minimum` in one UTC day, from the ledger (events on
    deleted posts do not count)."""

    def rule(user_ids: Sequence[int]) -> list[Earned]:
        events = ReputationEvent.objects.filter(user_id__in=user_ids).filter(
            Q(post__isnull=True) | Q(post__is_deleted=False)
        )
        days = (
            events.order_by()
            .annotate(day=TruncDate("created_at", tzinfo=datetime.UTC))
            .values("user_id", "day")
            .annotate(total=Sum("points"))
            .filter(total__gte=minimum)
        )
        return [(user_id, None) for user_id in {row["user_id"] for row in days}]

    return rule


# The badges ---------------------------------------------------------------------------

GOLD, SILVER, BRONZE = BadgeTier.GOLD, BadgeTier.SILVER, BadgeTier.BRONZE

BADGES: tuple[BadgeDefinition, ...] = (
    # Asking and answering
    BadgeDefinition(
        "student", "Student", "Asked a first question.", BRONZE, False, asked_a_question
    ),
    BadgeDefinition(
        "teacher", "Teacher", "Answered a first question.", BRONZE, False, answered_a_question
    ),
    BadgeDefinition(
        "mentor",
        "Mentor",
        "Wrote an answer that the asker accepted.",
        BRONZE,
        False,
        wrote_an_accepted_answer,
    ),
    BadgeDefinition(
        "scholar",
        "Scholar",
        "Asked a question and accepted an answer.",
        BRONZE,
        False,
        accepted_an_answer,
    ),
    BadgeDefinition(
        "revival",
        "Revival",
        f"Answered a question {REVIVAL_DAYS} days or more after it was asked, as its "
        f"first answer, scoring {REVIVAL_SCORE} or more.",
        BRONZE,
        True,
        revived_a_question,
    ),
    BadgeDefinition(
        "enlightened",
        "Enlightened",
        "Wrote an answer that was accepted and scored 10 or more.",
        SILVER,
        True,
        accepted_answer_score(10),
    ),
    # Participation
    BadgeDefinition(
        "editor", "Editor", "Edited a post for the first time.", BRONZE, False, edited_a_post
    ),
    BadgeDefinition(
        "supporter", "Supporter", "Cast a first up vote.", BRONZE, False, cast_an_upvote
    ),
    BadgeDefinition("critic", "Critic", "Cast a first down vote.", BRONZE, False, cast_a_downvote),
    BadgeDefinition("voter", "Voter", "Cast 10 up votes.", BRONZE, False, cast_upvotes(10)),
    BadgeDefinition(
        "commentator", "Commentator", "Left 10 comments.", BRONZE, False, left_comments(10)
    ),
    BadgeDefinition(
        "autobiographer",
        "Autobiographer",
        "Wrote something about themselves on their profile.",
        BRONZE,
        False,
        wrote_about_themselves,
    ),
    BadgeDefinition(
        "big-day",
        "Big Day",
        "Earned 100 reputation in one day (UTC).",
        SILVER,
        False,
        reputation_in_a_day(100),
    ),
    # Question quality
    BadgeDefinition(
        "nice-question",
        "Nice Question",
        "Asked a question with a score of 10.",
        BRONZE,
        True,
        question_score(10),
    ),
    BadgeDefinition(
        "good-question",
        "Good Question",
        "Asked a question with a score of 25.",
        SILVER,
        True,
        question_score(25),
    ),
    BadgeDefinition(
        "great-question",
        "Great Question",
        "Asked a question with a score of 100.",
        GOLD,
        True,
        question_score(100),
    ),
    BadgeDefinition(
        "popular-question",
        "Popular Question",
        "Asked a question viewed 1,000 times.",
        BRONZE,
        True,
        question_views(1_000),
    ),
    BadgeDefinition(
        "notable-question",
        "Notable Question",
        "Asked a question viewed 2,500 times.",
        SILVER,
        True,
        question_views(2_500),
    ),
    BadgeDefinition(
        "famous-question",
        "Famous Question",
        "Asked a question viewed 10,000 times.",
        GOLD,
        True,
        question_views(10_000),
    ),
    # Answer quality
    BadgeDefinition(
        "nice-answer",
        "Nice Answer",
        "Wrote an answer with a score of 10.",
        BRONZE,
        True,
        answer_score(10),
    ),
    BadgeDefinition(
        "good-answer",
        "Good Answer",
        "Wrote an answer with a score of 25.",
        SILVER,
        True,
        answer_score(25),
    ),
    BadgeDefinition(
        "great-answer",
        "Great Answer",
        "Wrote an answer with a score of 100.",
        GOLD,
        True,
        answer_score(100),
    ),
)

BY_SLUG = {definition.slug: definition for definition in BADGES}


# Keeping the Badge table in step ------------------------------------------------------


def sync_badges(*, using: str = DEFAULT_DB_ALIAS, model: type[Badge] = Badge) -> int:
    """Create or update the Badge rows from BADGES; returns how many rows changed.

    Idempotent, and run after every migrate (qa/apps.py). Badges no longer declared keep
    their rows and awards; they are just not awarded any more.
    """
    existing = {badge.slug: badge for badge in model._default_manager.using(using).all()}
    changed = 0
    for definition in BADGES:
        values = {
            "name": definition.name,
            "description": definition.description,
            "tier": int(definition.tier),
            "per_post": definition.per_post,
        }
        badge = existing.get(definition.slug)
        if badge is None:
            model._default_manager.using(using).create(slug=definition.slug, **values)
            changed += 1
        elif any(getattr(badge, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(badge, field, value)
            badge.save(using=using, update_fields=list(values))
            changed += 1
    return changed


# Awarding -----------------------------------------------------------------------------

AwardKey = tuple[int, int, int | None]  # badge id, user id, post id


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _badge_rows() -> dict[str, Badge]:
    badges = {badge.slug: badge for badge in Badge.objects.filter(slug__in=BY_SLUG)}
    if len(badges) < len(BY_SLUG):  # a database migrated before a badge was declared
        sync_badges()
        badges = {badge.slug: badge for badge in Badge.objects.filter(slug__in=BY_SLUG)}
    return badges


def earned_badges(
    user_ids: Sequence[int],
    badges: dict[str, Badge],
    held: Collection[tuple[int, int]] = (),
) -> set[AwardKey]:
    """Every (badge, user, post) these users qualify for now, awarded or not; a badge
    earned once is not looked for again for a user who holds it (`held`: badge id, user
    id), and a rule none of the users needs is not run."""
    earned: set[AwardKey] = set()
    for definition in BADGES:
        badge = badges[definition.slug]
        candidates = (
            user_ids
            if definition.per_post
            else [user_id for user_id in user_ids if (badge.pk, user_id) not in held]
        )
        if not candidates:
            continue
        for user_id, post_id in definition.rule(candidates):
            if user_id is None:
                continue
            earned.add((badge.pk, user_id, post_id if definition.per_post else None))
    return earned


def _awarded(user_ids: Iterable[int], badge_ids: Iterable[int]) -> set[AwardKey]:
    return set(
        Award.objects.filter(user_id__in=list(user_ids), badge_id__in=list(badge_ids))
        .order_by()
        .values_list("badge_id", "user_id", "post_id")
    )


def award_earned_badges(user_ids: Iterable[int | None]) -> int:
    """Award every badge these users have newly earned; returns how many were awarded."""
    ids = sorted({int(user_id) for user_id in user_ids if user_id})
    if not ids:
        return 0
    badges = _badge_rows()
    awarded = 0
    for chunk in _chunks(ids):
        # Most checks are for members who hold most of the badges earned once: those
        # rules are not run for them again.
        held = set(
            Award.objects.filter(user_id__in=chunk, post__isnull=True)
            .order_by()
            .values_list("badge_id", "user_id")
        )
        earned = earned_badges(chunk, badges, held)
        if earned:
            awarded += _write_awards(chunk, earned)
    return awarded


def _write_awards(user_ids: Sequence[int], earned: set[AwardKey]) -> int:
    # Most checks find nothing new: answer those without writing or locking.
    new = earned - _awarded(user_ids, {key[0] for key in earned})
    if not new:
        return 0
    badge_ids = sorted({key[0] for key in new})
    with transaction.atomic():
        # Concurrent checks award one badge at a time (locked in id order, so never a
        # deadlock), which keeps the returned number and award_count exact; the
        # constraints and ignore_conflicts make a double award impossible regardless.
        list(Badge.objects.select_for_update().filter(pk__in=badge_ids).order_by("pk"))
        new -= _awarded(user_ids, badge_ids)
        Award.objects.bulk_create(
            [
                Award(badge_id=badge_id, user_id=user_id, post_id=post_id)
                for badge_id, user_id, post_id in sorted(new, key=_sort_key)
            ],
            ignore_conflicts=True,
        )
        notify.badges_awarded(sorted(new, key=_sort_key))
        count = (
            Award.objects.filter(badge_id=OuterRef("pk"))
            .order_by()
            .values("badge_id")
            .annotate(total=Count("pk"))
            .values("total")
        )
        # Recounted rather than incremented, so it also heals after awards were removed
        # (a deleted account takes its awards with it).
        Badge.objects.filter(pk__in=badge_ids).update(award_count=Coalesce(Subquery(count), 0))
    return len(new)


def _sort_key(key: AwardKey) -> tuple[int, int, int]:
    return key[0], key[1], key[2] or 0
