"""Which qa pages the anonymous page cache may keep (questor/core/pagecache.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from questor.core import pagecache
from questor.lib.client import visitor_key
from questor.qa.visits import record_view

PAGES = (
    "qa:home",
    "qa:questions",
    "qa:tag",
    "qa:tags",
    "qa:category",
    "qa:users",
    "qa:user",
    "qa:search",
    "qa:similar",
    "qa:related",
    "qa:tag_info",
    "qa:badges",
    "qa:badge",
)


def _count_view(request: HttpRequest, url_kwargs: dict[str, Any]) -> None:
    # A cached question page was a 200 of question_detail, which counts the view.
    record_view(question_id=int(url_kwargs["question_id"]), visitor=visitor_key(request))


def register() -> None:
    pagecache.cacheable(*PAGES)
    pagecache.cacheable("qa:question", on_hit=_count_view)
