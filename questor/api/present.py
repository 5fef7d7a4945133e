"""Models to API schemas. Reads only what the selectors loaded: no query per item."""

from __future__ import annotations

from django.http import HttpRequest

from questor.accounts.models import User
from questor.api import schemas
from questor.moderation.models import Flag
from questor.notifications.models import Notification
from questor.qa.models import Category, Comment, Post, Revision, SuggestedEdit, Tag
from questor.qa.permissions import is_moderator


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def user(request: HttpRequest, person: User | None) -> schemas.UserOut | None:
    if person is None:
        return None
    return schemas.UserOut(
        id=person.pk,
        username=person.username,
        display_name=person.display_name,
        reputation=person.reputation,
        level=person.level.name,
        url=absolute(request, person.get_absolute_url()),
    )


def user_detail(
    request: HttpRequest, person: User, *, questions: int, answers: int
) -> schemas.UserDetailOut:
    base = user(request, person)
    assert base is not None
    return schemas.UserDetailOut(
        **base.model_dump(),
        about_html=person.about_html,
        joined_at=person.date_joined,
        question_count=questions,
        answer_count=answers,
        is_moderator=is_moderator(person),
    )


def question(request: HttpRequest, post: Post) -> schemas.QuestionOut:
    category = post.category
    return schemas.QuestionOut(
        id=post.pk,
        title=post.title,
        tags=post.tag_list,
        category=schemas.CategoryRef(slug=category.slug, name=category.name) if category else None,
        author=user(request, post.author),
        author_name=post.author_display,
        score=post.score,
        answer_count=post.answer_count,
        view_count=post.view_count,
        is_answered=post.is_answered,
        accepted_answer_id=post.accepted_answer_id,
        created_at=post.created_at,
        last_activity_at=post.last_activity_at,
        url=absolute(request, post.get_absolute_url()),
    )


def question_detail(request: HttpRequest, post: Post) -> schemas.QuestionDetailOut:
    return schemas.QuestionDetailOut(
        **question(request, post).model_dump(),
        body=post.body,
        body_html=post.body_html,
        comment_count=post.comment_count,
        revision_number=post.revision_number,
        last_edited_at=post.last_edited_at,
        is_closed=post.is_closed,
        close_reason=post.close_reason,
        duplicate_of=post.duplicate_of_id,
        is_locked=post.is_locked,
        is_protected=post.is_protected,
        is_deleted=post.is_deleted,
        held_for_review=post.held_for_review,
    )


def answer(request: HttpRequest, post: Post, *, accepted_id: int | None) -> schemas.AnswerOut:
    assert post.question_id is not None
    return schemas.AnswerOut(
        id=post.pk,
        question_id=post.question_id,
        author=user(request, post.author),
        author_name=post.author_display,
        body=post.body,
        body_html=post.body_html,
        score=post.score,
        is_accepted=accepted_id == post.pk,
        comment_count=post.comment_count,
        revision_number=post.revision_number,
        created_at=post.created_at,
        last_edited_at=post.last_edited_at,
        is_deleted=post.is_deleted,
        held_for_review=post.held_for_review,
        url=absolute(request, post.get_absolute_url()),
    )


def comment(request: HttpRequest, item: Comment) -> schemas.CommentOut:
    return schemas.CommentOut(
        id=item.pk,
        post_id=item.post_id,
        author=user(request, item.author),
        author_name=item.author_display,
        body=item.body,
        body_html=item.body_html,
        score=item.score,
        created_at=item.created_at,
        edited_at=item.edited_at,
    )


def revision(request: HttpRequest, item: Revision) -> schemas.RevisionOut:
    return schemas.RevisionOut(
        number=item.number,
        author=user(request, item.author),
        title=item.title,
        body=item.body,
        tags=item.tag_names.split(),
        comment=item.comment,
        created_at=item.created_at,
    )


def suggested_edit(item: SuggestedEdit) -> schemas.SuggestedEditOut:
    return schemas.SuggestedEditOut(
        id=item.pk,
        post_id=item.post_id,
        status=item.status,
        created_at=item.created_at,
        message="Your edit waits for review by a member with the edit privilege.",
    )


def tag(request: HttpRequest, item: Tag) -> schemas.TagOut:
    return schemas.TagOut(
        name=item.name,
        question_count=item.question_count,
        excerpt=item.excerpt,
        url=absolute(request, item.get_absolute_url()),
    )


def tag_detail(request: HttpRequest, item: Tag) -> schemas.TagDetailOut:
    return schemas.TagDetailOut(
        **tag(request, item).model_dump(), wiki_html=item.wiki_html, created_at=item.created_at
    )


def category(request: HttpRequest, item: Category) -> schemas.CategoryOut:
    return schemas.CategoryOut(
        slug=item.slug,
        name=item.name,
        description=item.description,
        question_count=item.question_count,
        url=absolute(request, item.get_absolute_url()),
    )


def flag(item: Flag) -> schemas.FlagOut:
    return schemas.FlagOut(
        id=item.pk,
        kind=item.kind,
        status=item.status,
        post_id=item.post_id,
        comment_id=item.comment_id,
        created_at=item.created_at,
    )


def notification(request: HttpRequest, item: Notification) -> schemas.NotificationOut:
    return schemas.NotificationOut(
        id=item.pk,
        kind=item.kind,
        summary=item.summary,
        url=absolute(request, item.url) if item.url.startswith("/") else None,
        actor=user(request, item.actor),
        question_id=item.question_id,
        post_id=item.post_id,
        comment_id=item.comment_id,
        created_at=item.created_at,
        read_at=item.read_at,
    )
