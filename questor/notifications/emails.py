"""Notification emails: a plain-text and an HTML part from templates (autoescaped, so a
title or a name can never inject markup), and a signed one-click unsubscribe link in the
body and in the List-Unsubscribe / List-Unsubscribe-Post headers (RFC 8058)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from questor.accounts.models import User
from questor.notifications.models import Delivery, Kind, Notification

_SALT = "questor.notifications.unsubscribe"


def site_url(path: str = "") -> str:
    base = str(getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")
    if path.startswith(("http://", "https://")):
        return path
    return base + path


# Unsubscribe tokens ------------------------------------------------------------------


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    # A kind ("answer"…) stops that kind's email; a period ("daily", "weekly") stops the
    # digest: every kind delivered in it goes to the inbox only.
    kind: str = ""
    period: str = ""


def make_unsubscribe_token(*, user_id: int, kind: str = "", period: str = "") -> str:
    # No expiry: RFC 8058 links keep working in old mail. The signature binds the user.
    return signing.dumps({"u": user_id, "k": kind, "p": period}, salt=_SALT, compress=True)


def read_unsubscribe_token(token: str) -> Unsubscribe | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind, period = data.get("u"), data.get("k", ""), data.get("p", "")
    if not isinstance(user_id, int) or not isinstance(kind, str) or not isinstance(period, str):
        return None
    if kind and kind not in Kind.values:
        return None
    if period and period not in (Delivery.DAILY, Delivery.WEEKLY):
        return None
    if bool(kind) == bool(period):
        return None
    return Unsubscribe(user_id=user_id, kind=kind, period=period)


def unsubscribe_url(*, user_id: int, kind: str = "", period: str = "") -> str:
    token = make_unsubscribe_token(user_id=user_id, kind=kind, period=period)
    return site_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def unsubscribe_headers(link: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# Messages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]


def _one_line(text: str, limit: int = 200) -> str:
    """Subjects are one line: no newline can start a header of its own."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _entry(notification: Notification) -> dict[str, Any]:
    return {
        "summary": notification.summary,
        "kind": Kind(notification.kind).label if notification.kind in Kind.values else "",
        "link": site_url(notification.url) if notification.url else site_url("/"),
        "created_at": notification.created_at,
    }


def _base_context(user: User, unsubscribe_link: str) -> dict[str, Any]:
    return {
        "user": user,
        "site_name": settings.SITE_NAME,
        "site_link": site_url("/"),
        "settings_link": site_url(reverse("notifications:settings")),
        "unsubscribe_link": unsubscribe_link,
    }


def notification_email(notification: Notification, user: User) -> Email:
    link = unsubscribe_url(user_id=user.pk, kind=notification.kind)
    context = {
        **_base_context(user, link),
        "entry": _entry(notification),
        "kind_label": Kind(notification.kind).label,
    }
    return Email(
        to=user.email,
        subject=_one_line(f"{notification.summary} [{settings.SITE_NAME}]"),
        text=render_to_string("notifications/email/notification.txt", context),
        html=render_to_string("notifications/email/notification.html", context),
        headers=unsubscribe_headers(link),
    )


def digest_email(user: User, period: str, notifications: Sequence[Notification]) -> Email:
    link = unsubscribe_url(user_id=user.pk, period=period)
    label = "Daily" if period == Delivery.DAILY else "Weekly"
    count = len(notifications)
    context = {
        **_base_context(user, link),
        "entries": [_entry(notification) for notification in notifications],
        "period_label": label,
        "count": count,
    }
    return Email(
        to=user.email,
        subject=_one_line(
            f"{label} digest: {count} update{'' if count == 1 else 's'} [{settings.SITE_NAME}]"
        ),
        text=render_to_string("notifications/email/digest.txt", context),
        html=render_to_string("notifications/email/digest.html", context),
        headers=unsubscribe_headers(link),
    )


def can_email(user: User) -> bool:
    """Only verified addresses get notification email: an address typed at sign-up and
    never confirmed may be someone else's. Names under .invalid (RFC 2606: the demo
    community's members) are never mailed."""
    email = user.email.strip().lower()
    return bool(email) and not email.endswith(".invalid") and user.email_verified and user.is_active
