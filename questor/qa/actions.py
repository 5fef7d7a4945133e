"""Every write to questions, answers, comments, votes and drafts.

Views, the API and importers call these; each checks permission first (raising
PermissionDenied) and then writes in one transaction. Inputs are already cleaned
by qa.rules (forms and schemas call it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from questor.accounts.models import User
from questor.lib import rawsql
from questor.lib.markdown import render_inline_markdown, render_markdown
from questor.qa import limits, notify, permissions, reputation, screening, signals
from questor.qa.badges import queue_badge_check
from questor.qa.models import (
    Category,
    Comment,
    Draft,
    DraftKind,
    Post,
    PostTag,
    PostType,
    ReputationKind,
    Revision,
    SuggestedEdit,
    SuggestedEditStatus,
    Tag,
    Vote,
)
from questor.qa.privileges import has_privilege, privilege_refusal, require_privilege
from questor.qa.search import index_post


class EditConflict(Exception):
    """Someone saved the post after the editor opened it; carries the newer revision."""

    def __init__(self, current: Revision) -> None:
        super().__init__(f"Revision {current.number} was saved meanwhile")
        self.current = current


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Questions and answers ----------------------------------------------------------------


@transaction.atomic
def ask_question(
    *, author: User, title: str, body: str, tag_names: list[str], category: Category
) -> Post:
    _require(permissions.can_post(author), "You cannot post questions.")
    check_new_tags(user=author, names=tag_names)
    limits.check_links(user=author, text=body)
    limits.enforce(user=author, action="ask")
    now = timezone.now()
    question = Post.objects.create(
        post_type=PostType.QUESTION,
        author=author,
        title=title,
        body=body,
        body_html=render_markdown(body),
        category=category,
        tag_names=" ".join(tag_names),
        created_at=now,
        last_activity_at=now,
    )
    _set_tags(question, tag_names)
    Category.objects.filter(pk=category.pk).update(question_count=F("question_count") + 1)
    _add_revision(question, author=author, comment="asked", number=1)
    screening.screen_post(question, writer=author, new=True)  # may hold it for review
    index_post(question, new=True)  # the search index, in this transaction
    discard_draft(user=author, kind=DraftKind.QUESTION, question_id=0)
    queue_badge_check([author.pk])
    if not question.held_for_review:  # told when a moderator publishes it
        notify.question_asked(question)
    return question


def post_answer(*, author: User, question: Post, body: str) -> Post:
    _require(permissions.can_post(author), permissions.answer_refusal(author, question))
    _require(question.is_question and not question.is_deleted, "This question takes no answers.")
    # Closed, locked and protected questions: read the row as it is now, not as the page had it.
    question = _current(question.pk)
    _require(permissions.can_answer(author, question), permissions.answer_refusal(author, question))
    limits.check_links(user=author, text=body)
    # Read and rendered before the transaction: on SQLite it holds the database's write
    # lock from its start, and every other writer waits for it.
    body_html = render_markdown(body)
    with transaction.atomic():
        return _write_answer(author=author, question=question, body=body, body_html=body_html)


def _current(post_id: int) -> Post:
    """The post's row as it is now (every answer reads its question here: written out,
    see questor/lib/rawsql.py, as get() compiled the ~45 columns each time)."""
    found = rawsql.select(Post, f"{rawsql.table(Post)}.id = %s", [post_id])
    if not found:
        raise Post.DoesNotExist("No such post.")
    return found[0]


def _write_answer(*, author: User, question: Post, body: str, body_html: str) -> Post:
    limits.enforce(user=author, action="answer")  # in the transaction: its count is a write
    now = timezone.now()
    # Saved as create() saves it, signals included, without compiling the ORM's INSERT of
    # the ~45 columns (questor/lib/rawsql.py).
    answer = rawsql.save_new(
        Post(
            post_type=PostType.ANSWER,
            question=question,
            author=author,
            body=body,
            body_html=body_html,
            created_at=now,
            last_activity_at=now,
        ),
        signals=True,
    )
    _add_revision(answer, author=author, comment="answered", number=1)
    screening.screen_post(answer, writer=author, new=True)  # may hold it for review
    index_post(answer, new=True)  # the search index, in this transaction
    # One more answer that readers see (a held one is counted when a moderator publishes
    # it); a new answer has no score and is not accepted, so is_answered stays. An UPDATE
    # of the count by itself, not a recount: it is atomic on its own.
    Post.objects.filter(pk=question.pk).update(
        last_activity_at=now,
        answer_count=F("answer_count") + (0 if answer.held_for_review else 1),
    )
    discard_draft(user=author, kind=DraftKind.ANSWER, question_id=question.pk)
    queue_badge_check([author.pk])
    if not answer.held_for_review:  # told when a moderator publishes it
        notify.answer_posted(answer)
    return answer


@transaction.atomic
def edit_post(
    *,
    editor: User,
    post: Post,
    body: str,
    base_revision: int,
    title: str = "",
    tag_names: list[str] | None = None,
    comment: str = "",
) -> Post:
    """Save an edit made from revision `base_revision`.

    Raises EditConflict when another edit was saved after that revision, so the
    editor can see what changed and merge: nothing is silently overwritten.
    """
    # FOR NO KEY UPDATE (as for every lock on a post being updated here): FOR UPDATE would
    # also block the foreign-key checks of other writers, and accepting this answer (which
    # holds its question and checks this row) while it is edited would then deadlock.
    post = Post.objects.select_for_update(no_key=True).get(pk=post.pk)
    if not permissions.can_edit(editor, post):
        raise PermissionDenied(
            privilege_refusal(editor, "edit_others")
            if permissions.can_suggest_edit(editor, post)
            else "You cannot edit this post."
        )
    if post.revision_number != base_revision:
        raise EditConflict(post.revisions.get(number=post.revision_number))
    if post.is_question and tag_names is not None:
        check_new_tags(user=editor, names=tag_names)
    limits.check_links(user=editor, text=body)
    limits.enforce(user=editor, action="edit")
    queue_badge_check([editor.pk])
    before = post.body
    saved = _write_revision(
        editor=editor, post=post, title=title, body=body, tag_names=tag_names, comment=comment
    )
    if permissions.is_moderator(editor) and post.author_id != editor.pk and before != body:
        signals.record(actor=editor, action="edit", post=saved, before=before, after=body)
    return saved


@transaction.atomic
def rollback_post(*, user: User, post: Post, revision_number: int) -> Post:
    """Make an earlier revision's content the newest revision again."""
    post = Post.objects.select_for_update(no_key=True).get(pk=post.pk)
    _require(
        (permissions.can_edit(user, post) and post.author_id == user.pk) or bool(user.is_staff),
        "Only the author can roll this post back.",
    )
    old = post.revisions.get(number=revision_number)
    return _write_revision(
        editor=user,
        post=post,
        title=old.title,
        body=old.body,
        tag_names=old.tag_names.split() if post.is_question else None,
        comment=f"rolled back to revision {revision_number}",
    )


