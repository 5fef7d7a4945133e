"""`?page=&page_size=` for every list: `{items, count, next, previous}` with absolute URLs.

One count query and one query for the page's rows, whatever the page's length."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

from questor.qa import selectors

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


class PageParams(Schema):
    page: int = Field(default=1, ge=1, le=MAX_PAGE, description="1 for the first page.")
    page_size: int = Field(
        default=DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page."
    )


def _url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def envelope(
    request: HttpRequest, params: PageParams, items: list[Any], total: int
) -> dict[str, Any]:
    """A page's items with the total and the neighbouring pages' URLs."""
    last = max(1, math.ceil(total / params.page_size))
    return {
        "items": items,
        "count": total,
        "next": _url(request, params.page + 1) if params.page < last else None,
        "previous": _url(request, min(params.page - 1, last)) if params.page > 1 else None,
    }


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    params: PageParams,
    present: Callable[[Any], Any],
) -> dict[str, Any]:
    total = selectors.kept_count(rows) if isinstance(rows, QuerySet) else len(rows)
    start = (params.page - 1) * params.page_size
    chunk = list(rows[start : start + params.page_size]) if start < total else []
    return envelope(request, params, [present(row) for row in chunk], total)
