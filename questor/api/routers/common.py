"""What every operation shares: the documented error answers and visibility lookups."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest
from ninja import Status

from questor.accounts.models import User
from questor.api import present
from questor.api.auth import member
from questor.api.errors import ApiError
from questor.api.schemas import ErrorOut, SuggestedEditOut
from questor.lib.markdown import html_to_markdown
from questor.qa import actions, permissions
from questor.qa.models import Comment, Post, PostType

# Every operation documents every error status with the one error shape.
ERROR_CODES = frozenset({400, 401, 403, 404, 409, 422, 429})


def answers(ok: dict[int, Any]) -> dict[Any, Any]:
    """The responses of an operation: its successes, and the errors it may answer."""
    return {**ok, ERROR_CODES: ErrorOut}


def visible_post(
    viewer: User | AnonymousUser, post_id: int, *, post_type: int | None = None
) -> Post:
    """The post if `viewer` may see it (and its question), else 404, as the pages do."""
    post = (
        Post.objects.select_related("author", "category", "question", "question__author")
        .filter(pk=post_id)
        .first()
    )
    if post is None or (post_type is not None and post.post_type != post_type):
        raise ApiError(
            404, "No such question." if post_type == PostType.QUESTION else "No such post."
        )
    if not permissions.can_see_post(viewer, post) or (
        post.question is not None and not permissions.can_see_post(viewer, post.question)
    ):
        raise ApiError(404, "No such post.")
    return post


def visible_comment(viewer: User | AnonymousUser, comment_id: int) -> Comment:
    item = (
        Comment.objects.select_related("author", "post", "post__question")
        .filter(pk=comment_id, is_deleted=False)
        .first()
    )
    if item is None:
        raise ApiError(404, "No such comment.")
    visible_post(viewer, item.post_id)
    return item


def edit_or_suggest(
    request: HttpRequest, post: Post, *, title: str, body: str | None, tags: list[str] | None,
    comment: str, base_revision: int,
) -> Post | Status[SuggestedEditOut]:  # fmt: skip
    """Edit directly, or below the edit privilege suggest the edit, as the edit page does."""
    editor = member(request)
    current_body = html_to_markdown(post.body) if post.body_is_html else post.body
    change: dict[str, Any] = {
        "post": post,
        "title": title,
        "body": body if body is not None else current_body,
        "tag_names": tags,
        "comment": comment,
        "base_revision": base_revision,
    }
    if permissions.can_suggest_edit(editor, post):
        suggestion = actions.suggest_edit(author=editor, **change)
        return Status(202, present.suggested_edit(suggestion))
    return actions.edit_post(editor=editor, **change)


def answer_order(question: Post) -> list[Any]:
    """Accepted first, then by score, then oldest first, as on the question page."""
    accepted_first = Case(
        When(pk=question.accepted_answer_id or 0, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return [accepted_first, "-score", "created_at", "id"]