def _write_revision(
    *, editor: User, post: Post, title: str, body: str, tag_names: list[str] | None, comment: str
) -> Post:
    now = timezone.now()
    previous_body = post.body
    post.body = body
    post.body_html = render_markdown(body)
    post.body_is_html = False  # an imported post's HTML became Markdown in the editor
    if post.is_question:
        post.title = title
        if tag_names is not None and tag_names != post.tag_list:
            _set_tags(post, tag_names)
            post.tag_names = " ".join(tag_names)
    post.revision_number += 1
    post.last_edited_at = now
    post.last_editor = editor
    post.last_activity_at = now
    post.save()
    _add_revision(post, author=editor, comment=comment, number=post.revision_number)
    screening.screen_post(post, writer=editor)  # an edit into spam is held too
    index_post(post)  # the search index, in this transaction
    if post.question_id:
        Post.objects.filter(pk=post.question_id).update(last_activity_at=now)
    notify.post_edited(post, editor, previous_body=previous_body)
    return post


@transaction.atomic
def delete_post(*, user: User, post: Post) -> Post:
    """Soft delete: revisions, votes and comments stay for undelete and moderation."""
    _require(permissions.can_delete(user, post), permissions.delete_refusal(user, post))
    _soft_delete(post, user=user)
    if permissions.is_moderator(user) and post.author_id != user.pk:
        signals.record(actor=user, action="delete", post=post)
    return post


def _soft_delete(post: Post, *, user: User) -> Post:
    """Mark `post` deleted and take it out of the counts (moderation deletes through this)."""
    now = timezone.now()
    post.is_deleted, post.deleted_at, post.deleted_by = True, now, user
    post.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
    if post.is_question:
        Tag.objects.filter(posttag__post=post).update(question_count=F("question_count") - 1)
        Category.objects.filter(pk=post.category_id or 0).update(
            question_count=F("question_count") - 1
        )
    else:
        assert post.question_id is not None
        if Post.objects.filter(pk=post.question_id, accepted_answer=post).exists():
            Post.objects.filter(pk=post.question_id).update(accepted_answer=None)
        refresh_question_stats(post.question_id)
    return post


