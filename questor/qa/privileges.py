"""Privileges: what reputation earns. Thresholds live in the Privilege table (editable in
the admin); `questor privileges --preset small|large` rewrites them from a preset."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from questor.accounts.models import User
from questor.qa.models import Privilege


@dataclass(frozen=True)
class PrivilegeSpec:
    name: str
    # Finishes the sentence "You need N reputation to …".
    to_do: str
    description: str


PRIVILEGES: dict[str, PrivilegeSpec] = {
    "vote_up": PrivilegeSpec(
        "Vote up", "vote up", "Vote up questions and answers you find useful."
    ),
    "comment": PrivilegeSpec(
        "Comment everywhere",
        "comment on others' posts",
        "Comment on any post (you can always comment on your own posts and on answers "
        "to your questions).",
    ),
    "flag": PrivilegeSpec("Flag posts", "flag posts", "Bring posts to the moderators' attention."),
    "vote_down": PrivilegeSpec("Vote down", "vote down", "Vote down posts that are not useful."),
    "create_tags": PrivilegeSpec(
        "Create tags", "create new tags", "Add tags the site does not have yet."
    ),
    "edit_others": PrivilegeSpec(
        "Edit others' posts",
        "edit others' posts directly",
        "Edit any question or answer without review, and review suggested edits.",
    ),
    "close_reopen": PrivilegeSpec(
        "Close and reopen",
        "vote to close or reopen questions",
        "Vote to close or reopen questions.",
    ),
    "review": PrivilegeSpec(
        "Review queues", "use the review queues", "Review first posts, late answers and more."
    ),
    "moderator_tools": PrivilegeSpec(
        "Moderator tools",
        "use the moderator tools",
        "See deleted posts, flags and the moderation log.",
    ),
}

PRESETS: dict[str, dict[str, int]] = {
    # For a new community: newcomers can take part at once.
    "small": {
        "vote_up": 1, "comment": 1, "flag": 1, "vote_down": 50, "create_tags": 50,
        "edit_others": 500, "close_reopen": 500, "review": 500, "moderator_tools": 2000,
    },
    # Stack Exchange's own thresholds, for a large public site.
    "large": {
        "vote_up": 15, "comment": 50, "flag": 15, "vote_down": 125, "create_tags": 1500,
        "edit_others": 2000, "close_reopen": 3000, "review": 500, "moderator_tools": 10000,
    },
}  # fmt: skip
DEFAULT_PRESET = "small"

# Thresholds are read on every permission check, so each process keeps them for a few
# seconds instead of asking the database each time. An admin change reaches every
# process within this many seconds (at once in the process that made it).
_CACHE_SECONDS = 30.0
_cache: tuple[float, dict[str, int]] | None = None


def thresholds() -> dict[str, int]:
    global _cache
    now = time.monotonic()
    if _cache is None or now - _cache[0] > _CACHE_SECONDS:
        stored = dict(Privilege.objects.values_list("key", "threshold"))
        _cache = (now, {**PRESETS[DEFAULT_PRESET], **stored})
    return _cache[1]


def forget_thresholds() -> None:
    global _cache
    _cache = None


def threshold(key: str) -> int:
    return thresholds()[key]


def has_privilege(user: object, key: str) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return bool(user.is_staff) or user.reputation >= threshold(key)


def privilege_refusal(user: object, key: str) -> str:
    """A sentence that says what is needed and what the user has."""
    if not isinstance(user, User):
        return f"Log in to {PRIVILEGES[key].to_do}."
    return (
        f"You need {threshold(key):,} reputation to {PRIVILEGES[key].to_do}; "
        f"you have {user.reputation:,}."
    )


def require_privilege(user: object, key: str) -> None:
    if not has_privilege(user, key):
        raise PermissionDenied(privilege_refusal(user, key))


@transaction.atomic
def apply_preset(name: str) -> dict[str, int]:
    """Write a preset's thresholds (and any privilege rows that are missing)."""
    if name not in PRESETS:
        raise ValueError(f"No preset {name!r}; choose one of: {', '.join(PRESETS)}.")
    for key, value in PRESETS[name].items():
        spec = PRIVILEGES[key]
        Privilege.objects.update_or_create(
            key=key,
            defaults={"name": spec.name, "threshold": value, "description": spec.description},
        )
    forget_thresholds()
    return PRESETS[name]
