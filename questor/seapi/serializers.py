"""Rows to Stack Exchange shapes. Dates are integer unix seconds; titles, names and
excerpts are HTML-escaped as SE's safe filters escape them (`&#39;` for apostrophes);
an optional field that does not apply is left out, never null. Fields beyond a type's
`default` set appear only when the filter asks for them."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from questor.accounts.models import User
from questor.qa.models import BadgeTier, Comment, Post, PostType, Tag
from questor.seapi import conf, selectors
from questor.seapi.filters import Filter

Item = dict[str, Any]
AVATAR_PATH = "/static/questor/favicon.svg"


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def escape(text: str) -> str:
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def _user_type(user: User) -> str:
    return "moderator" if (user.is_staff or user.in_moderators_group) else "registered"


def user_link(user: User) -> str:
    # Built by hand: imported dumps have the Community user, id -1, which no URL pattern
    # of the site reverses.
    return f"{conf.site_url()}/users/{user.pk}/{user.slug}/"


def question_link(post_id: int, title: str) -> str:
    question = Post(pk=post_id, title=title, post_type=PostType.QUESTION)
    return conf.site_url() + question.get_absolute_url()


def shallow_user(user: User | None, fallback_name: str, filt: Filter) -> Item:
    if user is None:
        return {
            "user_type": "does_not_exist",
            "display_name": escape(fallback_name or "deleted user"),
        }
    item = {
        "reputation": user.reputation,
        "user_id": user.pk,
        "user_type": _user_type(user),
        "profile_image": conf.site_url() + AVATAR_PATH,
        "display_name": escape(user.name),
        "link": user_link(user),
    }
    return filt.project("shallow_user", item)


def _owner(post: Post | Comment, filt: Filter) -> Item:
    return shallow_user(post.author, post.author_name, filt)


def _license(post: Post | Comment) -> str:
    return post.content_license or conf.content_license()


def _post_dates(post: Post, item: Item) -> None:
    item["last_activity_date"] = epoch(post.last_activity_at)
    if post.last_edited_at is not None:
        item["last_edit_date"] = epoch(post.last_edited_at)
    item["creation_date"] = epoch(post.created_at)


def _close_reason(post: Post) -> str:
    label = str(post.get_close_reason_display() or "closed")
    return escape(label[:1].upper() + label[1:])


def question(
    post: Post,
    filt: Filter,
    *,
    answers: list[Post] | None = None,
    comments: dict[int, list[Comment]] | None = None,
) -> Item:
    item: Item = {
        "tags": post.tag_list,
        "owner": _owner(post, filt),
        "is_answered": post.is_answered,
        "view_count": post.view_count,
    }
    if post.accepted_answer_id is not None:
        item["accepted_answer_id"] = post.accepted_answer_id
    item["answer_count"] = post.answer_count
    item["score"] = post.score
    _post_dates(post, item)
    if post.closed_at is not None:
        item["closed_date"] = epoch(post.closed_at)
        item["closed_reason"] = _close_reason(post)
    if post.is_locked and post.locked_at is not None:
        item["locked_date"] = epoch(post.locked_at)
    if post.is_protected and post.protected_at is not None:
        item["protected_date"] = epoch(post.protected_at)
    item["question_id"] = post.pk
    item["content_license"] = _license(post)
    item["link"] = question_link(post.pk, post.title)
    item["title"] = escape(post.title)
    if filt.has("question.body"):
        item["body"] = post.body_html
    if comments is not None and filt.has("question.comments"):
        item["comment_count"] = len(comments.get(post.pk, []))
        item["comments"] = [comment(c, filt) for c in comments.get(post.pk, [])]
    if answers is not None and filt.has("question.answers"):
        item["answers"] = [answer(a, filt, comments=comments) for a in answers]
    return item


def answer(post: Post, filt: Filter, *, comments: dict[int, list[Comment]] | None = None) -> Item:
    item: Item = {
        "owner": _owner(post, filt),
        "is_accepted": getattr(post, "parent_accepted_id", None) == post.pk,
        "score": post.score,
    }
    _post_dates(post, item)
    if post.is_locked and post.locked_at is not None:
        item["locked_date"] = epoch(post.locked_at)
    item["answer_id"] = post.pk
    item["question_id"] = post.question_id
    item["content_license"] = _license(post)
    if filt.has("answer.body"):
        item["body"] = post.body_html
    if comments is not None and filt.has("answer.comments"):
        item["comment_count"] = len(comments.get(post.pk, []))
        item["comments"] = [comment(c, filt) for c in comments.get(post.pk, [])]
    return item


def comment(row: Comment, filt: Filter) -> Item:
    item: Item = {
        "owner": _owner(row, filt),
        "edited": row.edited_at is not None,
        "score": row.score,
        "creation_date": epoch(row.created_at),
        "post_id": row.post_id,
        "comment_id": row.pk,
        "content_license": _license(row),
    }
    if filt.has("comment.body"):
        item["body"] = row.body_html
    if filt.has("comment.post_type"):
        parent_type = getattr(row, "parent_type", PostType.QUESTION)
        item["post_type"] = "question" if parent_type == PostType.QUESTION else "answer"
    return item


def post(row: Post, filt: Filter) -> Item:
    is_question = row.post_type == PostType.QUESTION
    title = row.title if is_question else str(getattr(row, "parent_title", "") or "")
    item: Item = {"owner": _owner(row, filt), "score": row.score}
    _post_dates(row, item)
    item["post_type"] = "question" if is_question else "answer"
    item["post_id"] = row.pk
    item["content_license"] = _license(row)
    item["link"] = (
        question_link(row.pk, row.title) if is_question else f"{conf.site_url()}/a/{row.pk}"
    )
    if filt.has("post.title"):
        item["title"] = escape(title)
    if filt.has("post.body_markdown"):
        item["body_markdown"] = escape(row.body)
    if filt.has("question.body"):
        item["body"] = row.body_html
    return filt.project("post", item)


def users(rows: list[User], filt: Filter) -> list[Item]:
    ids = [user.pk for user in rows]
    badges = selectors.badge_counts(ids)
    changes = selectors.reputation_changes(ids)
    counts = selectors.post_counts(ids) if filt.has("user.answer_count") else {}
    return [
        user(row, filt, badges.get(row.pk, {}), changes.get(row.pk, {}), counts) for row in rows
    ]


def user(
    row: User,
    filt: Filter,
    badges: dict[int, int],
    changes: dict[str, int],
    counts: dict[int, tuple[int, int]],
) -> Item:
    item: Item = {
        "badge_counts": {
            "bronze": badges.get(BadgeTier.BRONZE, 0),
            "silver": badges.get(BadgeTier.SILVER, 0),
            "gold": badges.get(BadgeTier.GOLD, 0),
        },
        "is_employee": False,
    }
    if row.last_login is not None:
        item["last_access_date"] = epoch(row.last_login)
    for period in ("year", "quarter", "month", "week", "day"):
        item[f"reputation_change_{period}"] = changes.get(period, 0)
    item["reputation"] = row.reputation
    item["creation_date"] = epoch(row.date_joined)
    item["user_type"] = _user_type(row)
    item["user_id"] = row.pk
    item["link"] = user_link(row)
    item["profile_image"] = conf.site_url() + AVATAR_PATH
    item["display_name"] = escape(row.name)
    if filt.has("user.answer_count"):
        question_count, answer_count = counts.get(row.pk, (0, 0))
        item["answer_count"] = answer_count
        item["question_count"] = question_count
    if filt.has("user.about_me") and row.about_html:
        item["about_me"] = row.about_html
    return item


def tag(row: Tag, filt: Filter) -> Item:
    return {
        "has_synonyms": False,
        "is_moderator_only": False,
        "is_required": False,
        "count": row.question_count,
        "name": row.name,
    }


def site(filt: Filter) -> Item:
    from django.conf import settings

    base = conf.site_url()
    icon = base + "/static/questor/favicon.svg"
    return {
        "aliases": [f"https://{alias}" for alias in conf.site_aliases() if "." in alias],
        "styling": {
            "link_color": "#0077CC",
            "tag_foreground_color": "#3E6D8E",
            "tag_background_color": "#E0EAF1",
        },
        "related_sites": [],
        "markdown_extensions": [],
        "launch_date": int(getattr(settings, "SEAPI_LAUNCH_DATE", 0)),
        "site_state": "normal",
        "high_resolution_icon_url": icon,
        "favicon_url": icon,
        "icon_url": icon,
        "audience": escape(str(settings.SITE_TAGLINE)),
        "site_url": base,
        "api_site_parameter": conf.api_site_parameter(),
        "logo_url": icon,
        "name": escape(str(settings.SITE_NAME)),
        "site_type": "main_site",
    }


def info(totals: dict[str, int | float], filt: Filter) -> Item:
    item: Item = {**totals, "api_revision": conf.API_REVISION}
    if filt.has("info.site"):
        item["site"] = site(filt)
    return item


def search_excerpt(row: Post, excerpt_html: str, body_text: str, question_row: Post) -> Item:
    """A /search/excerpts item; `question_row` is the post itself for a question."""
    item: Item = {
        "tags": question_row.tag_list,
        "question_score": question_row.score,
    }
    if row.post_type == PostType.QUESTION:
        item["has_accepted_answer"] = row.accepted_answer_id is not None
        item["answer_count"] = row.answer_count
    else:
        item["is_accepted"] = question_row.accepted_answer_id == row.pk
        item["answer_id"] = row.pk
    item["is_answered"] = question_row.is_answered
    item["question_id"] = question_row.pk
    item["item_type"] = "question" if row.post_type == PostType.QUESTION else "answer"
    item["score"] = row.score
    item["last_activity_date"] = epoch(row.last_activity_at)
    item["creation_date"] = epoch(row.created_at)
    if question_row.closed_at is not None:
        item["closed_date"] = epoch(question_row.closed_at)
    item["body"] = escape(body_text)
    item["excerpt"] = excerpt_html
    item["title"] = escape(question_row.title)
    return item
