"""Announcements from accounts to the apps above it, which accounts must not import."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# Sent with `user` after a member saves their profile (qa checks the Autobiographer badge).
profile_updated = Signal()


MODERATORS_GROUP = "Moderators"


def sync_moderator_flag(
    *, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Keep User.in_moderators_group equal to membership of the Moderators group, however
    it changes (admin, `questor moderator add`, a script)."""
    from django.contrib.auth.models import Group

    from questor.accounts.models import User

    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # group.user_set changed
        if instance.name == MODERATORS_GROUP:
            users = User.objects.all() if pk_set is None else User.objects.filter(pk__in=pk_set)
            users.update(in_moderators_group=action == "post_add")
        return
    member = Group.objects.filter(name=MODERATORS_GROUP, user=instance).exists()
    User.objects.filter(pk=instance.pk).update(in_moderators_group=member)
    instance.in_moderators_group = member