def refresh_question_stats(question_id: int) -> None:
    """Recount public answers and recompute is_answered from the rows themselves.

    Call inside a transaction. The question row is locked before counting: writers that
    change its answers (a new answer, a vote on one, a deletion) then recount one after
    another, each seeing what the one before committed. Counting first and locking at the
    UPDATE would let a recount that waited there write a count that misses the answer
    committed meanwhile (on PostgreSQL; SQLite runs one writer at a time anyway).
    """
    accepted_answer_id = (
        Post.objects.select_for_update(no_key=True)
        .filter(pk=question_id)
        .values_list("accepted_answer_id", flat=True)
        .first()
    )
    # The answers readers see: not deleted, nor hidden by flags, nor held for review.
    live_answers = Post.objects.filter(question_id=question_id).public()
    Post.objects.filter(pk=question_id).update(
        answer_count=live_answers.count(),
        is_answered=accepted_answer_id is not None or live_answers.filter(score__gt=0).exists(),
    )


def check_new_tags(*, user: User, names: list[str]) -> None:
    """Tags the site does not have yet need the create-tags privilege."""
    if has_privilege(user, "create_tags"):
        return
    known = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
    new = [name for name in names if name not in known]
    if new:
        listed = ", ".join(f"“{name}”" for name in new)
        raise PermissionDenied(
            f"{listed} {'is a new tag' if len(new) == 1 else 'are new tags'}. "
            f"{privilege_refusal(user, 'create_tags')} Choose tags the site already has."
        )


def _set_tags(question: Post, names: list[str]) -> None:
    old_ids = set(PostTag.objects.filter(post=question).values_list("tag_id", flat=True))
    tags = []
    for name in names:
        tag, _ = Tag.objects.get_or_create(name=name)
        tags.append(tag)
    new_ids = {tag.pk for tag in tags}
    PostTag.objects.filter(post=question, tag_id__in=old_ids - new_ids).delete()
    PostTag.objects.bulk_create(
        [PostTag(post=question, tag_id=tag_id) for tag_id in new_ids - old_ids]
    )
    Tag.objects.filter(pk__in=old_ids - new_ids).update(question_count=F("question_count") - 1)
    Tag.objects.filter(pk__in=new_ids - old_ids).update(question_count=F("question_count") + 1)


def _add_revision(post: Post, *, author: User, comment: str, number: int) -> Revision:
    # Every post and edit writes one: saved without the ORM's save() (questor/lib/rawsql.py).
    return rawsql.save_new(
        Revision(
            post=post,
            number=number,
            author=author,
            title=post.title,
            body=post.body,
            tag_names=post.tag_names,
            comment=comment,
            created_at=post.last_edited_at or post.created_at,
        )
    )


# Accepting ----------------------------------------------------------------------------


@transaction.atomic
def accept_answer(*, user: User, answer: Post) -> bool:
    """Accept the answer, or undo the acceptance if it is the accepted one.

    Returns whether the answer is accepted afterwards.
    """
    if answer.question_id is None:
        raise PermissionDenied("Only answers can be accepted.")
    question = Post.objects.select_for_update().get(pk=answer.question_id)
    _require(permissions.can_accept(user, question), "Only the asker can accept an answer.")
    _require(not answer.is_deleted and answer.question_id == question.pk, "No such answer.")
    previous = question.accepted_answer
    accepted = question.accepted_answer_id != answer.pk
    question.accepted_answer = answer if accepted else None
    question.save(update_fields=["accepted_answer"])
    refresh_question_stats(question.pk)
    # After the posts, every member whose reputation changes, in id order (see cast_vote).
    reputation.lock_members(
        [user.pk, answer.author_id, previous.author_id if previous is not None else None]
    )
    if previous is not None:
        reputation.on_unaccepted(asker=user, answer=previous)
    if accepted:
        reputation.on_accepted(asker=user, answer=answer)
        notify.answer_accepted(answer, user)
    queue_badge_check([user.pk, answer.author_id])
    return accepted


# Votes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteOutcome:
    score: int
    # The voter's vote after this call: 1, -1, or 0 for none.
    value: int


_VOTE_READS = (
    "post_type",
    "author",
    "score",
    "is_deleted",
    "hidden_by_flags",
    "held_for_review",
    "locked_at",
    "locked_until",
)


