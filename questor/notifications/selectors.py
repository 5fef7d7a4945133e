"""Reads: the inbox, the unread count, what a member follows, watched and ignored tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from questor.accounts.models import User
from questor.notifications.models import Follow, IgnoredTag, Notification
from questor.qa.models import Tag

MENTION_SUGGESTIONS = 8


def inbox(user: User) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def is_following(user: User, **target: Any) -> bool:
    return Follow.objects.filter(user=user, **target).exists()


def is_ignoring(user: User, tag_id: int) -> bool:
    return IgnoredTag.objects.filter(user=user, tag_id=tag_id).exists()


@dataclass
class TagPreferences:
    watched: set[str] = field(default_factory=set)
    ignored: set[str] = field(default_factory=set)

    def state(self, tag_names: list[str]) -> str:
        """ "ignored", "watched" or "" for a question with these tags (ignored wins)."""
        if self.ignored and any(name in self.ignored for name in tag_names):
            return "ignored"
        if self.watched and any(name in self.watched for name in tag_names):
            return "watched"
        return ""

    def chip_class(self, name: str) -> str:
        """ " ignored", " watched" or "" for one tag chip."""
        if name in self.ignored:
            return " ignored"
        if name in self.watched:
            return " watched"
        return ""


def tag_preferences(user_id: int) -> TagPreferences:
    """One query: the names of the tags a member watches (follows) and ignores."""
    followed = Follow.objects.filter(user_id=user_id, tag__isnull=False).values("tag_id")
    ignored = IgnoredTag.objects.filter(user_id=user_id)
    rows = (
        Tag.objects.filter(Q(pk__in=followed) | Q(pk__in=ignored.values("tag_id")))
        .annotate(is_ignored=Exists(ignored.filter(tag_id=OuterRef("pk"))))
        .values_list("name", "is_ignored")
    )
    preferences = TagPreferences()
    for name, is_ignored in rows:
        (preferences.ignored if is_ignored else preferences.watched).add(name)
    return preferences


def mention_suggestions(prefix: str) -> list[str]:
    prefix = prefix.strip().lstrip("@").lower()[:30]
    if not prefix:
        return []
    return list(
        User.objects.annotate(name_lower=Lower("username"))
        .filter(name_lower__startswith=prefix, is_active=True)
        .order_by("name_lower")
        .values_list("username", flat=True)[:MENTION_SUGGESTIONS]
    )
