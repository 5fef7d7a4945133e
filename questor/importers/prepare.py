"""What each row of the large dump files becomes before it meets the database.

Pure functions of the row's attributes: they check and convert every value (numbers,
dates as the database takes them, the license), sanitize bodies and render comments, so
that worker processes can do all of it (parallel.py) and the importer's process only
maps ids, checks references and writes. The same functions run in the importer's process
when a file is read there, so both paths import the same rows.

Each returns `(Id, payload)`: Id is None when the row has no usable Id (payload is then
the reason); payload is what the function made of the row, or a string, the reason the
row is skipped (`row_function`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from questor.importers.html import sanitize_html
from questor.importers.reader import (
    Row,
    Skip,
    license_for,
    opt_date,
    opt_int,
    parse_tags,
    req_int,
    req_text,
    sqlite_text,
)
from questor.importers.text import comment_html

Prepared = tuple[int | None, Any]

VOTE_KINDS = {
    1: "accept votes (accepted answers come from Posts.xml)",
    4: "offensive flags",
    5: "favorites",
    6: "close votes",
    7: "reopen votes",
    8: "bounty starts",
    9: "bounty awards",
    10: "deletion votes",
    11: "undeletion votes",
    12: "spam flags",
    15: "moderator reviews",
    16: "edit approvals",
}


class Context(NamedTuple):
    """What the row functions need to know of the import (sent to each worker)."""

    site: str
    # Links to the source site's posts become ours (not with --remap-ids).
    rewrite_links: bool
    # SQLite stores dates as naive UTC text; PostgreSQL takes aware datetimes.
    text_dates: bool


def db_date(row: Row, key: str, text_dates: bool) -> Any:
    """A dump date (UTC, no zone designator) as the database takes it, or None.

    Dump dates look like `2021-06-09T21:01:48.957` (Questor's own exports add
    microseconds when there are any): once `fromisoformat` has checked one, SQLite's text
    is made by slicing, the same text `datetime.isoformat(" ")` gives, which is how Django
    stores it. Anything else takes the general path."""
    value = row.get(key)
    if not value:
        return None
    if text_dates and _PLAIN.match(value):
        fraction = value[20:]
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise Skip(f"{key} is not a date") from None
        head = f"{value[:10]} {value[11:19]}"
        return f"{head}.{fraction:0<6}" if fraction.strip("0") else head
    moment = opt_date(row, key)
    return sqlite_text(moment) if moment is not None and text_dates else moment


# Seconds, milliseconds or microseconds; no zone (fromisoformat also takes week dates,
# hours without seconds and offsets, which slicing would get wrong).
_PLAIN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3}(?:\d{3})?)?\Z", re.ASCII)


def row_function(make: Callable[[int, Row, Context], Any]) -> Callable[[Row, Context], Prepared]:
    """A row function from `make(Id, row, context)`: the Id is checked first, and a Skip
    that `make` raises becomes the reason the row is skipped."""

    @functools.wraps(make)
    def prepare(row: Row, context: Context) -> Prepared:
        try:
            old = req_int(row, "Id")
        except Skip as skip:
            return None, skip.reason
        try:
            return old, make(old, row, context)
        except Skip as skip:
            return old, skip.reason

    return prepare


@row_function
def raw(old: int, row: Row, context: Context) -> Row:
    """The row as it is, with its Id checked (files read in the importer's process)."""
    return row


def _required_date(row: Row, key: str, context: Context) -> Any:
    value = db_date(row, key, context.text_dates)
    if value is None:
        raise Skip(f"missing {key}")
    return value


def _license(row: Row) -> str:
    # The date is read only when the row does not say (most rows say).
    if row.get("ContentLicense"):
        return license_for(row, None)
    return license_for(row, opt_date(row, "CreationDate"))


def _display_name(row: Row, key: str, user_old: int | None) -> str:
    return row.get(key) or (f"user{user_old}" if user_old else "")


@row_function
def user(old: int, row: Row, context: Context) -> tuple[Any, ...]:
    """(created, display name, reputation, last access, about HTML, source site, source
    URL, license). The About HTML becomes Markdown only if its owner edits it
    (`User.about_source`): markdownify costs more than all the rest of a row."""
    created = _required_date(row, "CreationDate", context)
    name = row.get("DisplayName") or f"user{old}"
    reputation = max(1, opt_int(row, "Reputation") or 1)
    last_access = db_date(row, "LastAccessDate", context.text_dates)
    about_html = sanitize_html(
        row.get("AboutMe", ""), site=context.site, rewrite_links=context.rewrite_links
    )
    return (
        created, name, reputation, last_access, about_html,
        row.get("OriginalSite") or context.site,
        row.get("OriginalUrl") or f"https://{context.site}/users/{old}",
        _license(row),
    )  # fmt: skip


@row_function
def post(old: int, row: Row, context: Context) -> tuple[Any, ...]:
    """A question or answer: (type, created, last activity, last edit, closed, score,
    views, owner, last editor, accepted answer, answer count, comment count, question,
    title, tags, sanitized body, owner's name, source site, source URL, original author,
    license), all ids the dump's. A tag wiki excerpt or body (types 4, 5): (type, body)."""
    dates = context.text_dates
    post_type = req_int(row, "PostTypeId")
    if post_type == 4 or post_type == 5:
        return post_type, row.get("Body", "")
    if post_type != 1 and post_type != 2:
        raise Skip(f"post type {post_type} is not imported")
    created = _required_date(row, "CreationDate", context)
    last_activity = db_date(row, "LastActivityDate", dates) or created
    edited = db_date(row, "LastEditDate", dates)
    closed = db_date(row, "ClosedDate", dates)
    score = opt_int(row, "Score") or 0
    views = max(0, opt_int(row, "ViewCount") or 0)
    owner_old = opt_int(row, "OwnerUserId")
    editor_old = opt_int(row, "LastEditorUserId")
    accepted_old = opt_int(row, "AcceptedAnswerId")
    # Snapshots from the dump; recounted from the rows at the end.
    answer_count = max(0, opt_int(row, "AnswerCount") or 0)
    comment_count = max(0, opt_int(row, "CommentCount") or 0)
    question_old = None
    title = ""
    tags: list[str] = []
    if post_type == 1:
        title = " ".join(req_text(row, "Title").split())
        if not title:
            raise Skip("empty Title")
        tags = parse_tags(row.get("Tags"))
    else:
        question_old = req_int(row, "ParentId")
    body_html = sanitize_html(
        row.get("Body", ""), site=context.site, rewrite_links=context.rewrite_links
    )
    path = "q" if post_type == 1 else "a"
    return (
        post_type, created, last_activity, edited, closed, score, views, owner_old,
        editor_old, accepted_old, answer_count, comment_count, question_old, title, tags,
        body_html, _display_name(row, "OwnerDisplayName", owner_old),
        row.get("OriginalSite") or context.site,
        row.get("OriginalUrl") or f"https://{context.site}/{path}/{old}",
        row.get("OriginalAuthor") or "", _license(row),
    )  # fmt: skip


@row_function
def comment(old: int, row: Row, context: Context) -> tuple[Any, ...]:
    """(post, text, rendered text, score, created, author, author's name, license)."""
    post_old = req_int(row, "PostId")
    text = req_text(row, "Text")
    created = _required_date(row, "CreationDate", context)
    score = max(0, opt_int(row, "Score") or 0)
    user_old = opt_int(row, "UserId")
    return (
        post_old, text, comment_html(text), score, created, user_old,
        _display_name(row, "UserDisplayName", user_old), _license(row),
    )  # fmt: skip


@row_function
def vote(old: int, row: Row, context: Context) -> tuple[Any, ...]:
    """An up- or downvote: (post, is up, created or None, voter or None); other kinds of
    vote are skipped with their name."""
    post_old = req_int(row, "PostId")
    kind = req_int(row, "VoteTypeId")
    created = db_date(row, "CreationDate", context.text_dates)
    user_old = opt_int(row, "UserId")
    if kind != 2 and kind != 3:
        raise Skip(f"{VOTE_KINDS.get(kind, f'votes of type {kind}')} (not kept)")
    return post_old, kind == 2, created, user_old
