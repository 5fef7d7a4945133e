"""/answers, /comments and /posts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from questor.seapi import selectors
from questor.seapi.endpoint import endpoint
from questor.seapi.filters import Filter
from questor.seapi.params import Params, parse_ids
from questor.seapi.views.common import (
    COMMENT_SORTS,
    POST_SORTS,
    answer_serializer,
    comment_serializer,
    post_serializer,
)
from questor.seapi.wrapper import respond_list, sort_and_bound


@endpoint()
def answers(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    queryset = sort_and_bound(
        selectors.answers(body=filt.has("answer.body")),
        params,
        sorts=POST_SORTS,
        default="activity",
    )
    return respond_list(params, filt, queryset, answer_serializer(filt))


@endpoint()
def answers_by_ids(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.answers(body=filt.has("answer.body")).filter(pk__in=parse_ids(ids))
    queryset = sort_and_bound(queryset, params, sorts=POST_SORTS, default="activity")
    return respond_list(params, filt, queryset, answer_serializer(filt))


@endpoint()
def answer_comments(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.comments().filter(post_id__in=parse_ids(ids), post__question__isnull=False)
    queryset = sort_and_bound(queryset, params, sorts=COMMENT_SORTS, default="creation")
    return respond_list(params, filt, queryset, comment_serializer(filt))


@endpoint()
def comments_by_ids(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.comments().filter(pk__in=parse_ids(ids))
    queryset = sort_and_bound(queryset, params, sorts=COMMENT_SORTS, default="creation")
    return respond_list(params, filt, queryset, comment_serializer(filt))


@endpoint()
def posts(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    queryset = sort_and_bound(selectors.posts(), params, sorts=POST_SORTS, default="activity")
    return respond_list(params, filt, queryset, post_serializer(filt))


@endpoint()
def posts_by_ids(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.posts().filter(pk__in=parse_ids(ids))
    queryset = sort_and_bound(queryset, params, sorts=POST_SORTS, default="activity")
    return respond_list(params, filt, queryset, post_serializer(filt))
