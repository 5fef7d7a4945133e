"""What the moderation app does when qa announces something."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from questor.moderation.models import ModerationLogEntry, ReviewQueue, ReviewTask
from questor.qa.models import Post, PostType

# An answer to a question older than this goes to the late-answers queue.
LATE_ANSWER_AGE = timedelta(days=30)


def log_action(
    *,
    actor: Any,
    action: str,
    reason: str = "",
    post: Any = None,
    target_user: Any = None,
    before: str = "",
    after: str = "",
    **kwargs: Any,
) -> None:
    ModerationLogEntry.objects.create(
        actor=actor,
        action=action,
        reason=reason,
        post=post,
        target_user=target_user,
        before=before,
        after=after,
    )


def queue_new_post(*, instance: Post, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """First posts of new members and late answers wait for a reviewer."""
    if not created or raw or instance.author_id is None:
        return
    if getattr(instance.author, "is_imported", False):  # importers, not people
        return
    if not Post.objects.filter(author_id=instance.author_id).exclude(pk=instance.pk).exists():
        ReviewTask.objects.get_or_create(
            queue=ReviewQueue.FIRST_POSTS, post=instance, completed_at=None
        )
        return
    if instance.post_type == PostType.ANSWER and instance.question_id:
        asked = (
            Post.objects.filter(pk=instance.question_id)
            .values_list("created_at", flat=True)
            .first()
        )
        if asked is not None and instance.created_at - asked > LATE_ANSWER_AGE:
            ReviewTask.objects.get_or_create(
                queue=ReviewQueue.LATE_ANSWERS, post=instance, completed_at=None
            )
