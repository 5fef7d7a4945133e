from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from questor.qa import post_parts, rows

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """mapping[key], or None: for per-post lookups such as the viewer's votes."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def question_rows(questions: Any, preferences: Any = None) -> SafeString:
    """A question list's rows (questor/qa/rows.py says why they are not a template)."""
    return rows.question_rows(questions, preferences)


@register.simple_tag
def search_hits(posts: Any) -> SafeString:
    """A results page's hits (questor/qa/rows.py says why they are not a template)."""
    return rows.search_hits(posts)


# The parts of the question page that repeat for every post (questor/qa/post_parts.py
# says why they are not templates). The question page hands in its Viewer; fragments
# (the htmx answers of the vote and comment views) have one made from their context.


def _viewer(context: template.Context) -> post_parts.Viewer:
    viewer = context.get("viewer")
    return viewer if viewer is not None else post_parts.Viewer.from_context(context)


@register.simple_tag(takes_context=True)
def vote_widget(context: template.Context, post: Any, user_vote: int | None = None) -> SafeString:
    return post_parts.safe(post_parts.vote_widget(post, user_vote, _viewer(context)))


@register.simple_tag(takes_context=True)
def accept_control(
    context: template.Context, answer: Any, accepted_answer_id: int | None
) -> SafeString:
    accepted = answer.pk == accepted_answer_id
    return post_parts.safe(post_parts.accept_control(answer, accepted, _viewer(context)))


@register.simple_tag(takes_context=True)
def post_footer(context: template.Context, post: Any) -> SafeString:
    return post_parts.safe(post_parts.post_footer(post, _viewer(context)))


@register.simple_tag(takes_context=True)
def comments_block(context: template.Context, post: Any, comments: Any, form: Any) -> SafeString:
    viewer = _viewer(context)
    return post_parts.safe(post_parts.comments_block(post, comments or [], form, viewer))


@register.simple_tag(takes_context=True)
def comment_item(context: template.Context, comment: Any) -> SafeString:
    return post_parts.safe(post_parts.comment_item(comment, _viewer(context)))


@register.simple_tag(takes_context=True)
def comment_form(context: template.Context, post: Any, form: Any) -> SafeString:
    return post_parts.safe(post_parts.comment_form(post, form, _viewer(context)))


@register.simple_tag(takes_context=True)
def answer_articles(context: template.Context, answers: Any) -> SafeString:
    viewer = _viewer(context)
    accepted_answer_id = context["question"].accepted_answer_id
    user_votes = context.get("user_votes") or {}
    comments = context.get("comments") or {}
    comment_forms = context.get("comment_forms") or {}
    return post_parts.safe(
        "".join(
            post_parts.answer_article(
                answer,
                accepted_answer_id=accepted_answer_id,
                user_vote=user_votes.get(answer.pk),
                comments=comments.get(answer.pk, []),
                comment_form=comment_forms.get(answer.pk),
                viewer=viewer,
            )
            for answer in answers
        )
    )
