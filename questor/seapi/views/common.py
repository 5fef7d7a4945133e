"""What several endpoint families share: sorts, and serializers bound to a filter that
embed answers and comments in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from questor.accounts.models import User
from questor.qa.models import Comment, Post, Tag
from questor.seapi import selectors, serializers
from questor.seapi.filters import Filter
from questor.seapi.wrapper import Item, Sort

POST_SORTS = {
    "activity": Sort("last_activity_at"),
    "creation": Sort("created_at"),
    "votes": Sort("score", "int"),
}
COMMENT_SORTS = {"creation": Sort("created_at"), "votes": Sort("score", "int")}
Serializer = Callable[[list[Any]], list[Item]]


def question_serializer(filt: Filter) -> Serializer:
    def run(rows: list[Post]) -> list[Item]:
        ids = [row.pk for row in rows]
        answers = (
            selectors.answers_of(ids, body=filt.has("answer.body"))
            if filt.has("question.answers")
            else None
        )
        comments: dict[int, list[Comment]] | None = None
        if filt.has("question.comments"):
            post_ids = ids + [a.pk for group in (answers or {}).values() for a in group]
            comments = selectors.comments_of(post_ids)
        return [
            serializers.question(
                row,
                filt,
                answers=answers.get(row.pk, []) if answers is not None else None,
                comments=comments,
            )
            for row in rows
        ]

    return run


def answer_serializer(filt: Filter) -> Serializer:
    def run(rows: list[Post]) -> list[Item]:
        comments = (
            selectors.comments_of([row.pk for row in rows]) if filt.has("answer.comments") else None
        )
        return [serializers.answer(row, filt, comments=comments) for row in rows]

    return run


def comment_serializer(filt: Filter) -> Serializer:
    def run(rows: list[Comment]) -> list[Item]:
        return [serializers.comment(row, filt) for row in rows]

    return run


def post_serializer(filt: Filter) -> Serializer:
    def run(rows: list[Post]) -> list[Item]:
        return [serializers.post(row, filt) for row in rows]

    return run


def user_serializer(filt: Filter) -> Serializer:
    def run(rows: list[User]) -> list[Item]:
        return serializers.users(rows, filt)

    return run


def tag_serializer(filt: Filter) -> Serializer:
    def run(rows: list[Tag]) -> list[Item]:
        return [serializers.tag(row, filt) for row in rows]

    return run
