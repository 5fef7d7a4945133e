"""The parts of the question page that repeat for every post, in Python: the vote
widget, the accept button, the footer (actions, dates, author, attribution) and the
comments.

A question page is mostly these parts, once for the question and once per answer. As
template includes they cost about half a millisecond per post, nearly all of it Django's
template engine resolving variables and `{% if %}` chains; here each part is one
f-string with every value from the database escaped (as rows.py does for list rows). The
permission rules stay in questor.qa.permissions: the page asks them once and hands the
answers in as a `Viewer`. What a page's layout is (banners, headings, the answer form)
stays in templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from questor.lib.timeago import ago
from questor.qa.models import Comment, Post
from questor.qa.rows import thousands, time_element


@dataclass(frozen=True)
class Viewer:
    """Who is looking at the page, and what the page lets them do (questor.qa.permissions
    decides; these are its answers for this page's question)."""

    user_id: int | None  # None: anonymous
    is_staff: bool = False
    is_moderator: bool = False
    can_close: bool = False
    can_reopen: bool = False
    can_vote_to_delete: bool = False
    can_comment_everywhere: bool = False
    question_author_id: int | None = None
    # The hidden CSRF field of every form (Django's {% csrf_token %}), "" without one.
    csrf_input: str = ""

    @classmethod
    def of(cls, user: Any, csrf_token: Any, **may: Any) -> Viewer:
        """`user` (signed in or not), with the form token and what the page lets them do
        (`may`: the permission fields above)."""
        signed_in = bool(user is not None and user.is_authenticated)
        return cls(
            user_id=user.pk if signed_in else None,
            is_staff=signed_in and bool(user.is_staff),
            csrf_input=csrf_input(csrf_token),
            **may,
        )

    @classmethod
    def from_context(cls, context: Any) -> Viewer:
        """The viewer of an htmx fragment (a vote's new widget, a new comment): who they
        are. The question page builds its Viewer itself, with what they may do there."""
        return cls.of(context.get("user"), context.get("csrf_token"))


def csrf_input(token: Any) -> str:
    """What Django's {% csrf_token %} writes."""
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's marker, not a secret
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'


def _iso(moment: datetime) -> str:
    return localtime(moment).isoformat()


def _post_form(action: str, label: str, viewer: Viewer) -> str:
    """A one-button form that posts to `action` (undelete, unlock, …)."""
    return (
        f'<form method="post" action="{action}" class="inline-form">{viewer.csrf_input}'
        f'<button type="submit" class="link-button">{label}</button></form>'
    )


def vote_widget(post: Post, user_vote: int | None, viewer: Viewer) -> str:
    """The score between its two buttons; the vote view answers htmx with the same."""
    pid = f"{post.pk:d}"
    up, down = user_vote == 1, user_vote == -1
    return (
        f'<div class="vote" id="vote-{pid}" data-score="{post.score:d}">\n'
        f'  <form method="post" action="/posts/{pid}/vote/" hx-post="/posts/{pid}/vote/" '
        f'hx-target="#vote-{pid}" hx-swap="outerHTML">\n'
        f"    {viewer.csrf_input}\n"
        f'    <button type="submit" name="direction" value="up" '
        f'class="vote-up{" on" if up else ""}" aria-label="Upvote" '
        f'aria-pressed="{"true" if up else "false"}" title="This is useful and clear">▲</button>\n'
        f'    <span class="score" aria-live="polite" title="score">{post.score:d}</span>\n'
        f'    <button type="submit" name="direction" value="down" '
        f'class="vote-down{" on" if down else ""}" aria-label="Downvote" '
        f'aria-pressed="{"true" if down else "false"}" title="This is not useful">▼</button>\n'
        "  </form>\n"
        "</div>\n"
    )


def accept_control(answer: Post, accepted: bool, viewer: Viewer) -> str:
    """The asker's accept button, or everyone else's mark on the accepted answer."""
    if viewer.user_id is not None and viewer.user_id == viewer.question_author_id:
        if answer.is_deleted:
            return ""
        title = (
            "You accepted this answer; click to undo"
            if accepted
            else "Accept this answer: it solved your problem"
        )
        return (
            f'<form method="post" action="/posts/{answer.pk:d}/accept/" class="accept-form">'
            f"{viewer.csrf_input}\n"
            f'  <button type="submit" class="accept{" on" if accepted else ""}" '
            f'aria-label="Accept this answer" aria-pressed="{"true" if accepted else "false"}" '
            f'title="{title}">✓</button>\n'
            "</form>\n"
        )
    if accepted:
        return (
            '<span class="accepted-mark" title="The asker accepted this answer" '
            'aria-label="Accepted answer">✓</span>\n'
        )
    return ""


def _actions(post: Post, viewer: Viewer) -> list[str]:
    """The links and buttons under a post, each shown only to whom may use it (the views
    refuse it anyway)."""
    pid = f"{post.pk:d}"
    links: list[str] = []
    mine = viewer.user_id is not None and post.author_id == viewer.user_id
    if viewer.user_id is not None and not post.is_deleted:
        if not post.is_locked or viewer.is_moderator:
            links.append(f'<a href="/posts/{pid}/edit/">Edit</a>')
        if viewer.is_moderator or (mine and not post.is_locked and not post.answer_count):
            links.append(f'<a href="/posts/{pid}/delete/">Delete</a>')
        if not mine:
            links.append(f'<a href="/posts/{pid}/flag/">Flag</a>')
        if post.is_question:
            if viewer.can_close:
                links.append(f'<a href="/posts/{pid}/close/">Close</a>')
            if viewer.can_reopen:
                links.append(f'<a href="/posts/{pid}/reopen/">Reopen</a>')
            if viewer.can_vote_to_delete and not viewer.is_moderator:
                links.append(_post_form(f"/posts/{pid}/delete-vote/", "Vote to delete", viewer))
    if viewer.is_moderator:
        if post.is_deleted:
            links.append(_post_form(f"/posts/{pid}/undelete/", "Undelete", viewer))
        if post.is_locked:
            links.append(_post_form(f"/posts/{pid}/unlock/", "Unlock", viewer))
        else:
            links.append(f'<a href="/posts/{pid}/lock/">Lock</a>')
        if post.is_question:
            if post.is_protected:
                links.append(_post_form(f"/posts/{pid}/unprotect/", "Unprotect", viewer))
            else:
                links.append(f'<a href="/posts/{pid}/protect/">Protect</a>')
    if post.revision_number > 1:
        history = (
            f"/questions/{pid}/{post.slug}/revisions/"
            if post.is_question
            else f"/posts/{pid}/revisions/"
        )
        links.append(f'<a href="{escape(history)}">History</a>')
    kind = "question" if post.is_question else "answer"
    short = f"/q/{pid}" if post.is_question else f"/a/{pid}"
    links.append(f'<a href="{short}" title="Short link to this {kind}">Share</a>')
    return links


def _attribution(post: Post) -> str:
    """Where an imported post came from, as its licence (CC BY-SA) requires."""
    if not post.source_site:
        return ""
    author_name = escape(post.source_author or post.author_display)
    author_url = post.author.source_url if post.author is not None else ""
    by = (
        f'<a href="{escape(author_url)}" rel="nofollow">{author_name}</a>'
        if author_url
        else author_name
    )
    site = escape(post.source_site)
    on = (
        f'<a href="{escape(post.source_url)}" rel="nofollow">{site}</a>'
        if post.source_url
        else site
    )
    licence = post.content_license
    if licence.startswith("CC BY-SA "):
        licence_html = (
            f'<a href="https://creativecommons.org/licenses/by-sa/{escape(licence[9:])}/" '
            f'rel="license nofollow">{escape(licence)}</a>'
        )
    else:
        licence_html = escape(licence or "license unknown")
    return (
        f'<div class="attribution muted">Originally posted by {by} on {on} ({licence_html})</div>\n'
    )


def post_footer(post: Post, viewer: Viewer) -> str:
    """Actions, the last edit, the author's card and, for imported posts, attribution."""
    edited = ""
    if post.last_edited_at:
        editor = post.last_editor if post.last_editor_id is not None else None
        by = (
            f" by {escape(editor.name)}"
            if editor is not None and post.last_editor_id != post.author_id
            else ""
        )
        edited = (
            f'  <div class="edited muted">edited <time datetime="{_iso(post.last_edited_at)}">'
            f"{escape(ago(post.last_edited_at))}</time>{by}</div>\n"
        )
    author = post.author
    if author is not None:
        who = (
            f'<a href="{escape(author.get_absolute_url())}">{escape(author.name)}</a> '
            f'<span class="rep" title="reputation">{thousands(author.reputation)}</span> '
            f'<span class="level" title="level">{escape(author.level.name)}</span>'
        )
    else:
        who = escape(post.author_display)
    action_links = "\n    ".join(_actions(post, viewer))
    return (
        '<div class="post-footer">\n'
        f'  <div class="post-actions">\n    {action_links}\n  </div>\n'
        f"{edited}"
        '  <div class="author-card">\n'
        f'    <span class="muted">{"asked" if post.is_question else "answered"} '
        f"{time_element(post.created_at)}</span><br>\n"
        f"    {who}\n"
        "  </div>\n"
        f"{_attribution(post)}"
        "</div>\n"
    )


def comment_item(comment: Comment, viewer: Viewer) -> str:
    """One comment; its body is the sanitized HTML rendered when it was saved."""
    author = comment.author
    who = (
        f'<a href="{escape(author.get_absolute_url())}">{escape(author.name)}</a>'
        if author is not None
        else escape(comment.author_display)
    )
    controls = ""
    mine = viewer.user_id is not None and comment.author_id == viewer.user_id
    if mine or viewer.is_staff:
        cid = f"{comment.pk:d}"
        controls += (
            f'\n  <a class="muted small" href="/comments/{cid}/edit/">edit</a>\n'
            f'  <form method="post" action="/comments/{cid}/delete/" class="inline-form">'
            f'{viewer.csrf_input}<button class="link-button muted small" type="submit" '
            'data-confirm="Delete this comment?">delete</button></form>'
        )
    if viewer.user_id is not None and not mine:
        controls += (
            f'\n  <a class="muted small" href="/comments/{comment.pk:d}/flag/" '
            'aria-label="Flag this comment">flag</a>'
        )
    edited = ' <span class="muted">(edited)</span>' if comment.edited_at else ""
    return (
        f'<li class="comment" id="comment-{comment.pk:d}">\n'
        f'  <span class="comment-body">{comment.body_html}</span>\n'
        f'  – {who}\n  <time class="muted" datetime="{_iso(comment.created_at)}">'
        f"{escape(ago(comment.created_at))}</time>{edited}{controls}\n"
        "</li>\n"
    )


def comment_form(post: Post, form: Any, viewer: Viewer) -> str:
    """The form that adds a comment under `post` (htmx swaps it for the new comment)."""
    pid = f"{post.pk:d}"
    return (
        f'<form method="post" action="/posts/{pid}/comments/" class="comment-form" '
        f'id="comment-form-{pid}"\n      hx-post="/posts/{pid}/comments/" hx-target="this" '
        'hx-swap="outerHTML">\n'
        f"  {viewer.csrf_input}\n"
        f"  {form['body'].as_field_group()}\n"
        '  <button type="submit" class="button small">Add comment</button>\n'
        "</form>\n"
    )


def comments_block(post: Post, comments: list[Comment], form: Any, viewer: Viewer) -> str:
    """A post's comments, then "Add a comment" for those who may (`form` is the post's
    comment form, rendered only when it is shown)."""
    items = "".join(comment_item(comment, viewer) for comment in comments)
    adder = ""
    if may_comment(post, viewer):
        adder = (
            f'  <details class="add-comment"{" open" if form.errors else ""}>\n'
            "    <summary>Add a comment</summary>\n"
            f"{comment_form(post, form, viewer)}"
            "  </details>\n"
        )
    return (
        '<div class="comments">\n'
        f'  <ul class="comment-list" id="comments-{post.pk:d}">\n{items}  </ul>\n'
        f"{adder}"
        "</div>\n"
    )


def answer_article(
    answer: Post,
    *,
    accepted_answer_id: int | None,
    user_vote: int | None,
    comments: list[Comment],
    comment_form: Any,
    viewer: Viewer,
) -> str:
    """One answer on its question's page: its marks, votes, body, footer and comments."""
    accepted = answer.pk == accepted_answer_id
    accepted_mark = ' data-accepted="true"' if accepted else ""
    classes = " accepted" if accepted else ""
    classes += " deleted" if answer.is_deleted else ""
    banners = ""
    if answer.is_deleted:
        banners += (
            '<p class="banner">This answer is deleted; only you and moderators can see it.</p>'
        )
    if answer.hidden_by_flags:
        banners += (
            '<p class="banner">This answer is hidden by members\' flags until a moderator '
            "looks at it.</p>"
        )
    if answer.held_for_review:
        held = (
            'The spam check held this answer; <a href="/moderation/held/">review it</a>.'
            if viewer.is_moderator
            else "Our spam check held this answer for a moderator. Only you and moderators "
            "can see it until it is approved."
        )
        banners += (
            f'<p class="banner pending-review" role="note"><strong>Pending review.</strong> '
            f"{held}</p>"
        )
    if answer.is_locked:
        banners += (
            '<p class="banner locked-banner" role="note"><strong>Locked.</strong> '
            f"{escape(answer.lock_reason)}</p>"
        )
    return (
        f'<article class="post answer{classes}" id="answer-{answer.pk:d}" '
        f'data-score="{answer.score:d}"{accepted_mark}>\n'
        f"{banners}"
        '<div class="post-layout">\n'
        '<div class="vote-column">\n'
        f"{vote_widget(answer, user_vote, viewer)}"
        f"{accept_control(answer, accepted, viewer)}"
        "</div>\n"
        '<div class="post-main">\n'
        # Sanitized when it was saved (questor.lib.markdown, or nh3 at import).
        f'<div class="prose post-body">{answer.body_html}</div>\n'
        f"{post_footer(answer, viewer)}"
        f"{comments_block(answer, comments, comment_form, viewer)}"
        "</div>\n"
        "</div>\n"
        "</article>\n"
    )


def may_comment(post: Post, viewer: Viewer) -> bool:
    """Whether the page offers "Add a comment" under the post (the comment view checks
    the same rule, questor.qa.permissions.can_comment)."""
    if viewer.user_id is None or post.is_deleted:
        return False
    return viewer.can_comment_everywhere or viewer.user_id in (
        post.author_id,
        viewer.question_author_id,
    )


def safe(html: str) -> SafeString:
    return mark_safe(html)  # noqa: S308 - every part above escapes what it takes from the database
