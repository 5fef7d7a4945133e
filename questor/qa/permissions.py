"""Who may do what: pure functions of a user and a post. Views, the API and actions
ask these; a later issue moves the thresholds into the privileges table."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from questor.accounts.models import User
from questor.qa.models import Comment, Post

AnyUser = User | AnonymousUser

COMMENT_EDIT_WINDOW = timedelta(minutes=5)


def is_moderator(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_staff) or user.groups.filter(name="Moderators").exists()


def can_post(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return not (settings.REQUIRE_VERIFIED_EMAIL and not getattr(user, "email_verified", False))


def can_see_post(user: AnyUser, post: Post) -> bool:
    if not post.is_deleted:
        return True
    return user.is_authenticated and (post.author_id == user.pk or bool(user.is_staff))


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
    return (
        can_post(user)
        and not post.is_deleted
        and (post.author_id == user.pk or bool(user.is_staff))
    )


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
    return can_post(user) and not post.is_deleted


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
