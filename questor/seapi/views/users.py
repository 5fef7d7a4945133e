"""/users and the posts of users."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from questor.seapi import selectors
from questor.seapi.endpoint import endpoint
from questor.seapi.filters import Filter
from questor.seapi.params import Params, parse_ids
from questor.seapi.views.common import (
    POST_SORTS,
    answer_serializer,
    question_serializer,
    user_serializer,
)
from questor.seapi.wrapper import Sort, respond_list, sort_and_bound

# `modified` is read as the last access (Questor keeps no profile-modified date).
USER_SORTS = {
    "reputation": Sort("reputation", "int"),
    "creation": Sort("date_joined"),
    "name": Sort("display_name", "str"),
    "modified": Sort("last_login", nullable=True),
}


def _user_list(params: Params, filt: Filter, *, ids: list[int] | None) -> HttpResponse:
    queryset = selectors.users()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    else:
        inname = params.text("inname")
        if inname:
            queryset = queryset.filter(
                Q(display_name__icontains=inname) | Q(username__icontains=inname)
            )
    queryset = sort_and_bound(
        queryset, params, sorts=USER_SORTS, default="reputation", created="date_joined"
    )
    return respond_list(params, filt, queryset, user_serializer(filt))


@endpoint()
def users(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    return _user_list(params, filt, ids=None)


@endpoint()
def users_by_ids(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    return _user_list(params, filt, ids=parse_ids(ids))


@endpoint()
def user_questions(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.questions(body=filt.has("question.body")).filter(
        author_id__in=parse_ids(ids)
    )
    queryset = sort_and_bound(queryset, params, sorts=POST_SORTS, default="activity")
    return respond_list(params, filt, queryset, question_serializer(filt))


@endpoint()
def user_answers(request: HttpRequest, params: Params, filt: Filter, ids: str) -> HttpResponse:
    queryset = selectors.answers(body=filt.has("answer.body")).filter(author_id__in=parse_ids(ids))
    queryset = sort_and_bound(queryset, params, sorts=POST_SORTS, default="activity")
    return respond_list(params, filt, queryset, answer_serializer(filt))
