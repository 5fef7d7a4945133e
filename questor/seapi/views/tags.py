"""/tags and /tags/{tags}/info."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from questor.qa.models import Tag
from questor.seapi import selectors
from questor.seapi.endpoint import endpoint
from questor.seapi.filters import Filter
from questor.seapi.params import Params, parse_vector
from questor.seapi.views.common import tag_serializer
from questor.seapi.wrapper import Sort, chosen_sort, respond_list, sort_and_bound

TAG_SORTS = {
    "popular": Sort("question_count", "int"),
    "activity": Sort("last_activity_at", nullable=True),
    "name": Sort("name", "lower"),
}


def _tag_list(params: Params, filt: Filter, queryset: QuerySet[Tag]) -> HttpResponse:
    if chosen_sort(params, TAG_SORTS, "popular") == "activity":
        queryset = selectors.with_tag_activity(queryset)
    queryset = sort_and_bound(queryset, params, sorts=TAG_SORTS, default="popular")
    return respond_list(params, filt, queryset, tag_serializer(filt))


@endpoint()
def tags(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    queryset = selectors.tags()
    inname = params.text("inname").lower()
    if inname:
        queryset = queryset.filter(name__contains=inname)
    return _tag_list(params, filt, queryset)


@endpoint()
def tags_info(request: HttpRequest, params: Params, filt: Filter, names: str) -> HttpResponse:
    return _tag_list(params, filt, selectors.tags_named(parse_vector(names, name="tags")))
