"""/questions and the methods under it."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from questor.qa.hot import hot_ranked
from questor.qa.models import PostType
from questor.qa.search import related_question_ids
from questor.seapi import selectors
from questor.seapi.endpoint import endpoint
from questor.seapi.filters import Filter
from questor.seapi.params import Params, parse_ids
from questor.seapi.views.common import (
    COMMENT_SORTS,
    POST_SORTS,
    answer_serializer,
    comment_serializer,
    question_serializer,
)
from questor.seapi.wrapper import (
    Sort,
    chosen_sort,
    date_bounds,
    respond_list,
    respond_ranked,
    sort_and_bound,
)

# SE's undocumented tab formulas: hot is Questor's Hot tab; week and month are the
# best-scored questions asked in the last 7 or 30 days.
LIST_SORTS = {**POST_SORTS, "hot": Sort("score", ""), "week": Sort("score", ""),
              "month": Sort("score", "")}  # fmt: skip
RANK_SORTS = {**POST_SORTS, "rank": Sort("score", "")}
MAX_TAGGED = 5


@endpoint()
def questions(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    tagged = params.vector("tagged")
    queryset = selectors.questions(body=filt.has("question.body"))
    if len(tagged) > MAX_TAGGED:
        queryset = queryset.none()
    queryset = selectors.tagged_all(queryset, tagged)
    sort = chosen_sort(params, LIST_SORTS, "activity")
    if sort == "hot":
        ranked = hot_ranked(date_bounds(queryset, params))
        if params.order() == "asc":
            ranked.reverse()
        return respond_list(params, filt, ranked, question_serializer(filt))
    if sort in {"week", "month"}:
        days = 7 if sort == "week" else 30
        queryset = queryset.filter(created_at__gte=timezone.now() - timedelta(days=days))
    queryset = sort_and_bound(queryset, params, sorts=LIST_SORTS, default="activity")
    return respond_list(params, filt, queryset, question_serializer(filt))


def _unanswered_list(params: Params, filt: Filter, *, no_answers: bool) -> HttpResponse:
    queryset = selectors.questions(body=filt.has("question.body"))
    queryset = queryset.filter(answer_count=0) if no_answers else queryset.filter(is_answered=False)
    queryset = selectors.tagged_all(queryset, params.vector("tagged"))
    queryset = sort_and_bound(queryset, params, sorts=POST_SORTS, default="activity")
    return respond_list(params, filt, queryset, question_serializer(filt))


@endpoint()
def unanswered(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    """No accepted answer and no answer scored above zero (SE's meaning)."""
    return _unanswered_list(params, filt, no_answers=False)


@endpoint()
def no_answers(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    return _unanswered_list(params, filt, no_answers=True)


@endpoint()
def questions_by_ids(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.questions(body=filt.has("question.body")).filter(pk__in=parse_ids(ids))
    queryset = sort_and_bound(queryset, params, sorts=POST_SORTS, default="activity")
    return respond_list(params, filt, queryset, question_serializer(filt))


@endpoint()
def question_answers(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.answers(body=filt.has("answer.body")).filter(
        question_id__in=parse_ids(ids)
    )
    queryset = sort_and_bound(queryset, params, sorts=POST_SORTS, default="activity")
    return respond_list(params, filt, queryset, answer_serializer(filt))


@endpoint()
def question_comments(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.comments().filter(
        post_id__in=parse_ids(ids), post__post_type=PostType.QUESTION
    )
    queryset = sort_and_bound(queryset, params, sorts=COMMENT_SORTS, default="creation")
    return respond_list(params, filt, queryset, comment_serializer(filt))


@endpoint()
def linked(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    """Questions that link to any of these (duplicates of them included)."""
    question_ids = parse_ids(ids)
    queryset = (
        selectors.questions(body=filt.has("question.body"))
        .filter(pk__in=selectors.linked_question_ids(question_ids))
        .exclude(pk__in=question_ids)
    )
    queryset = sort_and_bound(queryset, params, sorts=RANK_SORTS, default="rank")
    return respond_list(params, filt, queryset, question_serializer(filt))


@endpoint()
def related(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    """Questions sharing title words and tags with these (the question page's list);
    `rank` (the default) keeps that order."""
    question_ids = parse_ids(ids)
    ranked: list[int] = []
    for question in (
        selectors.questions(body=filt.has("question.body"))
        .filter(pk__in=question_ids)
        .order_by("pk")
    ):
        ranked += [pk for pk in related_question_ids(question) if pk not in question_ids]
    ranked = list(dict.fromkeys(ranked))
    queryset = selectors.questions(body=filt.has("question.body"))
    if chosen_sort(params, RANK_SORTS, "rank") == "rank":
        return respond_ranked(params, filt, queryset, ranked, question_serializer(filt))
    queryset = sort_and_bound(
        queryset.filter(pk__in=ranked), params, sorts=RANK_SORTS, default="rank"
    )
    return respond_list(params, filt, queryset, question_serializer(filt))
