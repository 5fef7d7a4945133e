"""Which rate limit applies to which write, relaxed as reputation (and so level) rises.

The rates are the settings RATE_LIMITS and LINK_LIMITS; the counting is
questor.lib.ratelimit's. The actions call `enforce` after their permission checks and
before they write, so pages, the API and anything else that writes share the limits.
Moderators are exempt. The client's address comes from the request being served
(questor.lib.ratelimit.RateLimitMiddleware); outside a request only the member is limited.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied

from questor.accounts.models import User
from questor.lib import ratelimit
from questor.lib.ratelimit import Rate, RateLimited, Refusal
from questor.qa.permissions import is_moderator

__all__ = ["RateLimited", "TooManyLinks", "check_links", "count_links", "enforce", "rates_for"]

# What each limited action is called in messages: (the act, doing it again).
ACTIONS: dict[str, tuple[str, str]] = {
    "ask": ("ask a question", "asking another question"),
    "answer": ("post an answer", "posting another answer"),
    "comment": ("comment", "commenting again"),
    "edit": ("edit posts", "editing again"),
    "vote": ("vote", "voting again"),
    "flag": ("flag posts", "flagging again"),
    "signup": ("create an account", "creating another account"),
    "login": ("try to log in", "trying again"),
}


def _config(action: str) -> dict[str, Any]:
    limits: dict[str, dict[str, Any]] = getattr(settings, "RATE_LIMITS", {})
    return limits.get(action) or {}


def _tiers(table: dict[Any, Any]) -> list[tuple[int, Any]]:
    # Keys may be strings when the table came from the RATE_LIMITS environment variable.
    return sorted((int(minimum), value) for minimum, value in table.items())


def _tier(table: dict[Any, Any], reputation: int) -> tuple[int, Any, bool]:
    """(minimum, value, is the lowest tier) of the highest tier `reputation` reaches."""
    tiers = _tiers(table)
    reached = [tier for tier in tiers if reputation >= tier[0]] or tiers[:1]
    if not reached:
        return 0, None, True
    minimum, value = reached[-1]
    return minimum, value, minimum == tiers[0][0]


def _exempt(user: User) -> bool:
    return is_moderator(user)


def rates_for(action: str, user: User) -> list[Rate]:
    """The per-member rates for `action` at `user`'s reputation (none for moderators)."""
    if _exempt(user):
        return []
    _, spec, _ = _tier(_config(action).get("per_user") or {}, user.reputation)
    return ratelimit.parse_rates(spec)


def ip_rates(action: str) -> list[Rate]:
    return ratelimit.parse_rates(_config(action).get("per_ip"))


def _next_tier(action: str, reputation: int) -> int | None:
    for minimum, _ in _tiers(_config(action).get("per_user") or {}):
        if minimum > reputation:
            return minimum
    return None


def enforce(*, user: User | None, action: str, ip: str | None = None) -> None:
    """Count one `action` by `user` (and from `ip`, by default the current request's
    address); raise RateLimited, saying how long to wait, when a limit is reached."""
    if not ratelimit.enabled():
        return
    if user is not None and _exempt(user):
        return
    ip = ip or ratelimit.current_ip()
    limits: dict[str, list[Rate]] = {}
    if user is not None:
        limits[f"user:{user.pk}"] = rates_for(action, user)
    if ip:
        limits[f"ip:{ip}"] = ip_rates(action)
    act, again = ACTIONS.get(action, (action, "trying again"))

    def message(seconds: int, refusal: Refusal) -> str:
        wait = f"Please wait {ratelimit.humanize(seconds)} before {again}."
        how_often = ratelimit.describe(refusal.rate)
        if refusal.identity.startswith("ip:") or user is None:
            return (
                f"Too many attempts from your network address: people there can {act} "
                f"at most {how_often}. {wait}"
            )
        _, _, lowest = _tier(_config(action).get("per_user") or {}, user.reputation)
        who = "New members" if lowest else f"Members with {user.reputation} reputation"
        relax = (
            " The limit relaxes as your reputation grows."
            if _next_tier(action, user.reputation) is not None
            else ""
        )
        return f"{who} can {act} {how_often}. {wait}{relax}"

    ratelimit.hit(action, limits, message=message)


# Links per post -----------------------------------------------------------------------

_LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]\"']+")


def count_links(text: str) -> int:
    """Distinct web addresses in Markdown text (bare, autolinked or [text](url))."""
    return len({match.rstrip(".,;:!?").lower() for match in _LINK.findall(text)})


class TooManyLinks(PermissionDenied):
    """More links than the author's reputation allows in one post."""


def link_limit(user: User) -> int | None:
    if _exempt(user):
        return None
    table: dict[Any, int | None] = getattr(settings, "LINK_LIMITS", {})
    _, limit, _ = _tier(table, user.reputation)
    return None if limit is None else int(limit)


def check_links(*, user: User, text: str) -> None:
    """Raise TooManyLinks when `text` has more links than `user` may post."""
    if not ratelimit.enabled():
        return
    limit = link_limit(user)
    if limit is None:
        return
    found = count_links(text)
    if found <= limit:
        return
    table: dict[Any, int | None] = getattr(settings, "LINK_LIMITS", {})
    more = next(
        (
            f" Members with {minimum} reputation may post more."
            for minimum, value in _tiers(table)
            if minimum > user.reputation and (value is None or value > limit)
        ),
        "",
    )
    allowed = "no links" if limit == 0 else f"at most {limit} link{'' if limit == 1 else 's'}"
    raise TooManyLinks(
        f"At your reputation ({user.reputation}) a post may include {allowed}; "
        f"this one has {found}. "
        f"Remove some links and post again.{more}"
    )
