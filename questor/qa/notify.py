"""What qa tells the notifications app, which sits above it: each function imports it at
call time, so qa never imports it at module level. Call inside the action's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from questor.accounts.models import User
    from questor.qa.models import Comment, Post, SuggestedEdit


def question_asked(question: Post) -> None:
    from questor.notifications import events

    events.question_asked(question)


def answer_posted(answer: Post) -> None:
    from questor.notifications import events

    events.answer_posted(answer)


def comment_added(comment: Comment) -> None:
    from questor.notifications import events

    events.comment_added(comment)


def answer_accepted(answer: Post, accepter: User) -> None:
    from questor.notifications import events

    events.answer_accepted(answer, accepter)


def post_edited(post: Post, editor: User, *, previous_body: str = "") -> None:
    """Tells the author when someone else edited their post, and members the edit newly
    @mentions."""
    from questor.notifications import events

    events.post_edited(post, editor, previous_body=previous_body)


def suggested_edit_reviewed(suggestion: SuggestedEdit) -> None:
    from questor.notifications import events

    events.suggested_edit_reviewed(suggestion)


def badges_awarded(awards: Iterable[tuple[int, int, int | None]]) -> None:
    """(badge id, user id, post id) of the awards just written."""
    from questor.notifications import events

    events.badges_awarded(awards)
