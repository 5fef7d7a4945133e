from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from questor.qa import rows

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """mapping[key], or None: for per-post lookups such as the viewer's votes."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def question_rows(questions: Any, preferences: Any = None) -> SafeString:
    """A question list's rows (questor/qa/rows.py says why they are not a template)."""
    return rows.question_rows(questions, preferences)


@register.simple_tag
def search_hits(posts: Any) -> SafeString:
    """A results page's hits (questor/qa/rows.py says why they are not a template)."""
    return rows.search_hits(posts)
