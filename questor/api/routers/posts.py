"""Answers (read, edit, delete, accept) and what questions and answers share: comments,
votes, flags and the revision history. Comments are read, edited and deleted here too."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from questor.api import present
from questor.api.auth import member, viewer
from questor.api.errors import ApiError
from questor.api.pagination import PageParams, paginate
from questor.api.routers.common import answers, edit_or_suggest, visible_comment, visible_post
from questor.api.schemas import (
    MAX_ID,
    AcceptOut,
    AnswerOut,
    AnswerPatch,
    CommentIn,
    CommentOut,
    FlagIn,
    FlagOut,
    Paged,
    RevisionOut,
    SuggestedEditOut,
    VoteIn,
    VoteOut,
)
from questor.moderation import actions as moderation
from questor.qa import actions
from questor.qa.models import Comment, Post, PostType, Revision, Vote

router = Router()

AnswerId = Path(..., ge=1, le=MAX_ID)  # type: ignore[type-arg]
PostId = Path(..., ge=1, le=MAX_ID)  # type: ignore[type-arg]
CommentId = Path(..., ge=1, le=MAX_ID)  # type: ignore[type-arg]


def _answer(request: HttpRequest, post: Post) -> AnswerOut:
    accepted = post.question.accepted_answer_id if post.question is not None else None
    return present.answer(request, post, accepted_id=accepted)


# Answers ------------------------------------------------------------------------------


@router.get("/answers/{answer_id}", response=answers({200: AnswerOut}), tags=["answers"])
def get_answer(request: HttpRequest, answer_id: int = AnswerId) -> AnswerOut:
    return _answer(request, visible_post(viewer(request), answer_id, post_type=PostType.ANSWER))


@router.patch(
    "/answers/{answer_id}",
    response=answers({200: AnswerOut, 202: SuggestedEditOut}),
    tags=["answers"],
    description="Below the edit privilege, an edit of someone else's answer becomes a "
    "suggested edit (202) that waits for review.",
)
def edit_answer(request: HttpRequest, payload: AnswerPatch, answer_id: int = AnswerId) -> Any:
    post = visible_post(viewer(request), answer_id, post_type=PostType.ANSWER)
    saved = edit_or_suggest(
        request,
        post,
        title="",
        body=payload.body,
        tags=None,
        comment=payload.comment,
        base_revision=payload.base_revision,
    )
    if isinstance(saved, Status):
        return saved
    return _answer(request, visible_post(viewer(request), saved.pk))


@router.delete("/answers/{answer_id}", response=answers({204: None}), tags=["answers"])
def delete_answer(request: HttpRequest, answer_id: int = AnswerId) -> Status[None]:
    user = member(request)
    actions.delete_post(user=user, post=visible_post(user, answer_id, post_type=PostType.ANSWER))
    return Status(204, None)


def _set_accepted(request: HttpRequest, answer_id: int, *, accepted: bool) -> AcceptOut:
    user = member(request)
    answer = visible_post(user, answer_id, post_type=PostType.ANSWER)
    assert answer.question is not None
    is_accepted = answer.question.accepted_answer_id == answer.pk
    if is_accepted != accepted:
        is_accepted = actions.accept_answer(user=user, answer=answer)
    elif answer.question.author_id != user.pk:
        raise ApiError(403, "Only the asker can accept an answer.")
    return AcceptOut(question_id=answer.question.pk, answer_id=answer.pk, accepted=is_accepted)


@router.put(
    "/answers/{answer_id}/accept",
    response=answers({200: AcceptOut}),
    tags=["answers"],
    description="The asker accepts this answer (replacing an earlier accepted one).",
)
def accept_answer(request: HttpRequest, answer_id: int = AnswerId) -> AcceptOut:
    return _set_accepted(request, answer_id, accepted=True)


@router.delete("/answers/{answer_id}/accept", response=answers({200: AcceptOut}), tags=["answers"])
def unaccept_answer(request: HttpRequest, answer_id: int = AnswerId) -> AcceptOut:
    return _set_accepted(request, answer_id, accepted=False)


# Comments -----------------------------------------------------------------------------


@router.get(
    "/posts/{post_id}/comments", response=answers({200: Paged[CommentOut]}), tags=["comments"]
)
def list_comments(
    request: HttpRequest, page: Query[PageParams], post_id: int = PostId
) -> dict[str, Any]:
    post = visible_post(viewer(request), post_id)
    rows = (
        Comment.objects.filter(post=post, is_deleted=False)
        .select_related("author")
        .order_by("created_at", "id")
    )
    return paginate(request, rows, page, lambda item: present.comment(request, item))


@router.post("/posts/{post_id}/comments", response=answers({201: CommentOut}), tags=["comments"])
def add_comment(
    request: HttpRequest, payload: CommentIn, post_id: int = PostId
) -> Status[CommentOut]:
    author = member(request)
    post = visible_post(author, post_id)
    item = actions.add_comment(author=author, post=post, body=payload.body)
    return Status(201, present.comment(request, item))


@router.get("/comments/{comment_id}", response=answers({200: CommentOut}), tags=["comments"])
def get_comment(request: HttpRequest, comment_id: int = CommentId) -> CommentOut:
    return present.comment(request, visible_comment(viewer(request), comment_id))


@router.patch(
    "/comments/{comment_id}",
    response=answers({200: CommentOut}),
    tags=["comments"],
    description="Comments can be edited by their author for 5 minutes after posting.",
)
def edit_comment(
    request: HttpRequest, payload: CommentIn, comment_id: int = CommentId
) -> CommentOut:
    user = member(request)
    item = actions.edit_comment(
        user=user, comment=visible_comment(user, comment_id), body=payload.body
    )
    return present.comment(request, item)


@router.delete("/comments/{comment_id}", response=answers({204: None}), tags=["comments"])
def delete_comment(request: HttpRequest, comment_id: int = CommentId) -> Status[None]:
    user = member(request)
    actions.delete_comment(user=user, comment=visible_comment(user, comment_id))
    return Status(204, None)


# Votes --------------------------------------------------------------------------------


def _vote_out(post: Post, score: int, value: int) -> VoteOut:
    vote: Literal["up", "down"] | None = "up" if value == 1 else "down" if value == -1 else None
    return VoteOut(post_id=post.pk, score=score, vote=vote)


@router.put(
    "/posts/{post_id}/vote",
    response=answers({200: VoteOut}),
    tags=["votes"],
    description="Vote a question or an answer up or down; voting the other way switches.",
)
def cast_vote(request: HttpRequest, payload: VoteIn, post_id: int = PostId) -> VoteOut:
    user = member(request)
    post = visible_post(user, post_id)
    if post.is_deleted:
        raise ApiError(403, "This post is deleted; it takes no votes.")
    value = 1 if payload.vote == "up" else -1
    existing = Vote.objects.filter(post=post, user=user).values_list("value", flat=True).first()
    if existing == value:  # already so: nothing changes (casting again would undo it)
        return _vote_out(post, post.score, value)
    outcome = actions.cast_vote(user=user, post=post, value=value)
    return _vote_out(post, outcome.score, outcome.value)


@router.delete("/posts/{post_id}/vote", response=answers({200: VoteOut}), tags=["votes"])
def undo_vote(request: HttpRequest, post_id: int = PostId) -> VoteOut:
    user = member(request)
    post = visible_post(user, post_id)
    existing = Vote.objects.filter(post=post, user=user).values_list("value", flat=True).first()
    if existing is None:
        return _vote_out(post, post.score, 0)
    outcome = actions.cast_vote(user=user, post=post, value=existing)  # the same again undoes
    return _vote_out(post, outcome.score, outcome.value)


# Flags --------------------------------------------------------------------------------


@router.post("/posts/{post_id}/flags", response=answers({201: FlagOut}), tags=["flags"])
def flag_post(request: HttpRequest, payload: FlagIn, post_id: int = PostId) -> Status[FlagOut]:
    user = member(request)
    post = visible_post(user, post_id)
    original = None
    if payload.kind == "duplicate":
        if payload.duplicate_of is None:
            raise ApiError(422, "Name the original question's id.", field="duplicate_of")
        original = (
            Post.objects.public()
            .filter(pk=payload.duplicate_of, post_type=PostType.QUESTION)
            .first()
        )
        if original is None:
            raise ApiError(422, "No question on this site has that id.", field="duplicate_of")
    flag = moderation.flag_post(
        user=user, post=post, kind=payload.kind, text=payload.text, duplicate_of=original
    )
    return Status(201, present.flag(flag))


@router.post("/comments/{comment_id}/flags", response=answers({201: FlagOut}), tags=["flags"])
def flag_comment(
    request: HttpRequest, payload: FlagIn, comment_id: int = CommentId
) -> Status[FlagOut]:
    user = member(request)
    item = visible_comment(user, comment_id)
    flag = moderation.flag_comment(user=user, comment=item, kind=payload.kind, text=payload.text)
    return Status(201, present.flag(flag))


# Revisions ----------------------------------------------------------------------------


@router.get(
    "/posts/{post_id}/revisions",
    response=answers({200: Paged[RevisionOut]}),
    tags=["revisions"],
    description="Newest first.",
)
def list_revisions(
    request: HttpRequest, page: Query[PageParams], post_id: int = PostId
) -> dict[str, Any]:
    post = visible_post(viewer(request), post_id)
    rows = Revision.objects.filter(post=post).select_related("author").order_by("-number")
    return paginate(request, rows, page, lambda item: present.revision(request, item))


@router.get(
    "/posts/{post_id}/revisions/{number}", response=answers({200: RevisionOut}), tags=["revisions"]
)
def get_revision(
    request: HttpRequest,
    post_id: int = PostId,
    number: int = Path(..., ge=1, le=MAX_ID),  # type: ignore[type-arg]  # noqa: B008
) -> RevisionOut:
    post = visible_post(viewer(request), post_id)
    item = Revision.objects.filter(post=post, number=number).select_related("author").first()
    if item is None:
        raise ApiError(404, "No such revision.")
    return present.revision(request, item)
