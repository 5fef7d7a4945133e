"""Moderation changes of posts and members: close, reopen, delete by vote, undelete, lock,
protect, hide by flags, suspend. Each checks permission first (PermissionDenied with a
plain-words reason), writes in one transaction and announces itself on
`qa.signals.moderation_action` (the moderation app keeps the audit log from it).

Expiry (of locks, protection, suspensions) needs no job: the models compare timestamps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from questor.accounts.models import User
from questor.qa import actions, permissions, signals
from questor.qa.models import Category, CloseReason, Post, PostType, Tag
from questor.qa.privileges import privilege_refusal


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def votes_needed() -> int:
    """Votes of privileged members that close, reopen or delete a question."""
    return int(getattr(settings, "MODERATION_VOTES_NEEDED", 3))


def off_topic_reasons() -> list[str]:
    """The site's own sub-reasons of "off-topic"."""
    return list(
        getattr(
            settings,
            "OFF_TOPIC_REASONS",
            [
                "Not about leadership or management",
                "Asks for legal, medical or financial advice",
                "Seeks recommendations for products, books or services",
            ],
        )
    )


def _lock(post: Post) -> Post:
    return Post.objects.select_for_update(no_key=True).get(pk=post.pk)


def _check_voters(user: User, voters: Sequence[User], allowed: bool, refusal: str) -> None:
    """A moderator acts at once; anyone else needs the privilege and enough votes."""
    if permissions.can_moderate(user):
        return
    _require(allowed, refusal)
    _require(
        len({voter.pk for voter in voters} | {user.pk}) >= votes_needed(),
        f"It takes {votes_needed()} votes to do this.",
    )


def resolve_duplicate_target(question: Post, target: Post | None) -> Post:
    """The original of a duplicate: a visible question other than this one (a duplicate's
    own original, if the target is itself a duplicate)."""
    if target is None:
        raise ValidationError("Name the question this one duplicates.")
    if target.duplicate_of_id and target.duplicate_of is not None:
        target = target.duplicate_of
    if target.post_type != PostType.QUESTION or not target.is_public:
        raise ValidationError("That is not a question on this site.")
    if target.pk == question.pk:
        raise ValidationError("A question cannot be a duplicate of itself.")
    return target


@transaction.atomic
def close_question(
    *,
    user: User,
    question: Post,
    reason: str,
    note: str = "",
    duplicate_of: Post | None = None,
    voters: Sequence[User] = (),
) -> Post:
    """Close at once (a moderator) or as the last of the votes (`voters`, the others)."""
    question = _lock(question)
    _require(question.is_question, "Only questions can be closed.")
    _require(not question.is_closed, "This question is closed already.")
    _check_voters(
        user,
        voters,
        permissions.can_vote_to_close(user, question),
        privilege_refusal(user, "close_reopen")
        if permissions.can_post(user)
        else "You cannot close questions.",
    )
    if reason not in CloseReason.values:
        raise ValidationError("Choose a reason.")
    original = None
    if reason == CloseReason.DUPLICATE:
        original = resolve_duplicate_target(question, duplicate_of)
    question.closed_at, question.closed_by = timezone.now(), user
    question.close_reason, question.close_note = reason, note[:300]
    question.duplicate_of = original
    question.save(
        update_fields=["closed_at", "closed_by", "close_reason", "close_note", "duplicate_of"]
    )
    signals.record(
        actor=user,
        action="close",
        post=question,
        reason=_reason_text(reason, note, original),
    )
    return question


def _reason_text(reason: str, note: str, original: Post | None) -> str:
    text = CloseReason(reason).label
    if original is not None:
        text += f" of #{original.pk} “{original.title}”"
    if note:
        text += f": {note}"
    return text


@transaction.atomic
def reopen_question(*, user: User, question: Post, voters: Sequence[User] = ()) -> Post:
    question = _lock(question)
    _require(question.is_closed, "This question is open.")
    _check_voters(
        user,
        voters,
        permissions.can_vote_to_reopen(user, question),
        privilege_refusal(user, "close_reopen")
        if permissions.can_post(user)
        else "You cannot reopen questions.",
    )
    before = question.get_close_reason_display()
    question.closed_at = question.closed_by = question.duplicate_of = None
    question.close_reason = question.close_note = ""
    question.save(
        update_fields=["closed_at", "closed_by", "close_reason", "close_note", "duplicate_of"]
    )
    signals.record(actor=user, action="reopen", post=question, reason=f"was closed as {before}")
    return question


@transaction.atomic
def delete_by_votes(*, user: User, question: Post, voters: Sequence[User]) -> Post:
    """The last of the delete votes on a closed question."""
    question = _lock(question)
    _check_voters(
        user,
        voters,
        permissions.can_vote_to_delete(user, question),
        "Only closed questions can be voted for deletion, by members who can close them.",
    )
    _require(not question.is_deleted, "This post is deleted already.")
    actions._soft_delete(question, user=user)
    signals.record(actor=user, action="delete", post=question, reason="by votes")
    return question


