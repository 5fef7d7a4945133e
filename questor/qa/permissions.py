"""Who may do what: pure functions of a user and a post. Views, the API and actions
ask these; a later issue moves the thresholds into the privileges table."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from questor.accounts.models import User
from questor.qa.models import Comment, Post
from questor.qa.privileges import has_privilege, privilege_refusal

AnyUser = User | AnonymousUser

COMMENT_EDIT_WINDOW = timedelta(minutes=5)


def is_moderator(user: AnyUser) -> bool:
    """Staff, and members of the "Moderators" group."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff) or bool(getattr(user, "in_moderators_group", False))


def can_post(user: AnyUser) -> bool:
    """Write at all: signed in, active, not suspended, verified where that is required."""
    if not user.is_authenticated or not user.is_active or user.is_suspended:
        return False
    return not (settings.REQUIRE_VERIFIED_EMAIL and not getattr(user, "email_verified", False))


def can_see_post(user: AnyUser, post: Post) -> bool:
    """Deleted, hidden and held posts: only their authors and moderators see them."""
    if post.is_public:
        return True
    return user.is_authenticated and (post.author_id == user.pk or is_moderator(user))


def can_vote(user: AnyUser, post: Post) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and not post.is_deleted
        # An answer under a deleted question is as hidden as the question.
        and not (post.question is not None and post.question.is_deleted)
        and post.author_id != user.pk
    )


def can_edit(user: AnyUser, post: Post) -> bool:
    """Edit directly: your own posts, or anyone's with the edit privilege."""
    return (
        can_post(user)
        and not post.is_deleted
        and (post.author_id == user.pk or has_privilege(user, "edit_others"))
    )


def can_suggest_edit(user: AnyUser, post: Post) -> bool:
    """Below the edit privilege, an edit of someone else's post waits for review."""
    return can_post(user) and not post.is_deleted and not can_edit(user, post)


def can_review_suggested_edits(user: AnyUser) -> bool:
    return has_privilege(user, "edit_others")


def can_delete(user: AnyUser, post: Post) -> bool:
    return (
        user.is_authenticated
        and not post.is_deleted
        and (post.author_id == user.pk or bool(user.is_staff))
    )


def can_accept(user: AnyUser, question: Post) -> bool:
    return (
        user.is_authenticated
        and question.is_question
        and not question.is_deleted
        and question.author_id == user.pk
    )


def can_comment(user: AnyUser, post: Post) -> bool:
    """Your own posts and the answers to your questions always; elsewhere with the privilege."""
    if not can_post(user) or post.is_deleted:
        return False
    own = post.author_id == user.pk or (
        post.question is not None and post.question.author_id == user.pk
    )
    return own or has_privilege(user, "comment")


def comment_refusal(user: AnyUser, post: Post) -> str:
    """Why `user` may not comment on `post`, in plain words."""
    if not user.is_authenticated:
        return "Log in to comment."
    if post.is_deleted:
        return "This post is deleted; it takes no comments."
    if not can_post(user):
        return "Confirm your email address before commenting."
    return privilege_refusal(user, "comment")


def can_edit_comment(user: AnyUser, comment: Comment) -> bool:
    if not user.is_authenticated or comment.is_deleted:
        return False
    if user.is_staff:
        return True
    return (
        comment.author_id == user.pk and timezone.now() - comment.created_at <= COMMENT_EDIT_WINDOW
    )


def can_delete_comment(user: AnyUser, comment: Comment) -> bool:
    return (
        user.is_authenticated
        and not comment.is_deleted
        and (comment.author_id == user.pk or bool(user.is_staff))
    )
