"""Announcements from qa to the apps above it (moderation keeps its audit log from
`moderation_action`), which qa must not import."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# Sent inside the action's transaction after a moderation change of a post or a member:
# actor (User), action (str), reason (str), post (Post | None), target_user (User | None),
# before and after (str: the text that changed, or "").
moderation_action = Signal()


def record(
    *,
    actor: Any,
    action: str,
    reason: str = "",
    post: Any = None,
    target_user: Any = None,
    before: str = "",
    after: str = "",
) -> None:
    moderation_action.send(
        sender=None,
        actor=actor,
        action=action,
        reason=reason,
        post=post,
        target_user=target_user,
        before=before,
        after=after,
    )
