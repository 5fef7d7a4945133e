"""The caller's own things: the inbox, what they follow, their flags."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.schema import Schema
from pydantic import Field

from questor.accounts.models import User
from questor.api import present
from questor.api.auth import member
from questor.api.errors import ApiError
from questor.api.pagination import PageParams, paginate
from questor.api.routers.common import answers
from questor.api.schemas import (
    MAX_ID,
    FlagOut,
    FollowingOut,
    FollowOut,
    FollowType,
    MarkedReadOut,
    NotificationOut,
    Paged,
)
from questor.lib.text import id_from
from questor.moderation.models import Flag
from questor.notifications import actions as notifications
from questor.notifications import selectors as inbox
from questor.notifications.models import Follow, Notification
from questor.qa.models import Category, Post, PostType, Tag

router = Router()


# Inbox --------------------------------------------------------------------------------


class InboxFilters(Schema):
    unread: bool = Field(default=False, description="Only entries not read yet.")


@router.get("/me/inbox", response=answers({200: Paged[NotificationOut]}), tags=["inbox"])
def list_inbox(
    request: HttpRequest, filters: Query[InboxFilters], page: Query[PageParams]
) -> dict[str, Any]:
    user = member(request, write=False)
    rows = inbox.inbox(user)
    if filters.unread:
        rows = rows.filter(read_at__isnull=True)
    return paginate(request, rows, page, lambda item: present.notification(request, item))


@router.post(
    "/me/inbox/{notification_id}/read", response=answers({200: NotificationOut}), tags=["inbox"]
)
def mark_read(
    request: HttpRequest,
    notification_id: int = Path(..., ge=1, le=MAX_ID),  # type: ignore[type-arg]  # noqa: B008
) -> NotificationOut:
    user = member(request)
    if not Notification.objects.filter(pk=notification_id, recipient=user).exists():
        raise ApiError(404, "No such notification in your inbox.")
    notifications.mark_read(user=user, notification_id=notification_id)
    entry = inbox.inbox(user).get(pk=notification_id)
    return present.notification(request, entry)


@router.post("/me/inbox/read-all", response=answers({200: MarkedReadOut}), tags=["inbox"])
def mark_all_read(request: HttpRequest) -> MarkedReadOut:
    user = member(request)
    marked = notifications.mark_all_read(user=user)
    return MarkedReadOut(marked=marked, unread_count=inbox.unread_count(user))


# Follows ------------------------------------------------------------------------------


def _target(kind: str, key: str) -> notifications.Target:
    """What `kind` and `key` name (a question's or member's id, a tag's name, a category's
    slug); 404 when there is no such thing to follow, as on the pages."""
    number = id_from(key) or 0
    if kind == "question":
        question = Post.objects.filter(pk=number, post_type=PostType.QUESTION).first()
        if question is None or not question.is_public:
            raise ApiError(404, "No such question.")
        return notifications.Target("question", question=question)
    if kind == "tag":
        tag = Tag.objects.filter(name=key.lower()).first()
        if tag is None:
            raise ApiError(404, "No such tag.")
        return notifications.Target("tag", tag=tag)
    if kind == "category":
        category = Category.objects.filter(slug=key).first()
        if category is None:
            raise ApiError(404, "No such category.")
        return notifications.Target("category", category=category)
    person = User.objects.filter(pk=number, is_active=True).first()
    if person is None:
        raise ApiError(404, "No such member.")
    return notifications.Target("user", user=person)


def _follow_out(request: HttpRequest, follow: Follow) -> FollowOut:
    if follow.question is not None:
        kind, key, name = "question", str(follow.question.pk), follow.question.title
        url = follow.question.get_absolute_url()
    elif follow.tag is not None:
        kind, key, name, url = (
            "tag",
            follow.tag.name,
            follow.tag.name,
            follow.tag.get_absolute_url(),
        )
    elif follow.category is not None:
        kind, key, name = "category", follow.category.slug, follow.category.name
        url = follow.category.get_absolute_url()
    else:
        assert follow.followed_user is not None
        person = follow.followed_user
        kind, key, name, url = "user", str(person.pk), person.name, person.get_absolute_url()
    return FollowOut(
        type=kind,  # type: ignore[arg-type]
        key=key,
        name=name,
        url=present.absolute(request, url),
        created_at=follow.created_at,
    )


@router.get("/me/follows", response=answers({200: Paged[FollowOut]}), tags=["follows"])
def list_follows(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    user = member(request, write=False)
    rows = (
        Follow.objects.filter(user=user)
        .select_related("question", "tag", "category", "followed_user")
        .order_by("-created_at", "-id")
    )
    return paginate(request, rows, page, lambda item: _follow_out(request, item))


FollowKey = Path(..., min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_+#.]+$")  # type: ignore[type-arg]


@router.put(
    "/me/follows/{kind}/{key}",
    response=answers({200: FollowingOut}),
    tags=["follows"],
    description="Follow a question (its id), a tag (its name), a category (its slug) or a "
    "member (their id). Following a tag is watching it.",
)
def follow(request: HttpRequest, kind: FollowType, key: str = FollowKey) -> FollowingOut:
    user = member(request)
    following = notifications.follow(user=user, target=_target(kind, key))
    return FollowingOut(type=kind, key=key, following=following)


@router.delete("/me/follows/{kind}/{key}", response=answers({200: FollowingOut}), tags=["follows"])
def unfollow(request: HttpRequest, kind: FollowType, key: str = FollowKey) -> FollowingOut:
    user = member(request)
    following = notifications.unfollow(user=user, target=_target(kind, key))
    return FollowingOut(type=kind, key=key, following=following)


# Flags --------------------------------------------------------------------------------


@router.get("/me/flags", response=answers({200: Paged[FlagOut]}), tags=["flags"])
def list_my_flags(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    user = member(request, write=False)
    rows = Flag.objects.filter(flagger=user).order_by("-created_at", "-id")
    return paginate(request, rows, page, present.flag)
