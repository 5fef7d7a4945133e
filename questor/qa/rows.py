"""The rows of the question lists (home tabs, tag, category and user pages) and of the
search results, in Python.

A list page is thirty of these rows (a results page twenty). As a template include each
row cost about a millisecond, nearly all of it Django's template engine resolving some
twenty variables; written here as one f-string with every value escaped, a row costs a
tenth of that, and the markup is the same. The rest of those pages stays in templates (the
question page's posts are written the same way, in post_parts.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from html import escape
from typing import Protocol
from urllib.parse import quote

from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone

from questor.lib.timeago import ago
from questor.qa.models import Post, PostType


class TagPreferences(Protocol):
    """The viewer's watched and ignored tags (questor.notifications.selectors builds them;
    qa sits below notifications, so it names only what it asks)."""

    def state(self, tag_names: list[str]) -> str: ...
    def chip_class(self, name: str) -> str: ...


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def thousands(number: int) -> str:
    """1234567 as "1,234,567": what humanize's intcomma writes in English, the site's
    only language (USE_I18N is off), without its trip through the locale machinery."""
    return f"{number:,d}"


@lru_cache(maxsize=4096)
def _tag_link(name: str, chip_class: str) -> str:
    # Percent-quoting a name goes through it byte by byte; a page shows the same few
    # dozen tags on row after row.
    return f'<a class="tag{chip_class}" href="/tags/{escape(quote(name))}/">{escape(name)}</a>'


def _tag_links(names: list[str], preferences: TagPreferences | None = None) -> str:
    if preferences is None:
        return "".join(_tag_link(name, "") for name in names)
    return "".join(_tag_link(name, preferences.chip_class(name)) for name in names)


def time_element(
    moment: datetime, *, now: datetime | None = None, zone: tzinfo | None = None
) -> str:
    """A <time> element: the moment in words ("3 hours ago"), exact in its attributes.
    A list passes the one `now` and time zone of all its rows."""
    local = moment.astimezone(zone or get_current_timezone())
    return (
        f'<time datetime="{local.isoformat()}" title="{local:%Y-%m-%d %H:%M}">'
        f"{escape(ago(moment, now))}</time>"
    )


def question_row(
    question: Post,
    preferences: TagPreferences | None = None,
    *,
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> str:
    """One row's HTML; every value from the database goes through `escape`."""
    tags = question.tag_list
    row_state = preferences.state(tags) if preferences else ""
    accepted = question.accepted_answer_id is not None
    answers = question.answer_count
    if accepted:
        answers_attributes = ' has-accepted" title="This question has an accepted answer'
    else:
        answers_attributes = " has-answers" if answers else ""
    category = question.category
    category_link = (
        f'<a class="category" href="/categories/{escape(category.slug)}/">'
        f"{escape(category.name)}</a>"
        if category is not None
        else ""
    )
    author = question.author
    if author is not None:
        byline = (
            f'<a href="{escape(author.get_absolute_url())}">{escape(author.name)}</a> '
            f'<span class="rep" title="reputation">{author.reputation:d}</span> '
            f'<span class="level" title="level">{escape(author.level.name)}</span>'
        )
    else:
        byline = escape(question.author_display)
    return (
        f'<li class="question-row{" " + row_state if row_state else ""}" '
        f'id="question-summary-{question.pk:d}">\n'
        '  <div class="stats">\n'
        f'    <div class="stat"><span class="num">{question.score:d}</span> '
        f"vote{_plural(question.score)}</div>\n"
        f'    <div class="stat answers{answers_attributes}"><span class="num">'
        f"{'✓ ' if accepted else ''}{answers:d}</span> answer{_plural(answers)}</div>\n"
        f'    <div class="stat views"><span class="num">{thousands(question.view_count)}'
        f"</span> view{_plural(question.view_count)}</div>\n"
        "  </div>\n"
        '  <div class="summary">\n'
        f'    <h3><a href="{escape(question.get_absolute_url())}">{escape(question.title)}</a>'
        "</h3>\n"
        '    <div class="row-meta">\n'
        f'      <span class="tags">{_tag_links(tags, preferences)}</span>\n'
        f"      {category_link}\n"
        f'      <span class="byline">{byline}\n'
        f"      asked {time_element(question.created_at, now=now, zone=zone)}</span>\n"
        "    </div>\n"
        "  </div>\n"
        "</li>\n"
    )


def question_rows(questions: Iterable[Post], preferences: TagPreferences | None) -> SafeString:
    now, zone = datetime.now(UTC), get_current_timezone()
    return mark_safe(  # noqa: S308 - escaped above
        "".join(question_row(q, preferences, now=now, zone=zone) for q in questions)
    )


def search_hit(post: Post, *, now: datetime | None = None, zone: tzinfo | None = None) -> str:
    """One search result: a question, or an answer under its question's title."""
    is_question = post.post_type == PostType.QUESTION
    question = post if is_question else (post.question or post)
    stats = ""
    if is_question:
        accepted = post.accepted_answer_id is not None
        answers = post.answer_count
        answers_class = " has-accepted" if accepted else (" has-answers" if answers else "")
        stats = (
            f'<div class="stat answers{answers_class}"><span class="num">'
            f"{'✓ ' if accepted else ''}{answers:d}</span> answer{_plural(answers)}</div>"
        )
    elif question.accepted_answer_id == post.pk:
        stats = '<div class="stat has-accepted"><span class="num">✓</span> accepted</div>'
    marks = (
        ('<span class="muted">[closed]</span>' if question.closed_at else "")
        + ('<span class="muted">[deleted]</span>' if post.is_deleted else "")
        + ('<span class="muted">[pending review]</span>' if post.held_for_review else "")
    )
    author = post.author
    byline = (
        f'<a href="{escape(author.get_absolute_url())}">{escape(author.name)}</a>'
        if author is not None
        else escape(post.author_display)
    )
    # The snippet is the engine's: escaped text with <mark> highlights (engine.snippets).
    snippet = getattr(post, "snippet", "")
    return (
        '<li class="question-row search-hit" '
        f'data-post-type="{"question" if is_question else "answer"}" data-post-id="{post.pk:d}">\n'
        '  <div class="stats">\n'
        f'    <div class="stat"><span class="num">{post.score:d}</span> '
        f"vote{_plural(post.score)}</div>\n"
        f"    {stats}\n"
        "  </div>\n"
        '  <div class="summary">\n'
        f'    <h3><a href="{escape(post.get_absolute_url())}">{"Q" if is_question else "A"}: '
        f"{escape(question.title)}</a>\n"
        f"      {marks}</h3>\n"
        f'    <p class="snippet">{snippet}</p>\n'
        '    <div class="row-meta">\n'
        f'      <span class="tags">{_tag_links(question.tag_list)}</span>\n'
        f'      <span class="byline">{byline}\n'
        f"      {'asked' if is_question else 'answered'} "
        f"{time_element(post.created_at, now=now, zone=zone)}</span>\n"
        "    </div>\n"
        "  </div>\n"
        "</li>"
    )


def search_hits(posts: Iterable[Post]) -> SafeString:
    now, zone = datetime.now(UTC), get_current_timezone()
    return mark_safe(  # noqa: S308 - escaped above
        "".join(search_hit(post, now=now, zone=zone) for post in posts)
    )
