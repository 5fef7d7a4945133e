"""The API's reads. Only public content: deleted, flag-hidden and held posts (and
answers and comments under them) never appear. Each function costs a fixed number of
queries, whatever the number of rows asked for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from questor.accounts.models import User
from questor.qa.models import (
    Award,
    Comment,
    Post,
    PostLink,
    PostTag,
    PostType,
    ReputationEvent,
    Tag,
)

_PUBLIC_QUESTION = Q(
    question__is_deleted=False, question__hidden_by_flags=False, question__held_for_review=False
)
_PUBLIC_PARENT = Q(
    post__is_deleted=False, post__hidden_by_flags=False, post__held_for_review=False
) & (
    Q(post__question__isnull=True)
    | Q(
        post__question__is_deleted=False,
        post__question__hidden_by_flags=False,
        post__question__held_for_review=False,
    )
)


_UNREAD = ("body", "author__about", "author__about_html", "author__password")


def questions(*, body: bool = True) -> QuerySet[Post]:
    """Public questions with their owners; `body=False` leaves the HTML body unread."""
    return (
        Post.objects.public()
        .filter(post_type=PostType.QUESTION)
        .select_related("author")
        .defer(*_UNREAD, *(() if body else ("body_html",)))
    )


def answers(*, body: bool = True) -> QuerySet[Post]:
    """Public answers under public questions, each knowing whether it is accepted."""
    return (
        Post.objects.public()
        .filter(_PUBLIC_QUESTION, post_type=PostType.ANSWER)
        .select_related("author")
        .annotate(parent_accepted_id=F("question__accepted_answer_id"))
        .defer(*_UNREAD, *(() if body else ("body_html",)))
    )


def posts() -> QuerySet[Post]:
    """Questions and answers together (/posts); an answer's title is its question's."""
    return (
        Post.objects.public()
        .filter(Q(question__isnull=True) | _PUBLIC_QUESTION)
        .select_related("author")
        .annotate(parent_title=F("question__title"))
        .defer("author__about", "author__about_html")
    )


def excerpt_posts() -> QuerySet[Post]:
    """Questions and answers for /search/excerpts, each answer with its question."""
    return (
        Post.objects.public()
        .filter(Q(question__isnull=True) | _PUBLIC_QUESTION)
        .select_related("question")
        .defer("body", "question__body", "question__body_html")
    )


def comments() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(_PUBLIC_PARENT, is_deleted=False)
        .select_related("author")
        .annotate(parent_type=F("post__post_type"))
        .defer("author__about", "author__about_html")
    )


def users() -> QuerySet[User]:
    return User.objects.filter(is_active=True).defer("about", "password")


def tags() -> QuerySet[Tag]:
    return Tag.objects.filter(question_count__gt=0).defer("wiki_html", "excerpt")


def tags_named(names: list[str]) -> QuerySet[Tag]:
    return Tag.objects.filter(name__in=names).defer("wiki_html", "excerpt")


def with_tag_activity(queryset: QuerySet[Tag]) -> QuerySet[Tag]:
    """Each tag's latest question activity (the `activity` sort of /tags)."""
    latest = (
        Post.objects.public()
        .filter(posttag__tag=OuterRef("pk"))
        .order_by()
        .values("posttag__tag")
        .annotate(latest=Max("last_activity_at"))
        .values("latest")
    )
    return queryset.annotate(last_activity_at=Subquery(latest))


def tagged_all(queryset: QuerySet[Post], names: list[str]) -> QuerySet[Post]:
    """Questions carrying every one of the tags."""
    for name in names:
        queryset = queryset.filter(pk__in=PostTag.objects.filter(tag__name=name).values("post_id"))
    return queryset


def tagged_any(queryset: QuerySet[Post], names: list[str]) -> QuerySet[Post]:
    if not names:
        return queryset
    return queryset.filter(pk__in=PostTag.objects.filter(tag__name__in=names).values("post_id"))


def not_tagged(queryset: QuerySet[Post], names: list[str]) -> QuerySet[Post]:
    if not names:
        return queryset
    return queryset.exclude(pk__in=PostTag.objects.filter(tag__name__in=names).values("post_id"))


# Bulk lookups for embedding -----------------------------------------------------------


def answers_of(question_ids: Iterable[int], *, body: bool = True) -> dict[int, list[Post]]:
    """Public answers of these questions (accepted first, then by score), one query."""
    found: dict[int, list[Post]] = defaultdict(list)
    ids = list(question_ids)
    if not ids:
        return found
    rows = answers(body=body).filter(question_id__in=ids).order_by("-score", "created_at", "id")
    for answer in rows:
        found[answer.question_id or 0].append(answer)
    for group in found.values():
        group.sort(key=lambda answer: answer.pk != getattr(answer, "parent_accepted_id", None))
    return found


