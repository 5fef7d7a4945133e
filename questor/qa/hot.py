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
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import overload

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


class RankedPosts(Sequence[Post]):
    """Questions in a ranked order, loaded a slice at a time: ranking needs six numbers of
    each of the HOT_CANDIDATES questions, a page shows thirty of them whole."""

    def __init__(self, questions: QuerySet[Post], ids: list[int]) -> None:
        self.questions = questions
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Post: ...
    @overload
    def __getitem__(self, index: slice) -> list[Post]: ...
    def __getitem__(self, index: int | slice) -> Post | list[Post]:
        if isinstance(index, slice):
            ids = self.ids[index]
            posts = self.questions.order_by().in_bulk(ids) if ids else {}
            return [posts[pk] for pk in ids if pk in posts]
        return self[index : index + 1 if index != -1 else None][0]

    def __iter__(self) -> Iterator[Post]:
        for start in range(0, len(self.ids), 100):  # a query a hundred, not one a question
            yield from self[start : start + 100]

    def reverse(self) -> None:
        self.ids.reverse()


def hot_ranked(questions: QuerySet[Post]) -> RankedPosts:
    """The hottest of `questions` first: one query ranks them, one loads each slice."""
    answer_scores = (
        Post.objects.filter(question=OuterRef("pk"), post_type=PostType.ANSWER, is_deleted=False)
        .order_by()
        .values("question")
        .annotate(total=Sum("score"))
        .values("total")
    )
    candidates = (
        questions.order_by("-last_activity_at", "-id")
        .annotate(
            answer_score_total=Coalesce(Subquery(answer_scores), 0, output_field=IntegerField())
        )
        .values_list(
            "pk", "view_count", "answer_count", "score", "answer_score_total", "created_at",
            "last_activity_at",
        )[:HOT_CANDIDATES]
    )  # fmt: skip
    now = timezone.now()
    scored = [
        (
            hot_score(
                views=views,
                answers=answers,
                score=score,
                answer_scores=answer_scores_total,
                created_at=created_at,
                last_activity_at=last_activity_at,
                now=now,
            ),
            pk,
        )
        for pk, views, answers, score, answer_scores_total, created_at, last_activity_at in (
            candidates
        )
    ]
    scored.sort(reverse=True)
    return RankedPosts(questions, [pk for _, pk in scored])
