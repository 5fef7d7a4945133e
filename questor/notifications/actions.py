"""Writes: follow and unfollow, watch and ignore tags, read, email settings, unsubscribe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from questor.accounts.models import User
from questor.notifications.emails import Unsubscribe
from questor.notifications.models import (
    Delivery,
    Follow,
    IgnoredTag,
    Kind,
    Notification,
    NotificationSetting,
    default_delivery,
)
from questor.qa.models import Category, Post, Tag

TARGET_TYPES = ("question", "tag", "category", "user")


@dataclass(frozen=True)
class Target:
    """What can be followed: exactly one of these."""

    kind: str
    question: Post | None = None
    tag: Tag | None = None
    category: Category | None = None
    user: User | None = None

    def filter(self) -> dict[str, Any]:
        field = {"question": "question", "tag": "tag", "category": "category"}.get(
            self.kind, "followed_user"
        )
        value = {"question": self.question, "tag": self.tag, "category": self.category}.get(
            self.kind, self.user
        )
        return {field: value}


def follow(*, user: User, target: Target) -> bool:
    """Follow (idempotent). Returns True: following afterwards."""
    if target.kind == "user" and target.user is not None and target.user.pk == user.pk:
        return False
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, **target.filter())
    except IntegrityError:  # a double click raced the first: it is followed either way
        pass
    if target.kind == "tag" and target.tag is not None:  # watching and ignoring exclude
        IgnoredTag.objects.filter(user=user, tag=target.tag).delete()
    return True


def unfollow(*, user: User, target: Target) -> bool:
    Follow.objects.filter(user=user, **target.filter()).delete()
    return False


def ignore_tag(*, user: User, tag: Tag, ignored: bool) -> None:
    if ignored:
        with transaction.atomic():
            IgnoredTag.objects.get_or_create(user=user, tag=tag)
            Follow.objects.filter(user=user, tag=tag).delete()
    else:
        IgnoredTag.objects.filter(user=user, tag=tag).delete()


def mark_read(*, user: User, notification_id: int) -> bool:
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def save_settings(*, user: User, choices: dict[str, str]) -> None:
    """Store each kind's delivery; notifications waiting for a digest follow the change
    (moved to the new digest, emailed no more, or left for the digest they were in)."""
    for kind, delivery in choices.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            continue
        NotificationSetting.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
        _reroute_waiting(user_id=user.pk, kinds=[kind], delivery=delivery)


def _reroute_waiting(*, user_id: int, kinds: list[str], delivery: str) -> None:
    if delivery not in (Delivery.DAILY, Delivery.WEEKLY, Delivery.NEVER):
        return  # waiting ones are not emailed one by one after the fact
    Notification.objects.filter(
        recipient_id=user_id,
        kind__in=kinds,
        delivery__in=[Delivery.DAILY, Delivery.WEEKLY],
        digest__isnull=True,
    ).update(delivery=delivery)


def delivery_settings(user: User) -> dict[str, str]:
    chosen = dict(NotificationSetting.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, default_delivery(kind)) for kind in Kind.values}


@transaction.atomic
def unsubscribe(request: Unsubscribe) -> list[str]:
    """Stop the email a signed link names; returns the kinds that changed."""
    user = User.objects.filter(pk=request.user_id).first()
    if user is None:
        return []
    if request.kind:
        kinds = [request.kind]
    else:
        current = delivery_settings(user)
        kinds = [kind for kind, delivery in current.items() if delivery == request.period]
    for kind in kinds:
        NotificationSetting.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": Delivery.NEVER}
        )
    if kinds:
        _reroute_waiting(user_id=user.pk, kinds=kinds, delivery=Delivery.NEVER)
    if request.period:  # whatever kind they are, nothing more waits for this digest
        Notification.objects.filter(
            recipient_id=user.pk, delivery=request.period, digest__isnull=True
        ).update(delivery=Delivery.NEVER)
    return kinds
