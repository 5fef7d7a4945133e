"""Inbox entries for what happened, and their immediate emails.

Everything here runs inside the transaction of the action that caused it (qa calls it
through questor/qa/notify.py): the entries commit or roll back with the post, and
immediate emails are queued for the worker only once that transaction commits.

`notify()` is the public entry point for other apps (moderator messages, flag outcomes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from questor.accounts.models import User
from questor.core.tasks import enqueue_email
from questor.lib import rawsql
from questor.notifications.emails import can_email, notification_email
from questor.notifications.models import (
    Delivery,
    Follow,
    Kind,
    Notification,
    NotificationSetting,
    default_delivery,
)
from questor.qa.models import Badge, Comment, Post, SuggestedEdit, SuggestedEditStatus

# @name: the username rules (3 to 30 of letters, digits, _ . -), not inside a word or an
# email address; a sentence's full stop after the name is not part of it.
MENTION = re.compile(r"(?<![\w@.\-/])@([A-Za-z0-9_.\-]{3,30})")
MAX_MENTIONS = 10
SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class Event:
    recipient_id: int
    kind: str
    summary: str
    url: str = ""
    actor_id: int | None = None
    question_id: int | None = None
    post_id: int | None = None
    comment_id: int | None = None


def notify(
    recipient_id: int,
    *,
    kind: str,
    text: str,
    url: str = "",
    actor_id: int | None = None,
) -> Notification | None:
    """Put one entry in a member's inbox (and email it per their settings).

    For other apps: kind="moderator_message" or "flag_outcome" (any Kind value works);
    `text` is plain text (escaped wherever shown), `url` a path on this site. Call it
    inside your transaction: the email is queued when it commits. Returns the entry, or
    None when the recipient does not exist or is inactive.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}; use one of {Kind.values}.")
    created = deliver([Event(recipient_id, kind, text, url=url, actor_id=actor_id)])
    return created[0] if created else None


def deliver(events: Iterable[Event], *, one_per_recipient: bool = True) -> list[Notification]:
    """Record the events (one per recipient unless told otherwise: the first listed wins;
    never to the actor themselves, nor to inactive accounts) and queue the immediate
    emails. A fixed number of queries, however many events."""
    chosen: list[Event] = []
    seen: set[int] = set()
    for event in events:
        if not event.recipient_id or event.recipient_id == event.actor_id:
            continue
        if one_per_recipient and event.recipient_id in seen:
            continue
        seen.add(event.recipient_id)
        chosen.append(event)
    if not chosen:
        return []
    users, chosen_settings = _recipients(sorted(seen), sorted({event.kind for event in chosen}))
    now = timezone.now()
    rows: list[Notification] = []
    for event in sorted(chosen, key=lambda event: event.recipient_id):
        recipient_id = event.recipient_id
        user = users.get(recipient_id)
        if user is None:
            continue
        delivery = chosen_settings.get((recipient_id, event.kind)) or default_delivery(event.kind)
        immediate = delivery == Delivery.IMMEDIATE and can_email(user)
        rows.append(
            Notification(
                recipient_id=recipient_id,
                kind=event.kind,
                actor_id=event.actor_id,
                question_id=event.question_id,
                post_id=event.post_id,
                comment_id=event.comment_id,
                url=event.url[:500],
                summary=_clip(event.summary),
                created_at=now,
                delivery=delivery,
                emailed_at=now if immediate else None,
            )
        )
    # One INSERT without compiling bulk_create's (questor/lib/rawsql.py); nothing listens.
    created = rawsql.save_new_all(rows)
    for notification in created:
        if notification.emailed_at is not None:
            email = notification_email(notification, users[notification.recipient_id])
            enqueue_email(
                to=email.to,
                subject=email.subject,
                text=email.text,
                html=email.html,
                headers=email.headers,
            )
    return created


# What deliver() reads of a recipient (the email needs the name and the address).
_RECIPIENT_FIELDS = ("id", "username", "display_name", "email", "email_verified", "is_active")


def _recipients(
    user_ids: list[int], kinds: list[str]
) -> tuple[dict[int, User], dict[tuple[int, str], str]]:
    """The active members among `user_ids`, and their delivery settings for `kinds`, in
    one query written out (questor/lib/rawsql.py): every answer and comment tells someone,
    and compiling the two querysets this replaced cost more than running them."""
    user = rawsql.table(User)
    setting = rawsql.table(NotificationSetting)
    found = rawsql.select(
        User,
        f"{user}.id IN ({rawsql.placeholders(user_ids)}) AND {user}.is_active = %s",
        [*kinds, *user_ids, True],
        only=_RECIPIENT_FIELDS,
        also=", setting.kind AS setting_kind, setting.delivery AS setting_delivery",
        join=f" LEFT OUTER JOIN {setting} setting ON setting.user_id = {user}.id"
        f" AND setting.kind IN ({rawsql.placeholders(kinds)})",
    )
    users: dict[int, User] = {}
    chosen_settings: dict[tuple[int, str], str] = {}
    for row in found:  # a row per setting of the member (one with NULLs when none)
        users.setdefault(row.pk, row)
        kind = getattr(row, "setting_kind", None)
        if kind is not None:
            chosen_settings[(row.pk, kind)] = getattr(row, "setting_delivery", "")
    return users, chosen_settings