def comments_of(post_ids: Iterable[int]) -> dict[int, list[Comment]]:
    found: dict[int, list[Comment]] = defaultdict(list)
    ids = list(post_ids)
    if not ids:
        return found
    for comment in comments().filter(post_id__in=ids).order_by("created_at", "id"):
        found[comment.post_id].append(comment)
    return found


def badge_counts(user_ids: list[int]) -> dict[int, dict[int, int]]:
    """{user id: {tier: count}}."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        Award.objects.filter(user_id__in=user_ids)
        .values_list("user_id", "badge__tier")
        .annotate(count=Count("id"))
        .order_by()
    )
    for user_id, tier, count in rows:
        found[user_id][tier] = count
    return found


def _period_starts(now: datetime) -> dict[str, datetime]:
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    quarter_month = 3 * ((now.month - 1) // 3) + 1
    return {
        "day": day,
        "week": day - timedelta(days=day.weekday()),
        "month": day.replace(day=1),
        "quarter": day.replace(month=quarter_month, day=1),
        "year": day.replace(month=1, day=1),
    }


def reputation_changes(user_ids: list[int]) -> dict[int, dict[str, int]]:
    """Points each user gained this year, quarter, month, week and day (UTC), one query."""
    starts = _period_starts(timezone.now())
    sums = {
        period: Coalesce(Sum("points", filter=Q(created_at__gte=start)), Value(0))
        for period, start in starts.items()
    }
    rows = (
        ReputationEvent.objects.filter(user_id__in=user_ids, created_at__gte=starts["year"])
        .values("user_id")
        .annotate(**sums)
        .order_by()
    )
    return {row["user_id"]: {period: int(row[period]) for period in starts} for row in rows}


def post_counts(user_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{user id: (public questions, public answers)}, one query."""
    rows = (
        Post.objects.public()
        .filter(author_id__in=user_ids)
        .filter(Q(question__isnull=True) | _PUBLIC_QUESTION)
        .values_list("author_id", "post_type")
        .annotate(count=Count("id"))
        .order_by()
    )
    found: dict[int, tuple[int, int]] = {}
    for author_id, post_type, count in rows:
        questions_count, answers_count = found.get(author_id, (0, 0))
        if post_type == PostType.QUESTION:
            questions_count = count
        else:
            answers_count = count
        found[author_id] = (questions_count, answers_count)
    return found


def linked_question_ids(question_ids: list[int]) -> QuerySet[PostLink, int]:
    """Questions linking to (or closed as duplicates of) any of these."""
    return PostLink.objects.filter(related_id__in=question_ids).values_list("post_id", flat=True)


# /info --------------------------------------------------------------------------------


def site_totals() -> dict[str, int | float]:
    """Exact counts of what the API can show."""
    public_questions = questions()
    public_answers = answers()
    day_ago = timezone.now() - timedelta(days=1)
    question_totals = public_questions.aggregate(
        total=Count("id"),
        accepted=Count("id", filter=Q(accepted_answer__isnull=False)),
        unanswered=Count("id", filter=Q(is_answered=False)),
        recent=Count("id", filter=Q(created_at__gte=day_ago)),
    )
    answer_totals = public_answers.aggregate(
        total=Count("id"), recent=Count("id", filter=Q(created_at__gte=day_ago))
    )
    visible_posts = Post.objects.public().filter(Q(question__isnull=True) | _PUBLIC_QUESTION)
    user_totals = users().aggregate(
        total=Count("id"), recent=Count("id", filter=Q(date_joined__gte=day_ago))
    )
    badge_totals = Award.objects.aggregate(
        total=Count("id"), recent=Count("id", filter=Q(awarded_at__gte=day_ago))
    )
    return {
        "new_active_users": user_totals["recent"],
        "total_users": user_totals["total"],
        "badges_per_minute": round(badge_totals["recent"] / 1440, 2),
        "total_badges": badge_totals["total"],
        # The posts' own counters: imported votes are anonymous (dumps keep no voter).
        "total_votes": int(
            visible_posts.aggregate(votes=Sum(F("up_votes") + F("down_votes")))["votes"] or 0
        ),
        "total_comments": comments().count(),
        "answers_per_minute": round(answer_totals["recent"] / 1440, 2),
        "questions_per_minute": round(question_totals["recent"] / 1440, 2),
        "total_answers": answer_totals["total"],
        "total_accepted": question_totals["accepted"],
        "total_unanswered": question_totals["unanswered"],
        "total_questions": question_totals["total"],
    }
