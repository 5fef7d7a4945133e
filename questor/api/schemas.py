"""What the API reads and answers. Inputs check the same content rules as the pages'
forms (questor.qa.rules); outputs are built by questor.api.present."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Schema
from pydantic import AfterValidator, Field, field_validator

from questor.qa import rules

# Ids are positive and fit a JavaScript number.
MAX_ID = 2**53 - 1


def _plain_text(value: str) -> str:
    """Text the databases can store: no NUL characters, no lone surrogates."""
    if "\x00" in value:
        raise ValueError("Text cannot contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode.") from None
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
TagName = Annotated[
    str,
    Field(min_length=1, max_length=rules.TAG_MAX_LENGTH, pattern=r"^[a-z0-9+#.-]+$"),
]


def _rule(check: object, value: str) -> str:
    try:
        return check(value)  # type: ignore[operator, no-any-return]
    except DjangoValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


# Errors -------------------------------------------------------------------------------


class ErrorDetail(Schema):
    code: str = Field(
        description="not_found, forbidden, invalid, conflict, rate_limited, …", examples=["invalid"]
    )
    message: str = Field(description="What went wrong and how to fix it, in plain words.")
    field: str | None = Field(description="The request field at fault, if one is.")


class ErrorOut(Schema):
    error: ErrorDetail


# Pages --------------------------------------------------------------------------------

Item = TypeVar("Item")


class Paged(Schema, Generic[Item]):
    items: list[Item]
    count: int = Field(description="How many items there are on all pages.")
    next: str | None = Field(description="The next page's absolute URL, if there is one.")
    previous: str | None = Field(description="The previous page's absolute URL, if any.")


# People -------------------------------------------------------------------------------


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    reputation: int
    level: str
    url: str


class UserDetailOut(UserOut):
    about_html: str
    joined_at: datetime
    question_count: int
    answer_count: int
    is_moderator: bool


class MeOut(UserDetailOut):
    email: str
    email_verified: bool
    unread_count: int
    token_read_only: bool | None = Field(
        description="For a token: whether it is read-only; null for the session."
    )


# Posts --------------------------------------------------------------------------------


class CategoryRef(Schema):
    slug: str
    name: str


class QuestionOut(Schema):
    id: int
    title: str
    tags: list[str]
    category: CategoryRef | None
    author: UserOut | None
    author_name: str
    score: int
    answer_count: int
    view_count: int
    is_answered: bool
    accepted_answer_id: int | None
    created_at: datetime
    last_activity_at: datetime
    url: str


class QuestionDetailOut(QuestionOut):
    body: str
    body_html: str
    comment_count: int
    revision_number: int
    last_edited_at: datetime | None
    is_closed: bool
    close_reason: str
    duplicate_of: int | None
    is_locked: bool
    is_protected: bool
    is_deleted: bool
    held_for_review: bool


class AnswerOut(Schema):
    id: int
    question_id: int
    author: UserOut | None
    author_name: str
    body: str
    body_html: str
    score: int
    is_accepted: bool
    comment_count: int
    revision_number: int
    created_at: datetime
    last_edited_at: datetime | None
    is_deleted: bool
    held_for_review: bool
    url: str


class CommentOut(Schema):
    id: int
    post_id: int
    author: UserOut | None
    author_name: str
    body: str
    body_html: str
    score: int
    created_at: datetime
    edited_at: datetime | None


class RevisionOut(Schema):
    number: int
    author: UserOut | None
    title: str
    body: str
    tags: list[str]
    comment: str
    created_at: datetime


class SuggestedEditOut(Schema):
    id: int
    post_id: int
    status: str
    created_at: datetime
    message: str


class VoteOut(Schema):
    post_id: int
    score: int
    vote: Literal["up", "down"] | None = Field(description="Your vote after this request.")


class AcceptOut(Schema):
    question_id: int
    answer_id: int
    accepted: bool


FlagKindName = Literal["spam", "rude", "low-quality", "moderator", "duplicate"]


class FlagOut(Schema):
    id: int
    kind: str
    status: str
    post_id: int | None
    comment_id: int | None
    created_at: datetime


# Tags, categories, search -------------------------------------------------------------


class TagOut(Schema):
    name: str
    question_count: int
    excerpt: str
    url: str


class TagDetailOut(TagOut):
    wiki_html: str
    created_at: datetime


class CategoryOut(Schema):
    slug: str
    name: str
    description: str
    question_count: int
    url: str


class SearchHitOut(Schema):
    id: int
    type: Literal["question", "answer"]
    title: str = Field(description="The question's title (for an answer, its question's).")
    question_id: int
    snippet_html: str
    score: int
    author: UserOut | None
    created_at: datetime
    url: str


class SearchOut(Paged[SearchHitOut]):
    hints: list[str] = Field(description="Parts of the query that could not be read, and why.")


# Inbox and follows --------------------------------------------------------------------


class NotificationOut(Schema):
    id: int
    kind: str
    summary: str
    url: str | None
    actor: UserOut | None
    question_id: int | None
    post_id: int | None
    comment_id: int | None
    created_at: datetime
    read_at: datetime | None


class MarkedReadOut(Schema):
    marked: int
    unread_count: int


FollowType = Literal["question", "tag", "category", "user"]


class FollowOut(Schema):
    type: FollowType
    key: str
    name: str
    url: str
    created_at: datetime


class FollowingOut(Schema):
    type: FollowType
    key: str
    following: bool


# Inputs -------------------------------------------------------------------------------


class QuestionIn(Schema):
    title: Text = Field(max_length=300, examples=["How do I give feedback to a senior colleague?"])
    body: Text = Field(
        max_length=40_000,
        description="Markdown, 30 to 30,000 characters.",
        examples=["I lead six people and our weekly one-on-ones have turned into status meetings."],
    )
    tags: list[TagName] = Field(min_length=1, max_length=rules.TAGS_MAX, examples=[["one-on-ones"]])
    category: Text = Field(
        max_length=50, description="A category's slug (see /categories).", examples=["leadership"]
    )

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _rule(rules.clean_title, value)

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        return _rule(rules.clean_body, value)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        return _rule(rules.parse_tags, " ".join(value))  # type: ignore[return-value]


class QuestionPatch(Schema):
    base_revision: int = Field(
        ge=1, le=MAX_ID, description="The revision your edit starts from (409 if it is old)."
    )
    title: Text | None = Field(default=None, max_length=300)
    body: Text | None = Field(default=None, max_length=40_000)
    tags: list[TagName] | None = Field(default=None, min_length=1, max_length=rules.TAGS_MAX)
    comment: Text = Field(default="", max_length=300, description="The edit summary.")

    @field_validator("title")
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        return None if value is None else _rule(rules.clean_title, value)

    @field_validator("body")
    @classmethod
    def _body(cls, value: str | None) -> str | None:
        return None if value is None else _rule(rules.clean_body, value)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _rule(rules.parse_tags, " ".join(value))  # type: ignore[return-value]


class AnswerIn(Schema):
    body: Text = Field(
        max_length=40_000,
        description="Markdown, 30 to 30,000 characters.",
        examples=["Ask each person what they want to talk about first, and keep a shared agenda."],
    )

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        return _rule(lambda text: rules.clean_body(text, what="An answer"), value)


class AnswerPatch(Schema):
    base_revision: int = Field(ge=1, le=MAX_ID)
    body: Text = Field(max_length=40_000)
    comment: Text = Field(default="", max_length=300)

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        return _rule(rules.clean_body, value)


class CommentIn(Schema):
    body: Text = Field(
        max_length=2000,
        description="15 to 600 characters of inline Markdown.",
        examples=["Could you say how long your one-on-ones last?"],
    )

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        return _rule(rules.clean_comment, value)


class VoteIn(Schema):
    vote: Literal["up", "down"]


class FlagIn(Schema):
    kind: FlagKindName
    text: Text = Field(default="", max_length=500, description="Required for `moderator`.")
    duplicate_of: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="For `duplicate`: the original question."
    )
