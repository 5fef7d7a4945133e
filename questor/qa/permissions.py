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
        and not user.is_suspended
        and not post.is_deleted
        and not post.is_locked
        # An answer under a deleted question is as hidden as the question.
        and not (post.question is not None and post.question.is_deleted)
        and post.author_id != user.pk
    )


def can_edit(user: AnyUser, post: Post) -> bool:
    """Edit directly: your own posts, or anyone's with the edit privilege."""
    return (
        can_post(user)
        and not post.is_deleted
        and (not post.is_locked or is_moderator(user))
        and (post.author_id == user.pk or has_privilege(user, "edit_others") or is_moderator(user))
    )


def can_suggest_edit(user: AnyUser, post: Post) -> bool:
    """Below the edit privilege, an edit of someone else's post waits for review."""
    return (
        can_post(user) and not post.is_deleted and not post.is_locked and not can_edit(user, post)
    )


def can_review_suggested_edits(user: AnyUser) -> bool:
    return has_privilege(user, "edit_others")


def can_delete(user: AnyUser, post: Post) -> bool:
    """Moderators delete anything; authors their own posts, except a question that has
    answers (that takes votes, see can_vote_to_delete, or a moderator)."""
    if not user.is_authenticated or post.is_deleted:
        return False
    if is_moderator(user):
        return True
    if post.author_id != user.pk or not can_post(user) or post.is_locked:
        return False
    return not (post.is_question and post.answer_count > 0)


def delete_refusal(user: AnyUser, post: Post) -> str:
    if not user.is_authenticated:
        return "Log in to delete posts."
    if post.is_deleted:
        return "This post is deleted already."
    if post.author_id != user.pk:
        return "You cannot delete this post. Only its author or a moderator can."
    if post.is_locked:
        return "This post is locked; it cannot be deleted."
    if post.is_question and post.answer_count > 0:
        return (
            "This question has answers, so you cannot delete it yourself; "
            "flag it for a moderator instead."
        )
    return "You cannot delete this post."


def can_undelete(user: AnyUser, post: Post) -> bool:
    return post.is_deleted and is_moderator(user)


def can_vote_to_delete(user: AnyUser, post: Post) -> bool:
    """Members with the close privilege vote to delete closed questions."""
    return (
        can_post(user)
        and post.is_question
        and post.is_closed
        and not post.is_deleted
        and has_privilege(user, "close_reopen")
    )


def can_vote_to_close(user: AnyUser, post: Post) -> bool:
    return (
        can_post(user)
        and post.is_question
        and not post.is_closed
        and not post.is_deleted
        and not post.is_locked
        and (has_privilege(user, "close_reopen") or is_moderator(user))
    )


def can_vote_to_reopen(user: AnyUser, post: Post) -> bool:
    return (
        can_post(user)
        and post.is_question
        and post.is_closed
        and not post.is_deleted
        and not post.is_locked
        and (has_privilege(user, "close_reopen") or is_moderator(user))
    )


def can_moderate(user: AnyUser) -> bool:
    """Lock, protect, suspend, decide flags, read the moderation log: moderators only."""
    return is_moderator(user) and bool(user.is_active)


def can_flag(user: AnyUser, post: Post) -> bool:
    return (
        can_post(user)
        and post.author_id != user.pk
        and not post.is_deleted
        and has_privilege(user, "flag")
    )


def can_review(user: AnyUser) -> bool:
    return can_post(user) and (has_privilege(user, "review") or is_moderator(user))


def can_answer(user: AnyUser, question: Post) -> bool:
    """Closed, locked and deleted questions take no answers; a protected one only from
    members who have earned some reputation here."""
    if not can_post(user) or not question.is_question or question.is_deleted:
        return False
    if question.is_closed or question.is_locked:
        return False
    reputation = getattr(user, "reputation", 0)
    return not question.is_protected or reputation >= protected_answer_reputation()


def answer_refusal(user: AnyUser, question: Post) -> str:
    if not user.is_authenticated:
        return "Log in to answer."
    if user.is_suspended:
        return "Your account is suspended; you cannot post answers."
    if question.is_deleted or not question.is_question:
        return "This question takes no answers."
    if question.is_closed:
        return "This question is closed; it takes no new answers."
    if question.is_locked:
        return "This question is locked; it takes no new answers."
    if question.is_protected and user.reputation < protected_answer_reputation():
        return (
            f"This question is protected: you need {protected_answer_reputation()} "
            f"reputation to answer it; you have {user.reputation}."
        )
    return "You cannot post answers."


def protected_answer_reputation() -> int:
    return int(getattr(settings, "PROTECTED_ANSWER_REPUTATION", 10))


def can_accept(user: AnyUser, question: Post) -> bool:
    return (
        user.is_authenticated
        and question.is_question
        and not question.is_deleted
        and question.author_id == user.pk
    )


def can_comment(user: AnyUser, post: Post) -> bool:
    """Your own posts and the answers to your questions always; elsewhere with the privilege."""
    if not can_post(user) or post.is_deleted or post.is_locked:
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
    if post.is_locked:
        return "This post is locked; it takes no comments."
    if user.is_suspended:
        return "Your account is suspended; you cannot comment."
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
        and (comment.author_id == user.pk or is_moderator(user))
    )