def _locked_for_vote(post_id: int) -> Post:
    """Only what a vote reads of the post, its row locked: can_vote's fields (with whether
    the question is deleted), the score, and what the ledger needs. Every vote reads it:
    written out (questor/lib/rawsql.py), as compiling the queryset cost more than the query."""
    posts = rawsql.table(Post)
    found = rawsql.select(
        Post,
        f"{posts}.id = %s",
        [post_id],
        only=(*_VOTE_READS, "question"),
        also=rawsql.related_columns(Post, "question", ("id", "is_deleted")),
        join=f" LEFT OUTER JOIN {posts} question ON question.id = {posts}.question_id",
        lock=True,
    )
    if not found:
        raise Post.DoesNotExist("No such post.")
    rawsql.attach(found, "question", Post, "question", ("id", "is_deleted"))
    return found[0]


@transaction.atomic
def cast_vote(*, user: User, post: Post, value: int) -> VoteOutcome:
    """Vote up (1) or down (-1); the same vote again undoes it, the other switches it."""
    if value not in (1, -1):
        raise ValueError("A vote is 1 or -1.")
    post = _locked_for_vote(post.pk)
    if post.author_id == user.pk:
        raise PermissionDenied("You cannot vote on your own post.")
    _require(permissions.can_vote(user, post), "You cannot vote on this post.")
    votes = rawsql.table(Vote)
    mine = rawsql.select(Vote, f"{votes}.post_id = %s AND {votes}.user_id = %s", [post.pk, user.pk])
    existing = mine[0] if mine else None
    # Taking a vote back is always allowed; casting one needs the privilege.
    if existing is None or existing.value != value:
        require_privilege(user, "vote_up" if value == 1 else "vote_down")
    limits.enforce(user=user, action="vote")
    up = down = 0
    # The vote's value before and after: (removed, added), 0 for none.
    if existing is None:
        rawsql.save_new(Vote(post=post, user=user, value=value))
        new_value = value
        up, down = (1, 0) if value == 1 else (0, 1)
        removed, added = 0, value
    elif existing.value == value:
        existing.delete()
        new_value = 0
        up, down = (-1, 0) if value == 1 else (0, -1)
        removed, added = value, 0
    else:
        existing.value = value
        existing.save(update_fields=["value"])
        new_value = value
        up, down = (1, -1) if value == 1 else (-1, 1)
        removed, added = -value, value
    rawsql.execute(
        f"UPDATE {rawsql.table(Post)} SET up_votes = up_votes + %s,"  # noqa: S608 - identifiers only, values are parameters
        " down_votes = down_votes + %s, score = score + %s WHERE id = %s",
        [up, down, up - down, post.pk],
    )
    # A vote changes no answer count; it changes the question's is_answered only when it
    # moves the score of an answer readers see across zero (the locked row's score is
    # current). Above zero, the question is answered now; back to zero or below, whether
    # it still is depends on the other answers.
    score = post.score + up - down
    if post.question_id and post.is_public and (post.score > 0) != (score > 0):
        if score > 0:
            rawsql.execute(
                f"UPDATE {rawsql.table(Post)} SET is_answered = %s WHERE id = %s",  # noqa: S608 - identifiers only, values are parameters
                [True, post.question_id],
            )
        else:
            refresh_question_stats(post.question_id)
    # Posts first, then members (in id order): a vote on an answer must not hold a
    # member's row while it waits for the question, which a vote on that question holds
    # while it waits for the same member (PostgreSQL would end one of them: deadlock).
    reputation.lock_members([post.author_id, user.pk])
    if removed:
        reputation.on_vote_removed(voter=user, post=post, value=removed)
    if added:
        reputation.on_vote_added(voter=user, post=post, value=added)
    queue_badge_check([user.pk, post.author_id])
    return VoteOutcome(score=post.score + up - down, value=new_value)


# Comments -----------------------------------------------------------------------------


def add_comment(*, author: User, post: Post, body: str) -> Comment:
    _require(permissions.can_comment(author, post), permissions.comment_refusal(author, post))
    limits.check_links(user=author, text=body)
    body_html = render_inline_markdown(body)  # before the transaction (see post_answer)
    with transaction.atomic():
        limits.enforce(user=author, action="comment")
        # Saved without the ORM's save(), the count's UPDATE written out: every comment
        # runs them (questor/lib/rawsql.py).
        comment = rawsql.save_new(Comment(post=post, author=author, body=body, body_html=body_html))
        rawsql.execute(
            f"UPDATE {rawsql.table(Post)} SET comment_count = comment_count + 1 WHERE id = %s",  # noqa: S608 - identifiers only, values are parameters
            [post.pk],
        )
        queue_badge_check([author.pk])
        notify.comment_added(comment)
    return comment


