"""The spam check on the way in: every new or edited post is fingerprinted, and posts
written by members below SPAM_CHECK_REPUTATION are judged by the detector. A post judged
spam is held for review: its author sees it marked "pending review", moderators see it in
the queue at /moderation/held/, nobody else sees it (PostQuerySet.public()).

The detector lives in the spam app, above qa: it is imported here lazily, at call time.
"""

from __future__ import annotations

from django.conf import settings

from questor.accounts.models import User
from questor.qa.models import Post
from questor.qa.permissions import is_moderator


def needs_screening(writer: User | None) -> bool:
    if writer is None:
        return True
    return writer.reputation < settings.SPAM_CHECK_REPUTATION and not is_moderator(writer)


def screen_post(post: Post, *, writer: User | None, new: bool = False) -> bool:
    """Fingerprint `post` and hold it when the check judges it spam; returns whether held.

    Call inside the action's transaction, after the post is saved (`new`: created in it,
    so it has no fingerprint to replace yet). A post already held stays held until a
    moderator decides, whatever its edits.
    """
    if not getattr(settings, "SPAM_CHECK_ENABLED", True):
        return post.held_for_review
    from questor.spam.services import check_post

    verdict = check_post(post, writer=writer, judge=needs_screening(writer), new=new)
    if verdict is None or not verdict.is_spam or post.held_for_review:
        return post.held_for_review
    post.held_for_review = True
    post.held_reasons = verdict.reasons
    Post.objects.filter(pk=post.pk).update(held_for_review=True, held_reasons=verdict.reasons)
    return True


def held_posts_by(author: User) -> list[Post]:
    """The author's posts waiting for a moderator, newest first (their profile lists them)."""
    return list(
        Post.objects.filter(author=author, held_for_review=True, is_deleted=False)
        .select_related("question")
        .order_by("-created_at")[:20]
    )
