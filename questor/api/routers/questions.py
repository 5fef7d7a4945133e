"""Questions: list (filters and sorts), ask, read, edit, delete; and their answers."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.schema import Schema
from pydantic import Field

from questor.api import present
from questor.api.auth import member, viewer
from questor.api.errors import ApiError
from questor.api.pagination import PageParams, paginate
from questor.api.routers.common import answer_order, answers, edit_or_suggest, visible_post
from questor.api.schemas import (
    MAX_ID,
    AnswerIn,
    AnswerOut,
    Paged,
    QuestionDetailOut,
    QuestionIn,
    QuestionOut,
    QuestionPatch,
    SuggestedEditOut,
    TagName,
    Text,
)
from questor.qa import actions, selectors
from questor.qa.hot import hot_ranked
from questor.qa.models import Category, Post, PostType
from questor.qa.search import visible_to

router = Router(tags=["questions"])

_LIST_FIELDS = (
    "id", "title", "tag_names", "score", "answer_count", "view_count", "accepted_answer_id",
    "is_answered", "created_at", "last_activity_at", "author_name", "author__id",
    "author__username", "author__display_name", "author__reputation", "category__slug",
    "category__name", "post_type", "closed_at",
)  # fmt: skip


class QuestionFilters(Schema):
    sort: Literal["newest", "active", "votes", "unanswered", "hot"] = Field(
        default="newest", description="The site's tabs: Newest, Active, Votes, Unanswered, Hot."
    )
    tagged: list[TagName] = Field(
        default_factory=list, max_length=5, description="Only questions with all these tags."
    )
    category: Text | None = Field(default=None, max_length=50, description="A category's slug.")
    user: int | None = Field(default=None, ge=1, le=MAX_ID, description="Asked by this member.")


@router.get("/questions", response=answers({200: Paged[QuestionOut]}))
def list_questions(
    request: HttpRequest, filters: Query[QuestionFilters], page: Query[PageParams]
) -> dict[str, Any]:
    questions = selectors.question_list(tab=filters.sort).only(*_LIST_FIELDS)
    for name in filters.tagged:
        questions = questions.filter(posttag__tag__name=name)
    if filters.category:
        questions = questions.filter(category__slug=filters.category)
    if filters.user:
        questions = questions.filter(author_id=filters.user)
    rows: Any = hot_ranked(questions) if filters.sort == "hot" else questions
    return paginate(request, rows, page, lambda post: present.question(request, post))


@router.post("/questions", response=answers({201: QuestionDetailOut}))
def ask_question(request: HttpRequest, payload: QuestionIn) -> Status[QuestionDetailOut]:
    author = member(request)
    category = Category.objects.filter(slug=payload.category).first()
    if category is None:
        raise ApiError(422, "Choose a category from /categories (its slug).", field="category")
    question = actions.ask_question(
        author=author,
        title=payload.title,
        body=payload.body,
        tag_names=payload.tags,
        category=category,
    )
    question = visible_post(author, question.pk)
    return Status(201, present.question_detail(request, question))


QuestionId = Path(..., ge=1, le=MAX_ID)  # type: ignore[type-arg]


@router.get("/questions/{question_id}", response=answers({200: QuestionDetailOut}))
def get_question(request: HttpRequest, question_id: int = QuestionId) -> QuestionDetailOut:
    question = visible_post(viewer(request), question_id, post_type=PostType.QUESTION)
    return present.question_detail(request, question)


@router.patch(
    "/questions/{question_id}",
    response=answers({200: QuestionDetailOut, 202: SuggestedEditOut}),
    description="Fields left out keep their values. Below the edit privilege, an edit of "
    "someone else's question becomes a suggested edit (202) that waits for review.",
)
def edit_question(
    request: HttpRequest, payload: QuestionPatch, question_id: int = QuestionId
) -> Any:
    question = visible_post(viewer(request), question_id, post_type=PostType.QUESTION)
    saved = edit_or_suggest(
        request,
        question,
        title=payload.title if payload.title is not None else question.title,
        body=payload.body,
        tags=payload.tags if payload.tags is not None else question.tag_list,
        comment=payload.comment,
        base_revision=payload.base_revision,
    )
    if isinstance(saved, Status):
        return saved
    return present.question_detail(request, visible_post(viewer(request), saved.pk))


@router.delete("/questions/{question_id}", response=answers({204: None}))
def delete_question(request: HttpRequest, question_id: int = QuestionId) -> Status[None]:
    user = member(request)
    question = visible_post(user, question_id, post_type=PostType.QUESTION)
    actions.delete_post(user=user, post=question)
    return Status(204, None)


@router.get(
    "/questions/{question_id}/answers",
    response=answers({200: Paged[AnswerOut]}),
    description="Accepted first, then by score, then oldest first, as on the question page.",
)
def list_answers(
    request: HttpRequest, page: Query[PageParams], question_id: int = QuestionId
) -> dict[str, Any]:
    who = viewer(request)
    question = visible_post(who, question_id, post_type=PostType.QUESTION)
    rows = (
        Post.objects.filter(visible_to(who), question=question, post_type=PostType.ANSWER)
        .select_related("author")
        .order_by(*answer_order(question))
    )

    def present_answer(post: Post) -> AnswerOut:
        post.question = question  # no query per answer for its URL
        return present.answer(request, post, accepted_id=question.accepted_answer_id)

    return paginate(request, rows, page, present_answer)


@router.post("/questions/{question_id}/answers", response=answers({201: AnswerOut}))
def post_answer(
    request: HttpRequest, payload: AnswerIn, question_id: int = QuestionId
) -> Status[AnswerOut]:
    author = member(request)
    question = visible_post(author, question_id, post_type=PostType.QUESTION)
    answer = actions.post_answer(author=author, question=question, body=payload.body)
    answer.question = question
    return Status(201, present.answer(request, answer, accepted_id=None))