@transaction.atomic
def undelete_post(*, user: User, post: Post, reason: str = "") -> Post:
    post = _lock(post)
    _require(permissions.can_undelete(user, post), "Only moderators can undelete posts.")
    post.is_deleted, post.deleted_at, post.deleted_by = False, None, None
    post.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
    if post.is_question:
        Tag.objects.filter(posttag__post=post).update(question_count=F("question_count") + 1)
        Category.objects.filter(pk=post.category_id or 0).update(
            question_count=F("question_count") + 1
        )
    else:
        assert post.question_id is not None
        actions.refresh_question_stats(post.question_id)
    signals.record(actor=user, action="undelete", post=post, reason=reason)
    return post


@transaction.atomic
def lock_post(*, user: User, post: Post, reason: str, until: datetime | None = None) -> Post:
    """No edits, votes, comments (nor answers) until `until` (for ever if None)."""
    post = _lock(post)
    _require(permissions.can_moderate(user), "Only moderators can lock posts.")
    _require(bool(reason.strip()), "Give a reason.")
    post.locked_at, post.locked_until, post.lock_reason = timezone.now(), until, reason[:300]
    post.save(update_fields=["locked_at", "locked_until", "lock_reason"])
    signals.record(actor=user, action="lock", post=post, reason=_until(reason, until))
    return post


@transaction.atomic
def unlock_post(*, user: User, post: Post) -> Post:
    post = _lock(post)
    _require(permissions.can_moderate(user), "Only moderators can unlock posts.")
    post.locked_at = post.locked_until = None
    post.lock_reason = ""
    post.save(update_fields=["locked_at", "locked_until", "lock_reason"])
    signals.record(actor=user, action="unlock", post=post)
    return post


@transaction.atomic
def protect_question(
    *, user: User, question: Post, reason: str, until: datetime | None = None
) -> Post:
    """Only members with some reputation here may answer, until `until`."""
    question = _lock(question)
    _require(permissions.can_moderate(user), "Only moderators can protect questions.")
    _require(question.is_question, "Only questions can be protected.")
    question.protected_at, question.protected_until = timezone.now(), until
    question.save(update_fields=["protected_at", "protected_until"])
    signals.record(actor=user, action="protect", post=question, reason=_until(reason, until))
    return question


@transaction.atomic
def unprotect_question(*, user: User, question: Post) -> Post:
    question = _lock(question)
    _require(permissions.can_moderate(user), "Only moderators can unprotect questions.")
    question.protected_at = question.protected_until = None
    question.save(update_fields=["protected_at", "protected_until"])
    signals.record(actor=user, action="unprotect", post=question)
    return question


def _until(reason: str, until: datetime | None) -> str:
    return f"{reason} (until {until:%Y-%m-%d %H:%M} UTC)" if until else reason


@transaction.atomic
def hide_by_flags(*, post: Post, flag_count: int) -> Post:
    """Enough spam or abuse flags from different members hide a post at once."""
    post = _lock(post)
    _require(
        flag_count >= spam_flags_to_hide(),
        f"It takes {spam_flags_to_hide()} flags to hide a post.",
    )
    if not post.hidden_by_flags:
        post.hidden_by_flags = True
        post.save(update_fields=["hidden_by_flags"])
        if post.question_id:
            actions.refresh_question_stats(post.question_id)
    return post


@transaction.atomic
def unhide_post(*, user: User, post: Post) -> Post:
    post = _lock(post)
    _require(permissions.can_moderate(user), "Only moderators can restore hidden posts.")
    post.hidden_by_flags = False
    post.save(update_fields=["hidden_by_flags"])
    if post.question_id:
        actions.refresh_question_stats(post.question_id)
    signals.record(actor=user, action="unhide", post=post)
    return post


def spam_flags_to_hide() -> int:
    return int(getattr(settings, "SPAM_FLAGS_TO_HIDE", 6))


@transaction.atomic
def suspend_user(*, user: User, member: User, until: datetime, reason: str) -> User:
    """The member reads but cannot write until `until`, and sees `reason` meanwhile."""
    _require(permissions.can_moderate(user), "Only moderators can suspend members.")
    _require(member.pk != user.pk, "You cannot suspend yourself.")
    _require(not permissions.is_moderator(member), "Moderators cannot be suspended.")
    _require(bool(reason.strip()), "Give a reason.")
    _require(until > timezone.now(), "A suspension ends in the future.")
    User.objects.filter(pk=member.pk).update(suspended_until=until, suspension_reason=reason[:300])
    member.suspended_until, member.suspension_reason = until, reason[:300]
    signals.record(actor=user, action="suspend", target_user=member, reason=_until(reason, until))
    return member


@transaction.atomic
def unsuspend_user(*, user: User, member: User) -> User:
    _require(permissions.can_moderate(user), "Only moderators can lift suspensions.")
    User.objects.filter(pk=member.pk).update(suspended_until=None, suspension_reason="")
    member.suspended_until, member.suspension_reason = None, ""
    signals.record(actor=user, action="unsuspend", target_user=member)
    return member
