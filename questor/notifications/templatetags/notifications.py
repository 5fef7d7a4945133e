"""List pages mark questions in watched tags (highlighted) and ignored tags (faded).

`{% tag_preferences as prefs %}` reads the viewer's watched and ignored tags once per
request (one query, signed-in members only; none for visitors), and
`{{ q|tag_state:prefs }}` says "watched", "ignored" or "" for a row without a query.
"""

from __future__ import annotations

from typing import Any

from django import template

from questor.notifications.selectors import TagPreferences, tag_preferences

register = template.Library()

_REQUEST_ATTRIBUTE = "_questor_tag_preferences"


@register.simple_tag(takes_context=True)
def tag_preferences_for_viewer(context: template.Context) -> TagPreferences:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return TagPreferences()
    cached = getattr(request, _REQUEST_ATTRIBUTE, None)
    if cached is None:
        cached = tag_preferences(user.pk)
        setattr(request, _REQUEST_ATTRIBUTE, cached)
    return cached


@register.filter
def tag_state(question: Any, preferences: TagPreferences | None) -> str:
    if not preferences:
        return ""
    return preferences.state(list(getattr(question, "tag_list", [])))


@register.filter
def tag_class(name: str, preferences: TagPreferences | None) -> str:
    """ " watched" or " ignored" for one tag chip."""
    if not preferences:
        return ""
    if name in preferences.ignored:
        return " ignored"
    if name in preferences.watched:
        return " watched"
    return ""
