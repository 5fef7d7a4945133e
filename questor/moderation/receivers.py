"""What the moderation app does when qa announces something."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from questor.lib import rawsql
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
    # Every new post is checked here: the statements are written out (questor/lib/rawsql.py).
    if not _has_other_posts(instance):
        _open_task(ReviewQueue.FIRST_POSTS, instance)
        return
    if instance.post_type == PostType.ANSWER and instance.question_id:
        asked = _asked_at(instance, instance.question_id)
        if asked is not None and instance.created_at - asked > LATE_ANSWER_AGE:
            _open_task(ReviewQueue.LATE_ANSWERS, instance)


def _has_other_posts(post: Post) -> bool:
    sql = f"SELECT 1 FROM {rawsql.table(Post)} WHERE author_id = %s AND id <> %s LIMIT 1"  # noqa: S608 - identifiers only, values are parameters
    return bool(rawsql.execute(sql, [post.author_id, post.pk]))


def _asked_at(answer: Post, question_id: int) -> datetime | None:
    """When the answer's question was asked: from the question the answer was made with
    (post_answer read it), else from the database."""
    if Post.question.is_cached(answer) and answer.question is not None:
        return answer.question.created_at
    return Post.objects.filter(pk=question_id).values_list("created_at", flat=True).first()


def _open_task(queue: str, post: Post) -> None:
    """The post's open task in `queue`: the post was just created, so it has none yet."""
    rawsql.save_new(ReviewTask(queue=queue, post=post))