def _clip(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SUMMARY_LENGTH else line[: SUMMARY_LENGTH - 1] + "…"


# Who to tell ------------------------------------------------------------------------


def mentioned_user_ids(text: str) -> list[int]:
    names: list[str] = []
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".-").lower()
        if len(name) >= 3 and name not in names:
            names.append(name)
        if len(names) >= MAX_MENTIONS:
            break
    if not names:
        return []
    return list(
        User.objects.annotate(name_lower=Lower("username"))
        .filter(name_lower__in=names, is_active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def _followers(condition: Q) -> list[int]:
    return list(
        Follow.objects.filter(condition).order_by("user_id").values_list("user_id", flat=True)
    )


def _ids_by_source(sql: str, params: list[object]) -> dict[int, list[int]]:
    """Members' ids from `sql`'s rows of (member id, source), per source, each list in id
    order without repeats: who to tell for two reasons read in one query."""
    rows = rawsql.execute(sql, params)
    found: dict[int, list[int]] = {1: [], 2: []}
    for source, ids in found.items():
        ids.extend(sorted({member_id for member_id, from_source in rows if from_source == source}))
    return found


def _name(user: User | None) -> str:
    return user.name if user is not None else "Someone"


def _question_of(post: Post) -> Post:
    if post.is_question:
        return post
    question = post.question
    assert question is not None
    return question


def _post_words(post: Post) -> str:
    return "question" if post.is_question else "answer"


def _link(post: Post, question: Post) -> str:
    if post.is_question:
        return question.get_absolute_url()
    return f"{question.get_absolute_url()}#answer-{post.pk}"


# Events from qa -----------------------------------------------------------------------


def question_asked(question: Post) -> None:
    if not question.is_public:
        return
    actor = question.author
    title = question.title
    url = question.get_absolute_url()
    base = {"actor_id": question.author_id, "question_id": question.pk, "post_id": question.pk}
    events = [
        Event(uid, Kind.MENTION, f"{_name(actor)} mentioned you in “{title}”", url, **base)
        for uid in mentioned_user_ids(question.body)
    ]
    topic = Q(tag__name__in=question.tag_list)
    if question.category_id:
        topic |= Q(category_id=question.category_id)
    events += [
        Event(uid, Kind.FOLLOWED_TAG, f"New question: “{title}” by {_name(actor)}", url, **base)
        for uid in _followers(topic)
    ]
    if question.author_id:
        events += [
            Event(uid, Kind.FOLLOWED_USER, f"{_name(actor)} asked “{title}”", url, **base)
            for uid in _followers(Q(followed_user_id=question.author_id))
        ]
    deliver(events)


def answer_posted(answer: Post) -> None:
    question = _question_of(answer)
    if not answer.is_public or not question.is_public:
        return
    actor = answer.author
    title = question.title
    url = _link(answer, question)
    base = {"actor_id": answer.author_id, "question_id": question.pk, "post_id": answer.pk}
    events: list[Event] = []
    if question.author_id:
        events.append(
            Event(
                question.author_id,
                Kind.ANSWER,
                f"{_name(actor)} answered your question “{title}”",
                url,
                **base,
            )
        )
    events += [
        Event(uid, Kind.MENTION, f"{_name(actor)} mentioned you in an answer to “{title}”", url,
              **base)
        for uid in mentioned_user_ids(answer.body)
    ]  # fmt: skip
    # The question's followers (1) and the author's (2), in one query.
    follow = rawsql.table(Follow)
    followers = _ids_by_source(
        f"SELECT user_id, CASE WHEN question_id = %s THEN 1 ELSE 2 END FROM {follow}"  # noqa: S608 - identifiers only, values are parameters
        " WHERE question_id = %s OR followed_user_id = %s",
        [question.pk, question.pk, answer.author_id or 0],
    )
    events += [
        Event(uid, Kind.FOLLOWED_QUESTION, f"{_name(actor)} answered “{title}”", url, **base)
        for uid in followers[1]
    ]
    events += [
        Event(uid, Kind.FOLLOWED_USER, f"{_name(actor)} answered “{title}”", url, **base)
        for uid in followers[2]
    ]
    deliver(events)


def comment_added(comment: Comment) -> None:
    post = comment.post
    question = _question_of(post)
    if not post.is_public or not question.is_public:
        return
    actor = comment.author
    title = question.title
    url = f"{question.get_absolute_url()}#comment-{comment.pk}"
    base = {
        "actor_id": comment.author_id,
        "question_id": question.pk,
        "post_id": post.pk,
        "comment_id": comment.pk,
    }
    events: list[Event] = []
    if post.author_id:
        events.append(
            Event(
                post.author_id,
                Kind.COMMENT,
                f"{_name(actor)} commented on your {_post_words(post)} “{title}”",
                url,
                **base,
            )
        )
    events += [
        Event(uid, Kind.MENTION, f"{_name(actor)} mentioned you in a comment on “{title}”", url,
              **base)
        for uid in mentioned_user_ids(comment.body)
    ]  # fmt: skip
    # The post's earlier commenters (1) and the question's followers (2), in one query.
    earlier = _ids_by_source(
        f"SELECT author_id, 1 FROM {rawsql.table(Comment)} WHERE post_id = %s"  # noqa: S608 - identifiers only, values are parameters
        " AND is_deleted = %s AND id < %s AND author_id IS NOT NULL"
        f" UNION ALL SELECT user_id, 2 FROM {rawsql.table(Follow)} WHERE question_id = %s",
        [post.pk, False, comment.pk, question.pk],
    )
    events += [
        Event(uid, Kind.COMMENT, f"{_name(actor)} replied after your comment on “{title}”", url,
              **base)
        for uid in earlier[1]
    ]  # fmt: skip
    events += [
        Event(uid, Kind.FOLLOWED_QUESTION, f"{_name(actor)} commented on “{title}”", url, **base)
        for uid in earlier[2]
    ]
    deliver(events)


def answer_accepted(answer: Post, accepter: User) -> None:
    question = _question_of(answer)
    if not answer.author_id:
        return
    deliver(
        [
            Event(
                answer.author_id,
                Kind.ACCEPTED,
                f"{accepter.name} accepted your answer to “{question.title}”",
                _link(answer, question),
                actor_id=accepter.pk,
                question_id=question.pk,
                post_id=answer.pk,
            )
        ]
    )


def post_edited(post: Post, editor: User, *, previous_body: str = "") -> None:
    """The author hears that someone else edited their post; members the edit newly
    @mentions hear of it as of any other mention (those named before already did)."""
    question = _question_of(post)
    link = _link(post, question)
    base = {"actor_id": editor.pk, "question_id": question.pk, "post_id": post.pk}
    events = []
    if post.author_id:
        summary = f"{editor.name} edited your {_post_words(post)} “{question.title}”"
        events.append(Event(post.author_id, Kind.EDITED, summary, link, **base))
    if post.is_public and question.is_public:
        named_before = set(mentioned_user_ids(previous_body))
        summary = f"{editor.name} mentioned you in an edit of “{question.title}”"
        events += [
            Event(uid, Kind.MENTION, summary, link, **base)
            for uid in mentioned_user_ids(post.body)
            if uid not in named_before
        ]
    deliver(events)


def suggested_edit_reviewed(suggestion: SuggestedEdit) -> None:
    post = Post.objects.select_related("question").get(pk=suggestion.post_id)
    question = _question_of(post)
    reviewer = suggestion.reviewed_by
    outcome = "approved" if suggestion.status == SuggestedEditStatus.APPROVED else "rejected"
    reason = (
        f": {suggestion.review_comment}"
        if outcome == "rejected" and suggestion.review_comment
        else ""
    )
    deliver(
        [
            Event(
                suggestion.author_id,
                Kind.SUGGESTED_EDIT,
                f"{_name(reviewer)} {outcome} your suggested edit on “{question.title}”{reason}",
                f"/review/suggested-edits/{suggestion.pk}/",
                actor_id=reviewer.pk if reviewer is not None else None,
                question_id=question.pk,
                post_id=post.pk,
            )
        ]
    )


def badges_awarded(awards: Iterable[tuple[int, int, int | None]]) -> None:
    """(badge id, user id, post id) of awards just made."""
    awards = list(awards)
    if not awards:
        return
    badges = {
        badge.pk: badge
        for badge in Badge.objects.filter(pk__in={badge_id for badge_id, _, _ in awards})
    }
    earned: list[Event] = []
    for badge_id, user_id, post_id in awards:
        badge = badges.get(badge_id)
        if badge is None:
            continue
        earned.append(
            Event(
                user_id,
                Kind.BADGE,
                f"You earned the {badge.get_tier_display()} badge “{badge.name}”",
                badge.get_absolute_url(),
                post_id=post_id,
            )
        )
    # One entry per award: a member can earn several badges in one check.
    deliver(earned, one_per_recipient=False)