@transaction.atomic
def edit_comment(*, user: User, comment: Comment, body: str) -> Comment:
    _require(
        permissions.can_edit_comment(user, comment),
        "Comments can be edited for 5 minutes after posting.",
    )
    comment.body, comment.body_html = body, render_inline_markdown(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def delete_comment(*, user: User, comment: Comment) -> None:
    _require(permissions.can_delete_comment(user, comment), "You cannot delete this comment.")
    comment.is_deleted = True
    comment.save(update_fields=["is_deleted"])
    Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)


# Drafts -------------------------------------------------------------------------------


def save_draft(
    *,
    user: User,
    kind: str,
    question_id: int = 0,
    title: str = "",
    body: str = "",
    tags: str = "",
    category_slug: str = "",
) -> Draft:
    draft, _ = Draft.objects.update_or_create(
        user=user,
        kind=kind,
        question_id=question_id,
        defaults={
            "title": title[:300],
            "body": body[:40_000],
            "tags": tags[:300],
            "category_slug": category_slug[:50],
            "updated_at": timezone.now(),
        },
    )
    return draft


def discard_draft(*, user: User, kind: str, question_id: int = 0) -> None:
    # Every post discards its draft: the DELETE is written out (questor/lib/rawsql.py).
    rawsql.execute(
        f"DELETE FROM {rawsql.table(Draft)} WHERE user_id = %s AND kind = %s"  # noqa: S608 - identifiers only, values are parameters
        " AND question_id = %s",
        [user.pk, kind, question_id],
    )


# Suggested edits ----------------------------------------------------------------------


@transaction.atomic
def suggest_edit(
    *,
    author: User,
    post: Post,
    body: str,
    base_revision: int,
    title: str = "",
    tag_names: list[str] | None = None,
    comment: str = "",
) -> SuggestedEdit:
    """An edit by someone below the edit privilege: it waits for a reviewer."""
    _require(permissions.can_suggest_edit(author, post), "You cannot suggest an edit here.")
    if post.is_question and tag_names is not None:
        check_new_tags(user=author, names=tag_names)
    if SuggestedEdit.objects.filter(post=post, status=SuggestedEditStatus.PENDING).exists():
        raise PermissionDenied(
            "This post already has a suggested edit waiting for review; try again later."
        )
    limits.check_links(user=author, text=body)
    limits.enforce(user=author, action="edit")
    return SuggestedEdit.objects.create(
        post=post,
        author=author,
        base_revision=base_revision,
        title=title if post.is_question else "",
        body=body,
        tag_names=" ".join(tag_names or []) if post.is_question else "",
        comment=comment,
    )


@transaction.atomic
def review_suggested_edit(
    *, reviewer: User, suggestion: SuggestedEdit, approve: bool, reason: str = ""
) -> SuggestedEdit:
    """Approve (the edit is applied, credited to its author, +2 reputation) or reject.

    A suggestion made from a revision that is no longer the newest is rejected: applying
    it would silently undo the later edit.
    """
    suggestion = SuggestedEdit.objects.select_for_update().get(pk=suggestion.pk)
    _require(
        permissions.can_review_suggested_edits(reviewer), privilege_refusal(reviewer, "edit_others")
    )
    _require(suggestion.author_id != reviewer.pk, "You cannot review your own suggestion.")
    _require(
        suggestion.status == SuggestedEditStatus.PENDING, "This suggestion was reviewed already."
    )
    post = Post.objects.select_for_update(no_key=True).get(pk=suggestion.post_id)
    now = timezone.now()
    if approve and (post.is_deleted or post.revision_number != suggestion.base_revision):
        approve = False
        reason = "The post changed after this edit was suggested."
    suggestion.status = SuggestedEditStatus.APPROVED if approve else SuggestedEditStatus.REJECTED
    suggestion.reviewed_by, suggestion.reviewed_at = reviewer, now
    suggestion.review_comment = reason[:300]
    suggestion.save()
    if approve:
        _write_revision(
            editor=suggestion.author,
            post=post,
            title=suggestion.title,
            body=suggestion.body,
            tag_names=suggestion.tag_names.split() if post.is_question else None,
            comment=suggestion.comment or f"suggested edit approved by {reviewer.username}",
        )
        reputation.award(
            user_id=suggestion.author_id,
            kind=ReputationKind.EDIT_APPROVED,
            post=post,
            actor=reviewer,
        )
        queue_badge_check([suggestion.author_id])
    notify.suggested_edit_reviewed(suggestion)
    return suggestion
