"""The common wrapper, paging and sorting.

Every list response is `{"items": [...], "has_more": bool, "quota_max": int,
"quota_remaining": int}`; `has_more` is true only when the next page has items (one row
more than the page is read to know). The `total` filter answers `{"total": N}` and the
`none` filter `{}`, as Stack Exchange does. `backoff` is never sent: Questor does not
throttle reads, and StackAPI sleeps whenever the key is present, even at 0."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import JsonResponse

from questor.seapi import conf
from questor.seapi.errors import bad_parameter
from questor.seapi.filters import Filter
from questor.seapi.params import Params, parse_date, parse_int

Item = dict[str, Any]
ONE_SECOND = timedelta(seconds=1)


def json_response(body: dict[str, Any]) -> JsonResponse:
    return JsonResponse(
        body,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


def wrap(items: list[Item], *, has_more: bool) -> dict[str, Any]:
    quota = conf.quota_max()
    # Reads are not metered: the quota is reported as untouched.
    return {"items": items, "has_more": has_more, "quota_max": quota, "quota_remaining": quota}


def respond_list(
    params: Params,
    filt: Filter,
    source: QuerySet[Any] | Sequence[Any],
    serialize: Callable[[list[Any]], list[Item]],
    *,
    unbounded: bool = False,
) -> JsonResponse:
    """One page of `source` (an ordered queryset or list), serialized."""
    page = params.page()
    size = params.page_size(unbounded=unbounded)
    if filt.total_only:
        total = source.count() if isinstance(source, QuerySet) else len(source)
        return json_response({"total": total})
    if size == 0:
        rows: list[Any] = []
        has_more = False
    else:
        start = (page - 1) * size
        rows = list(source[start : start + size + 1])
        has_more = len(rows) > size
        rows = rows[:size]
    if filt.empty:
        return json_response({})
    return json_response(wrap(serialize(rows), has_more=has_more))


def respond_one(filt: Filter, item: Item) -> JsonResponse:
    """A method with a single item (/info)."""
    if filt.total_only:
        return json_response({"total": 1})
    if filt.empty:
        return json_response({})
    return json_response(wrap([item], has_more=False))


# Sorting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sort:
    """A sort's database field and the type `min`/`max` bound it with ("date", "int",
    "str", or "" when the sort takes no bounds)."""

    field: str
    kind: str = "date"
    nullable: bool = False


def _bound(name: str, kind: str, value: str) -> datetime | int | str:
    if kind == "date":
        return parse_date(name, value)
    if kind == "int":
        return parse_int(name, value)
    return value.lower() if kind == "lower" else value


def chosen_sort(params: Params, sorts: dict[str, Sort], default: str) -> str:
    sort = params.text("sort").lower() or default
    if sort not in sorts:
        raise bad_parameter("sort", f"use one of {', '.join(sorts)}")
    return sort


def sort_and_bound(
    queryset: QuerySet[Any],
    params: Params,
    *,
    sorts: dict[str, Sort],
    default: str,
    created: str = "created_at",
) -> QuerySet[Any]:
    """`sort`/`order`, `min`/`max` on the sort's field (inclusive) and
    `fromdate`/`todate` on the creation date; ties break on the id, in the same order."""
    sort = chosen_sort(params, sorts, default)
    spec = sorts[sort]
    descending = params.order() == "desc"
    condition = Q()
    if spec.kind:
        low, high = params.text("min"), params.text("max")
        if low:
            condition &= Q(**{f"{spec.field}__gte": _bound("min", spec.kind, low)})
        if high:
            bound = _bound("max", spec.kind, high)
            if isinstance(bound, datetime):  # the whole second: stored times have fractions
                condition &= Q(**{f"{spec.field}__lt": bound + ONE_SECOND})
            else:
                condition &= Q(**{f"{spec.field}__lte": bound})
    queryset = date_bounds(queryset.filter(condition), params, created)
    key: OrderBy = (
        F(spec.field).desc(nulls_last=spec.nullable or None)
        if descending
        else F(spec.field).asc(nulls_first=None, nulls_last=spec.nullable or None)
    )
    return queryset.order_by(key, "-pk" if descending else "pk")


def date_bounds(
    queryset: QuerySet[Any], params: Params, created: str = "created_at"
) -> QuerySet[Any]:
    fromdate, todate = params.date("fromdate"), params.date("todate")
    if fromdate is not None:
        queryset = queryset.filter(**{f"{created}__gte": fromdate})
    if todate is not None:  # inclusive of that whole second
        queryset = queryset.filter(**{f"{created}__lt": todate + ONE_SECOND})
    return queryset


def respond_ranked(
    params: Params,
    filt: Filter,
    queryset: QuerySet[Any],
    ranked_ids: Sequence[int],
    serialize: Callable[[list[Any]], list[Item]],
) -> JsonResponse:
    """A page of `ranked_ids` (best first; `order=asc` reverses) that `queryset` (with
    `fromdate`/`todate`) keeps: one query for which are kept, one for the page's rows."""
    kept = set(
        date_bounds(queryset, params).filter(pk__in=list(ranked_ids)).values_list("pk", flat=True)
    )
    ordered = [pk for pk in ranked_ids if pk in kept]
    if params.order() == "asc":
        ordered.reverse()

    def fetch(page_ids: list[int]) -> list[Item]:
        rows = {row.pk: row for row in queryset.filter(pk__in=page_ids)}
        return serialize([rows[pk] for pk in page_ids if pk in rows])

    return respond_list(params, filt, ordered, fetch)
