"""List pages mark questions in watched tags (highlighted) and ignored tags (faded).

`{% tag_preferences_for_viewer as prefs %}` reads the viewer's watched and ignored tags
once per request (one query, signed-in members only; none for visitors); the rows
(questor/qa/rows.py) ask it for each question's state and each tag chip's class.
"""

from __future__ import annotations

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
