"""Tags, categories, members and search: the site's public reads."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.schema import Schema
from pydantic import Field

from questor.accounts.models import User
from questor.api import present
from questor.api.auth import caller, member, viewer
from questor.api.errors import ApiError
from questor.api.pagination import PageParams, envelope, paginate
from questor.api.routers.common import answers
from questor.api.schemas import (
    MAX_ID,
    CategoryOut,
    MeOut,
    Paged,
    SearchHitOut,
    SearchOut,
    TagDetailOut,
    TagOut,
    Text,
    UserDetailOut,
    UserOut,
)
from questor.notifications import selectors as inbox
from questor.qa import search, selectors
from questor.qa.models import Category, Post, PostType, Tag
from questor.search import engine
from questor.search.query import parse

router = Router()


# Tags ---------------------------------------------------------------------------------


class TagFilters(Schema):
    sort: Literal["popular", "name", "new"] = "popular"
    contains: Text = Field(default="", max_length=35, description="Part of the tag's name.")


@router.get("/tags", response=answers({200: Paged[TagOut]}), tags=["tags"])
def list_tags(
    request: HttpRequest, filters: Query[TagFilters], page: Query[PageParams]
) -> dict[str, Any]:
    tags = selectors.tag_list(sort=filters.sort, name_contains=filters.contains.strip())
    return paginate(request, tags, page, lambda item: present.tag(request, item))


@router.get("/tags/{name}", response=answers({200: TagDetailOut}), tags=["tags"])
def get_tag(
    request: HttpRequest,
    name: str = Path(..., max_length=35, pattern=r"^[A-Za-z0-9+#.-]+$"),  # type: ignore[type-arg]  # noqa: B008
) -> TagDetailOut:
    tag = Tag.objects.filter(name=name.lower()).first()
    if tag is None:
        raise ApiError(404, "No such tag.")
    return present.tag_detail(request, tag)


# Categories ---------------------------------------------------------------------------


@router.get("/categories", response=answers({200: Paged[CategoryOut]}), tags=["categories"])
def list_categories(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    rows = Category.objects.order_by("position", "name")
    return paginate(request, rows, page, lambda item: present.category(request, item))


@router.get("/categories/{slug}", response=answers({200: CategoryOut}), tags=["categories"])
def get_category(
    request: HttpRequest,
    slug: str = Path(..., max_length=50, pattern=r"^[-a-zA-Z0-9_]+$"),  # type: ignore[type-arg]  # noqa: B008
) -> CategoryOut:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ApiError(404, "No such category.")
    return present.category(request, category)


# Members ------------------------------------------------------------------------------


class UserFilters(Schema):
    sort: Literal["reputation", "new", "name"] = "reputation"


@router.get("/users", response=answers({200: Paged[UserOut]}), tags=["users"])
def list_users(
    request: HttpRequest, filters: Query[UserFilters], page: Query[PageParams]
) -> dict[str, Any]:
    rows = selectors.user_list(sort=filters.sort)
    return paginate(request, rows, page, lambda person: present.user(request, person))


def _detail(request: HttpRequest, person: User) -> UserDetailOut:
    return present.user_detail(
        request,
        person,
        questions=selectors.user_questions(person).count(),
        answers=selectors.user_answers(person).count(),
    )


@router.get("/users/{user_id}", response=answers({200: UserDetailOut}), tags=["users"])
def get_user(
    request: HttpRequest,
    user_id: int = Path(..., ge=1, le=MAX_ID),  # type: ignore[type-arg]  # noqa: B008
) -> UserDetailOut:
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        raise ApiError(404, "No such member.")
    return _detail(request, person)


@router.get("/me", response=answers({200: MeOut}), tags=["users"])
def me(request: HttpRequest) -> MeOut:
    user = member(request, write=False)
    token = caller(request).token
    return MeOut(
        **_detail(request, user).model_dump(),
        email=user.email,
        email_verified=user.email_verified,
        unread_count=inbox.unread_count(user),
        token_read_only=token.read_only if token is not None else None,
    )


# Search -------------------------------------------------------------------------------


class SearchParams(Schema):
    q: Text = Field(
        max_length=1000,
        description='The site\'s query language: words, "phrases", -word, [tag], user:me, '
        "score:2..5, answers:0, isaccepted:yes, closed:no, created:2021-09..2022-01, "
        "category:slug, is:question … (see docs/search.md).",
    )
    sort: Literal["relevance", "newest", "votes", "active"] = "relevance"


@router.get("/search", response=answers({200: SearchOut}), tags=["search"])
def search_posts(
    request: HttpRequest, params: Query[SearchParams], page: Query[PageParams]
) -> dict[str, Any]:
    who = viewer(request)
    query = parse(params.q)
    ids = search.matching_ids(query, who, tab=params.sort)
    start = (page.page - 1) * page.page_size
    page_ids = ids[start : start + page.page_size]
    rows = {
        post.pk: post
        for post in Post.objects.filter(pk__in=page_ids)
        .select_related("author", "question")
        .defer("body", "body_html", "question__body", "question__body_html")
    }
    snippets = engine.snippets(page_ids, query if query.has_text else None)

    def hit(pk: int) -> SearchHitOut:
        post = rows[pk]
        asked = post.question if post.question is not None else post
        return SearchHitOut(
            id=post.pk,
            type="question" if post.post_type == PostType.QUESTION else "answer",
            title=asked.title,
            question_id=asked.pk,
            snippet_html=snippets.get(pk, ""),
            score=post.score,
            author=present.user(request, post.author),
            created_at=post.created_at,
            url=present.absolute(request, post.get_absolute_url()),
        )

    result = envelope(request, page, [hit(pk) for pk in page_ids if pk in rows], len(ids))
    hints = list(query.hints)
    if query.user_is_me and not who.is_authenticated:
        hints.append("“user:me” finds your own posts: log in or send a token.")
    result["hints"] = hints
    return result
