"""Every write of the moderation app: flags and their decisions, votes to close, reopen
and delete, review decisions. Pages and (later) the API call these; each checks
permission first through questor.qa.permissions, and changes of posts go through
questor.qa.moderation (which writes the moderation log)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from questor.accounts.models import User
from questor.moderation.models import (
    HIDING_KINDS,
    Flag,
    FlagKind,
    FlagStatus,
    ModerationVote,
    ReviewDecision,
    ReviewQueue,
    ReviewTask,
    VoteKind,
)
from questor.qa import actions as qa_actions
from questor.qa import limits, permissions, signals
from questor.qa import moderation as qa_moderation
from questor.qa.models import CloseReason, Comment, Post
from questor.qa.privileges import has_privilege, privilege_refusal


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Flags --------------------------------------------------------------------------------


def _flag_refusal(user: User, post: Post) -> str:
    if not user.is_authenticated:
        return "Log in to flag posts."
    if post.author_id == user.pk:
        return "You cannot flag your own post."
    if user.is_suspended:
        return "Your account is suspended; you cannot flag."
    if not has_privilege(user, "flag"):
        return privilege_refusal(user, "flag")
    return "You cannot flag this post."


@transaction.atomic
def flag_post(
    *,
    user: User,
    post: Post,
    kind: str,
    text: str = "",
    duplicate_of: Post | None = None,
) -> Flag:
    """Flag a question or an answer; six spam or abuse flags hide it at once."""
    _require(permissions.can_flag(user, post), _flag_refusal(user, post))
    if kind not in FlagKind.values:
        raise ValidationError("Choose what is wrong with the post.")
    if kind == FlagKind.MODERATOR and not text.strip():
        raise ValidationError("Tell the moderators what needs their attention.")
    if kind == FlagKind.DUPLICATE:
        _require(post.is_question, "Only questions can be duplicates.")
        duplicate_of = qa_moderation.resolve_duplicate_target(post, duplicate_of)
    else:
        duplicate_of = None
    if Flag.objects.filter(flagger=user, post=post).exists():
        raise PermissionDenied("You have flagged this post already.")
    limits.enforce(user=user, action="flag")  # rate limits (questor/qa/limits.py)
    flag = Flag.objects.create(
        post=post, flagger=user, kind=kind, text=text[:500], duplicate_of=duplicate_of
    )
    if kind == FlagKind.LOW_QUALITY:
        open_task(queue=ReviewQueue.LOW_QUALITY, post=post)
    if kind in HIDING_KINDS:
        flaggers = (
            Flag.objects.filter(post=post, kind__in=HIDING_KINDS, status=FlagStatus.PENDING)
            .values("flagger")
            .distinct()
            .count()
        )
        if flaggers >= qa_moderation.spam_flags_to_hide():
            qa_moderation.hide_by_flags(post=post, flag_count=flaggers)
    return flag


@transaction.atomic
def flag_comment(*, user: User, comment: Comment, kind: str, text: str = "") -> Flag:
    _require(
        permissions.can_post(user)
        and comment.author_id != user.pk
        and not comment.is_deleted
        and has_privilege(user, "flag"),
        "You cannot flag this comment."
        if comment.author_id != user.pk
        else "You cannot flag your own comment.",
    )
    if kind not in FlagKind.values or kind == FlagKind.DUPLICATE:
        raise ValidationError("Choose what is wrong with the comment.")
    if kind == FlagKind.MODERATOR and not text.strip():
        raise ValidationError("Tell the moderators what needs their attention.")
    if Flag.objects.filter(flagger=user, comment=comment).exists():
        raise PermissionDenied("You have flagged this comment already.")
    limits.enforce(user=user, action="flag")  # rate limits (questor/qa/limits.py)
    flag = Flag.objects.create(comment=comment, flagger=user, kind=kind, text=text[:500])
    if kind in HIDING_KINDS:
        flaggers = (
            Flag.objects.filter(comment=comment, kind__in=HIDING_KINDS, status=FlagStatus.PENDING)
            .values("flagger")
            .distinct()
            .count()
        )
        if flaggers >= qa_moderation.spam_flags_to_hide() and not comment.is_deleted:
            Comment.objects.filter(pk=comment.pk).update(is_deleted=True)
            Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
    return flag


class FlagAction:
    NONE = "none"
    DELETE = "delete"
    CLOSE = "close"
    LOCK = "lock"


@transaction.atomic
def decide_flags(
    *,
    user: User,
    helpful: bool,
    post: Post | None = None,
    comment: Comment | None = None,
    action: str = FlagAction.NONE,
    note: str = "",
) -> int:
    """Decide every pending flag on a post or comment, helpful or declined, with the action
    taken; the flaggers see the outcome. Returns how many flags were decided."""
    _require(permissions.can_moderate(user), "Only moderators can decide flags.")
    flags = Flag.objects.select_for_update().filter(status=FlagStatus.PENDING)
    flags = flags.filter(post=post) if post is not None else flags.filter(comment=comment)
    pending = list(flags)
    _require(bool(pending), "These flags were decided already.")
    taken = "no action needed"
    if helpful:
        if action == FlagAction.DELETE:
            if post is not None and not post.is_deleted:
                qa_actions.delete_post(user=user, post=post)
            elif comment is not None and not comment.is_deleted:
                qa_actions.delete_comment(user=user, comment=comment)
            taken = "deleted"
        elif action == FlagAction.LOCK and post is not None:
            qa_moderation.lock_post(user=user, post=post, reason=note or "flagged")
            taken = "locked"
        elif action == FlagAction.CLOSE and post is not None and post.is_question:
            duplicate = next((flag.duplicate_of for flag in pending if flag.duplicate_of), None)
            qa_moderation.close_question(
                user=user,
                question=post,
                reason=CloseReason.DUPLICATE if duplicate else CloseReason.NEEDS_FOCUS,
                duplicate_of=duplicate,
                note=note,
            )
            taken = "closed"
        else:
            taken = "noted by a moderator"
    elif post is not None and post.hidden_by_flags:
        qa_moderation.unhide_post(user=user, post=post)
        taken = "declined; the post is visible again"
    else:
        taken = "declined"
    outcome = f"{taken}: {note}" if note else taken
    now = timezone.now()
    Flag.objects.filter(pk__in=[flag.pk for flag in pending]).update(
        status=FlagStatus.HELPFUL if helpful else FlagStatus.DECLINED,
        decided_by=user,
        decided_at=now,
        outcome=outcome[:300],
    )
    signals.record(
        actor=user,
        action="flags helpful" if helpful else "flags declined",
        post=post if post is not None else (comment.post if comment is not None else None),
        reason=outcome
        + (f" (comment {comment.pk}: “{comment.body[:100]}”)" if comment is not None else ""),
    )
    return len(pending)


# Votes to close, reopen and delete ----------------------------------------------------


@dataclass(frozen=True)
class VoteResult:
    votes: int
    needed: int
    # The question changed (closed, reopened or deleted) with this vote.
    done: bool


def _active_votes(post: Post, kind: str) -> list[ModerationVote]:
    return list(
        ModerationVote.objects.filter(post=post, kind=kind, is_active=True)
        .select_related("user", "duplicate_of")
        .order_by("created_at", "id")
    )


def _end_round(post: Post, kind: str) -> None:
    ModerationVote.objects.filter(post=post, kind=kind, is_active=True).update(is_active=False)
    queue: dict[str, str] = {
        VoteKind.CLOSE: ReviewQueue.CLOSE_VOTES,
        VoteKind.REOPEN: ReviewQueue.REOPEN_VOTES,
    }
    if kind in queue:
        ReviewTask.objects.filter(queue=queue[kind], post=post, completed_at=None).update(
            completed_at=timezone.now(), outcome="close" if kind == VoteKind.CLOSE else "reopen"
        )


@transaction.atomic
def vote_to_close(
    *,
    user: User,
    question: Post,
    reason: str,
    note: str = "",
    duplicate_of: Post | None = None,
) -> VoteResult:
    """A moderator closes at once; others vote, and the last needed vote closes."""
    question = Post.objects.select_for_update(no_key=True).get(pk=question.pk)
    _require(
        permissions.can_vote_to_close(user, question),
        "This question is closed already."
        if question.is_closed
        else privilege_refusal(user, "close_reopen"),
    )
    if reason not in CloseReason.values:
        raise ValidationError("Choose a reason.")
    if reason == CloseReason.DUPLICATE:
        duplicate_of = qa_moderation.resolve_duplicate_target(question, duplicate_of)
    else:
        duplicate_of = None
    needed = qa_moderation.votes_needed()
    if permissions.can_moderate(user):
        qa_moderation.close_question(
            user=user, question=question, reason=reason, note=note, duplicate_of=duplicate_of
        )
        _end_round(question, VoteKind.CLOSE)
        return VoteResult(votes=needed, needed=needed, done=True)
    if ModerationVote.objects.filter(
        post=question, user=user, kind=VoteKind.CLOSE, is_active=True
    ).exists():
        raise PermissionDenied("You have voted to close this question already.")
    ModerationVote.objects.create(
        post=question,
        user=user,
        kind=VoteKind.CLOSE,
        reason=reason,
        note=note[:300],
        duplicate_of=duplicate_of,
    )
    votes = _active_votes(question, VoteKind.CLOSE)
    if len(votes) < needed:
        open_task(queue=ReviewQueue.CLOSE_VOTES, post=question)
        return VoteResult(votes=len(votes), needed=needed, done=False)
    # The reason most voters gave (the earliest among equals); its note and original.
    counts = Counter(vote.reason for vote in votes)
    winner = max(counts, key=lambda r: (counts[r], -[v.reason for v in votes].index(r)))
    chosen = [vote for vote in votes if vote.reason == winner]
    originals = Counter(vote.duplicate_of_id for vote in chosen if vote.duplicate_of_id)
    original = None
    if winner == CloseReason.DUPLICATE and originals:
        best = originals.most_common(1)[0][0]
        original = next(vote.duplicate_of for vote in chosen if vote.duplicate_of_id == best)
    qa_moderation.close_question(
        user=user,
        question=question,
        reason=winner,
        note=next((vote.note for vote in chosen if vote.note), ""),
        duplicate_of=original,
        voters=[vote.user for vote in votes],
    )
    _end_round(question, VoteKind.CLOSE)
    return VoteResult(votes=len(votes), needed=needed, done=True)


@transaction.atomic
def vote_to_reopen(*, user: User, question: Post) -> VoteResult:
    question = Post.objects.select_for_update(no_key=True).get(pk=question.pk)
    _require(
        permissions.can_vote_to_reopen(user, question),
        "This question is open."
        if not question.is_closed
        else privilege_refusal(user, "close_reopen"),
    )
    needed = qa_moderation.votes_needed()
    if permissions.can_moderate(user):
        qa_moderation.reopen_question(user=user, question=question)
        _end_round(question, VoteKind.REOPEN)
        return VoteResult(votes=needed, needed=needed, done=True)
    if ModerationVote.objects.filter(
        post=question, user=user, kind=VoteKind.REOPEN, is_active=True
    ).exists():
        raise PermissionDenied("You have voted to reopen this question already.")
    ModerationVote.objects.create(post=question, user=user, kind=VoteKind.REOPEN)
    votes = _active_votes(question, VoteKind.REOPEN)
    if len(votes) < needed:
        open_task(queue=ReviewQueue.REOPEN_VOTES, post=question)
        return VoteResult(votes=len(votes), needed=needed, done=False)
    qa_moderation.reopen_question(
        user=user, question=question, voters=[vote.user for vote in votes]
    )
    _end_round(question, VoteKind.REOPEN)
    return VoteResult(votes=len(votes), needed=needed, done=True)


@transaction.atomic
def vote_to_delete(*, user: User, question: Post) -> VoteResult:
    question = Post.objects.select_for_update(no_key=True).get(pk=question.pk)
    _require(
        permissions.can_vote_to_delete(user, question),
        "Only closed questions can be voted for deletion, by members who can close them.",
    )
    needed = qa_moderation.votes_needed()
    if ModerationVote.objects.filter(
        post=question, user=user, kind=VoteKind.DELETE, is_active=True
    ).exists():
        raise PermissionDenied("You have voted to delete this question already.")
    ModerationVote.objects.create(post=question, user=user, kind=VoteKind.DELETE)
    votes = _active_votes(question, VoteKind.DELETE)
    if len(votes) < needed:
        return VoteResult(votes=len(votes), needed=needed, done=False)
    qa_moderation.delete_by_votes(
        user=user, question=question, voters=[vote.user for vote in votes]
    )
    _end_round(question, VoteKind.DELETE)
    return VoteResult(votes=len(votes), needed=needed, done=True)


# Review queues ------------------------------------------------------------------------

# Decisions each queue offers (besides "skip"), and how many reviews complete a task.
QUEUE_DECISIONS: dict[str, tuple[str, ...]] = {
    ReviewQueue.FIRST_POSTS: ("looks-ok", "needs-work"),
    ReviewQueue.LATE_ANSWERS: ("looks-ok", "needs-work"),
    ReviewQueue.LOW_QUALITY: ("looks-ok", "delete"),
    ReviewQueue.CLOSE_VOTES: ("close", "leave-open"),
    ReviewQueue.REOPEN_VOTES: ("reopen", "leave-closed"),
}
REVIEWS_NEEDED: dict[str, int] = {
    ReviewQueue.FIRST_POSTS: 1,
    ReviewQueue.LATE_ANSWERS: 1,
    ReviewQueue.LOW_QUALITY: 2,
    ReviewQueue.CLOSE_VOTES: 3,
    ReviewQueue.REOPEN_VOTES: 3,
}


def open_task(*, queue: str, post: Post) -> ReviewTask:
    task, _ = ReviewTask.objects.get_or_create(queue=queue, post=post, completed_at=None)
    return task


@transaction.atomic
def review(*, user: User, task: ReviewTask, decision: str) -> ReviewDecision:
    """Record a reviewer's decision (or skip); close and reopen decisions are votes, and a
    moderator's "delete" deletes. Enough decisions complete the task."""
    task = ReviewTask.objects.select_for_update().select_related("post").get(pk=task.pk)
    _require(
        permissions.can_review(user),
        privilege_refusal(user, "review") if permissions.can_post(user) else "You cannot review.",
    )
    _require(task.is_open, "This task was completed already.")
    _require(decision == "skip" or decision in QUEUE_DECISIONS[task.queue], "Choose a decision.")
    _require(
        task.post.author_id != user.pk or decision == "skip", "You cannot review your own post."
    )
    if ReviewDecision.objects.filter(task=task, reviewer=user).exists():
        raise PermissionDenied("You have reviewed this already.")
    recorded = ReviewDecision.objects.create(task=task, reviewer=user, decision=decision)
    post = task.post
    voted = set(
        ModerationVote.objects.filter(post=post, user=user, is_active=True).values_list(
            "kind", flat=True
        )
    )
    if decision == "close" and permissions.can_vote_to_close(user, post) and "close" not in voted:
        first = ModerationVote.objects.filter(
            post=post, kind=VoteKind.CLOSE, is_active=True
        ).first()
        vote_to_close(
            user=user,
            question=post,
            reason=first.reason if first else CloseReason.NEEDS_FOCUS,
            duplicate_of=first.duplicate_of if first else None,
        )
    elif (
        decision == "reopen"
        and permissions.can_vote_to_reopen(user, post)
        and "reopen" not in voted
    ):
        vote_to_reopen(user=user, question=post)
    elif decision == "delete" and permissions.can_moderate(user) and not post.is_deleted:
        qa_actions.delete_post(user=user, post=post)
    task.refresh_from_db(fields=["completed_at"])
    if task.is_open:
        decided = Counter(
            task.decisions.exclude(decision="skip").values_list("decision", flat=True)
        )
        if sum(decided.values()) >= REVIEWS_NEEDED[task.queue] or (
            decision == "delete" and permissions.can_moderate(user)
        ):
            task.completed_at = timezone.now()
            task.outcome = decided.most_common(1)[0][0]
            task.save(update_fields=["completed_at", "outcome"])
    return recorded
