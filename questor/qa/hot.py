"""The Hot tab: questions getting attention now, in the spirit of Stack Exchange's
original "hot" formula (views, answers, score, answer scores, with age decay):

              4 · log10(views + 1) + answers · score / 5 + Σ answer scores
    hot = ────────────────────────────────────────────────────────────────────
            ((age + 1) − (age − since_activity) / 2) ^ 1.5

`age` is hours since the question was asked, `since_activity` hours since its last
activity (an answer, an edit); recent activity halves the decay of an old question.

The score decays with the clock, so it is not stored: it is computed for the
HOT_CANDIDATES most recently active questions (one query, using the activity index)
and those are sorted by it. A question inactive for longer than that many others have
been active is not hot by any measure.
"""

from __future__ import annotations

import math
from datetime import datetime

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from questor.qa.models import Post, PostType

HOT_CANDIDATES = 500


def hot_score(
    *,
    views: int,
    answers: int,
    score: int,
    answer_scores: int,
    created_at: datetime,
    last_activity_at: datetime,
    now: datetime,
) -> float:
    age = max((now - created_at).total_seconds() / 3600, 0.0)
    since_activity = min(max((now - last_activity_at).total_seconds() / 3600, 0.0), age)
    numerator = 4 * math.log10(max(views, 0) + 1) + answers * score / 5 + answer_scores
    denominator = ((age + 1) - (age - since_activity) / 2) ** 1.5
    return float(numerator / denominator)


def hot_ranked(questions: QuerySet[Post]) -> list[Post]:
    """The hottest of `questions` first (one query, whatever their number)."""
    answer_scores = (
        Post.objects.filter(question=OuterRef("pk"), post_type=PostType.ANSWER, is_deleted=False)
        .order_by()
        .values("question")
        .annotate(total=Sum("score"))
        .values("total")
    )
    candidates = list(
        questions.order_by("-last_activity_at", "-id").annotate(
            answer_score_total=Coalesce(Subquery(answer_scores), 0, output_field=IntegerField())
        )[:HOT_CANDIDATES]
    )
    now = timezone.now()
    scored = [
        (
            hot_score(
                views=post.view_count,
                answers=post.answer_count,
                score=post.score,
                answer_scores=post.answer_score_total,
                created_at=post.created_at,
                last_activity_at=post.last_activity_at,
                now=now,
            ),
            post.pk,
            post,
        )
        for post in candidates
    ]
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [post for _, _, post in scored]
