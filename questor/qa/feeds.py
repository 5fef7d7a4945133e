"""RSS 2.0 and Atom 1.0 feeds: newest questions (all, by tag, by category), a question
with its answers, and a member's posts. Only public posts appear.

Each entry's id (RSS guid, Atom id) is the post's short link (/q/<id> or /a/<id>): it
names the post and never changes when its title (and so its long address) does."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from questor.accounts.models import User
from questor.qa.models import Category, Post, PostType, Tag
from questor.qa.permissions import can_see_post

FEED_SIZE = 30
_FORMATS: dict[str, type[SyndicationFeed]] = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def _public_questions() -> QuerySet[Post]:
    return (
        Post.objects.public()
        .filter(post_type=PostType.QUESTION)
        .select_related("author")
        .order_by("-created_at", "-id")
    )


def _public_answers() -> QuerySet[Post]:
    return Post.objects.public().filter(
        post_type=PostType.ANSWER,
        question__is_deleted=False,
        question__hidden_by_flags=False,
        question__held_for_review=False,
    )


class PostFeed(Feed[Post, Any]):
    """Shared item rendering; subclasses say which posts and which format."""

    description_template = None

    def __init__(self, format_name: str) -> None:
        super().__init__()
        if format_name not in _FORMATS:
            raise Http404("Feeds are .rss or .atom.")
        self.format_name = format_name
        self.feed_type = _FORMATS[format_name]

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().__call__(request, *args, **kwargs)
        # Plain XML types: browsers show them, and readers accept them.
        response["Content-Type"] = (
            "application/atom+xml; charset=utf-8"
            if self.format_name == "atom"
            else "application/rss+xml; charset=utf-8"
        )
        return response

    def item_title(self, item: Post) -> str:
        if item.post_type == PostType.QUESTION:
            return item.title
        assert item.question is not None
        return f"Answer to: {item.question.title}"

    def item_description(self, item: Post) -> str:
        return item.body_html  # sanitized HTML, escaped by the feed writer

    def item_link(self, item: Post) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Post) -> str:
        return self._absolute(f"/{'q' if item.post_type == PostType.QUESTION else 'a'}/{item.pk}")

    item_guid_is_permalink = True

    def item_pubdate(self, item: Post) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.last_edited_at or item.created_at

    def item_author_name(self, item: Post) -> str:
        return item.author_display

    def item_categories(self, item: Post) -> list[str]:
        return item.tag_list if item.post_type == PostType.QUESTION else []

    def get_feed(self, obj: Any, request: HttpRequest) -> SyndicationFeed:
        self._request = request
        return super().get_feed(obj, request)

    def _absolute(self, path: str) -> str:
        return self._request.build_absolute_uri(path)


class NewestQuestionsFeed(PostFeed):
    def title(self) -> str:
        from django.conf import settings

        return f"Newest questions - {settings.SITE_NAME}"

    def link(self) -> str:
        return "/"

    def description(self) -> str:
        return "The newest questions."

    def items(self) -> list[Post]:
        return list(_public_questions()[:FEED_SIZE])


class TagFeed(PostFeed):
    def get_object(self, request: HttpRequest, name: str) -> Tag:
        return get_object_or_404(Tag, name=name.lower())

    def title(self, obj: Tag) -> str:
        return f"Newest questions tagged {obj.name}"

    def link(self, obj: Tag) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Tag) -> str:
        return obj.excerpt or f"The newest questions tagged {obj.name}."

    def items(self, obj: Tag) -> list[Post]:
        return list(_public_questions().filter(posttag__tag=obj)[:FEED_SIZE])


class CategoryFeed(PostFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category) -> str:
        return f"Newest questions in {obj.name}"

    def link(self, obj: Category) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Category) -> str:
        return obj.description or f"The newest questions in {obj.name}."

    def items(self, obj: Category) -> list[Post]:
        return list(_public_questions().filter(category=obj)[:FEED_SIZE])


class QuestionFeed(PostFeed):
    """A question and its answers, oldest first (the question is the first entry)."""

    def get_object(self, request: HttpRequest, question_id: int) -> Post:
        question = (
            Post.objects.public()
            .filter(pk=question_id, post_type=PostType.QUESTION)
            .select_related("author")
            .first()
        )
        if question is None:
            raise Http404("No such question.")
        return question

    def title(self, obj: Post) -> str:
        return obj.title

    def link(self, obj: Post) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Post) -> str:
        return f"The question “{obj.title}” and its answers."

    def items(self, obj: Post) -> list[Post]:
        answers = list(
            _public_answers()
            .filter(question=obj)
            .select_related("author")
            .order_by("created_at", "id")[: FEED_SIZE * 4]
        )
        for answer in answers:
            answer.question = obj
        return [obj, *answers]


class UserFeed(PostFeed):
    def get_object(self, request: HttpRequest, user_id: int) -> User:
        return get_object_or_404(User, pk=user_id, is_active=True)

    def title(self, obj: User) -> str:
        return f"Posts by {obj.name}"

    def link(self, obj: User) -> str:
        return obj.get_absolute_url()

    def description(self, obj: User) -> str:
        return f"The newest questions and answers by {obj.name}."

    def items(self, obj: User) -> list[Post]:
        posts = (
            Post.objects.public()
            .filter(author=obj)
            .select_related("author", "question")
            .order_by("-created_at", "-id")
        )
        visible = []
        for post in posts[: FEED_SIZE * 2]:
            if post.question is not None and not can_see_post(_ANONYMOUS, post.question):
                continue
            visible.append(post)
        return visible[:FEED_SIZE]


class _Anonymous:
    is_authenticated = False
    pk = None


_ANONYMOUS: Any = _Anonymous()


def newest_questions(request: HttpRequest, fmt: str) -> Any:
    return NewestQuestionsFeed(fmt)(request)


def tag_feed(request: HttpRequest, name: str, fmt: str) -> Any:
    return TagFeed(fmt)(request, name=name)


def category_feed(request: HttpRequest, slug: str, fmt: str) -> Any:
    return CategoryFeed(fmt)(request, slug=slug)


def question_feed(request: HttpRequest, question_id: int, fmt: str) -> Any:
    return QuestionFeed(fmt)(request, question_id=question_id)


def user_feed(request: HttpRequest, user_id: int, fmt: str) -> Any:
    return UserFeed(fmt)(request, user_id=user_id)
