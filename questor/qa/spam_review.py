"""What a moderator's ruling on a held post does to it. The spam app's queue calls these
(through questor.spam.services.decide, which also records the decision for training)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from questor.accounts.models import User
from questor.qa import notify, reputation, signals
from questor.qa.actions import refresh_question_stats
from questor.qa.models import Category, Post, ReputationKind, Tag
from questor.qa.permissions import is_moderator


def _held(moderator: User, post: Post) -> Post:
    if not is_moderator(moderator):
        raise PermissionDenied("Only moderators review held posts.")
    post = Post.objects.select_for_update(no_key=True).get(pk=post.pk)
    if not post.held_for_review or post.is_deleted:
        raise PermissionDenied("This post is not waiting for review any more.")
    return post


@transaction.atomic
def approve_held_post(*, moderator: User, post: Post) -> Post:
    """Not spam: publish it."""
    post = _held(moderator, post)
    post.held_for_review = False
    post.save(update_fields=["held_for_review"])
    if post.question_id is not None:
        refresh_question_stats(post.question_id)  # now counted among the answers
    signals.record(actor=moderator, action="approve held post", post=post, reason=post.held_reasons)
    # Held posts told nobody when they were written; now they do.
    if post.is_question:
        notify.question_asked(post)
    else:
        notify.answer_posted(post)
    return post


@transaction.atomic
def reject_held_post(*, moderator: User, post: Post) -> Post:
    """Spam: delete it (soft, as every deletion) and take 100 reputation from its author."""
    post = _held(moderator, post)
    now = timezone.now()
    post.is_deleted, post.deleted_at, post.deleted_by = True, now, moderator
    post.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
    # The same bookkeeping as actions.delete_post (which only authors and staff may call).
    if post.is_question:
        Tag.objects.filter(posttag__post=post).update(question_count=F("question_count") - 1)
        Category.objects.filter(pk=post.category_id or 0).update(
            question_count=F("question_count") - 1
        )
    elif post.question_id is not None:
        if Post.objects.filter(pk=post.question_id, accepted_answer=post).exists():
            Post.objects.filter(pk=post.question_id).update(accepted_answer=None)
        refresh_question_stats(post.question_id)
    reputation.award(
        user_id=post.author_id, kind=ReputationKind.DELETED_AS_SPAM, post=post, actor=moderator
    )
    signals.record(actor=moderator, action="delete as spam", post=post, reason=post.held_reasons)
    return post
