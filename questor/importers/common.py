"""What the small importers (legacy pages, WordPress) share: imported accounts,
categories and tags made on first use, first revisions, recounts and the search index.

The Stack Exchange importer keeps ids from its dump; these sources have none worth
keeping, so their rows get new ids and are recognised again by what they are (a page's
title, publisher and date; a WordPress item's id, remembered in `IdMap`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from rich.console import Console
from rich.table import Table as RichTable

from questor.accounts.models import User
from questor.importers import db
from questor.qa.models import Category, Comment, Post, PostTag, PostType, Revision, Tag
from questor.qa.rules import TAG_MAX_LENGTH
from questor.qa.search import reindex_posts

ANONYMOUS_NAME = "Imported (anonymous)"
ANONYMOUS_USERNAME = "imported-anonymous"


@dataclass
class ItemReport:
    """One row of an import's summary: a page, or one kind of WordPress item."""

    name: str
    read: int = 0
    imported: int = 0
    existing: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Lines removed as scraping faults: (why, line).
    dropped: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def summary_table(
    title: str, reports: Sequence[ItemReport], *, first: str = "Item", dropped: bool = False
) -> RichTable:
    """The summary at the end of an import, in the Stack Exchange importer's layout."""
    table = RichTable(title=title)
    table.add_column(first)
    table.add_column("Read", justify="right")
    table.add_column("Imported", justify="right")
    table.add_column("Already there", justify="right")
    table.add_column("Skipped", justify="right")
    if dropped:
        table.add_column("Lines dropped", justify="right")
    table.add_column("Reasons and notes")
    for report in reports:
        details = [f"{count:,} {reason}" for reason, count in report.skipped.items()]
        details += report.notes
        if report.error:
            details.insert(0, f"[red]FAILED, nothing written: {report.error}[/red]")
        counts = [report.read, report.imported, report.existing, report.skipped_total]
        if dropped:
            counts.append(len(report.dropped))
        table.add_row(report.name, *(f"{count:,}" for count in counts), "\n".join(details))
    return table


def print_dropped(console: Console, reports: Sequence[ItemReport]) -> None:
    """Every line an import dropped as a scraping fault, under its page's name."""
    for report in reports:
        if not report.dropped:
            continue
        console.print(f"Dropped from {report.name}:", highlight=False)
        for why, line in report.dropped:
            console.print(f"  ({why}) {line.strip()}", highlight=False, markup=False)


# Accounts ------------------------------------------------------------------------------


def _username_base(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = "".join(c if c.isalnum() or c in "_.-" else "_" for c in ascii_name.replace(" ", "_"))
    base = "_".join(part for part in base.split("_") if part).strip("._-")
    return (base or "user")[:24].ljust(3, "_")


def free_username(name: str) -> str:
    """A username for `name` that no account has (any case): `Name`, `Name.2`, …"""
    base = _username_base(name)
    taken = {
        username.lower()
        for username in User.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )
    }
    candidate, number = base, 2
    while candidate.lower() in taken:
        candidate = f"{base}.{number}"
        number += 1
    return candidate


def imported_user(
    name: str, *, source_site: str = "", username: str = "", email: str = ""
) -> tuple[User, bool]:
    """The imported account called `name` (display name, any case), made if missing.

    Accounts of people who signed up here are never taken over: an import only finds
    accounts an import made. Returns (user, created).
    """
    name = " ".join(name.split())[:50] or ANONYMOUS_NAME
    found = (
        User.objects.filter(is_imported=True)
        .annotate(lower_name=Lower("display_name"))
        .filter(lower_name=name.lower())
        .order_by("pk")
        .values_list("pk", "source_site")
    )
    matches = list(found[:50])
    preferred = [pk for pk, site in matches if site in (source_site, "")]
    chosen = (preferred or [pk for pk, _ in matches])[:1]
    if chosen:
        return User.objects.get(pk=chosen[0]), False
    user = User.objects.create(
        username=free_username(username or name),
        password=make_password(None),
        display_name=name,
        email="",
        is_imported=True,
        source_site=source_site[:100],
    )
    del email  # commenters' and authors' addresses are not kept: nobody agreed to it
    return user, True


def anonymous_user() -> User:
    """The one account that holds imported posts whose author is unknown."""
    user = User.objects.filter(username=ANONYMOUS_USERNAME).first()
    if user is None:
        user = User.objects.create(
            username=ANONYMOUS_USERNAME,
            password=make_password(None),
            display_name=ANONYMOUS_NAME,
            is_imported=True,
        )
    return user


# Categories and tags -------------------------------------------------------------------


def category_named(name: str) -> Category:
    """The category of that name (any case), made on first use."""
    name = " ".join(name.split())[:60]
    category = Category.objects.filter(name__iexact=name).first()
    if category is not None:
        return category
    base = slugify(name)[:45] or "category"
    slug, number = base, 2
    while Category.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return Category.objects.create(name=name, slug=slug)


def tag_name(text: str) -> str:
    """A WordPress tag or category as a Questor tag: lower case, words joined by hyphens."""
    slug = slugify(text.replace("#", " sharp").replace("+", " plus"))
    return slug[:TAG_MAX_LENGTH].strip("-")


def tag_text(names: Iterable[str]) -> str:
    """Tag names as `Post.tag_names` holds them (at most 200 characters)."""
    text = ""
    for name in names:
        if len(text) + len(name) + 1 > 200:
            break
        text = f"{text} {name}" if text else name
    return text


def set_tags(post_id: int, names: Sequence[str]) -> None:
    """Tag a new question (idempotent): tags made on first use, pairs added once."""
    if not names:
        return
    tags = []
    for name in names:
        tag, _ = Tag.objects.get_or_create(name=name)
        tags.append(tag)
    db.insert(db.Table(PostTag, ["post_id", "tag_id"]), [(post_id, tag.pk) for tag in tags])


# After the rows ------------------------------------------------------------------------


def finish_questions(question_ids: Sequence[int]) -> None:
    """First revisions of the new posts, answer and tag counters, the search index.

    Call inside the import's transaction; only these questions and their answers are
    touched, and running it again changes nothing.
    """
    if not question_ids:
        return
    ids = list(question_ids)
    post_ids = list(
        Post.objects.filter(Q(pk__in=ids) | Q(question_id__in=ids)).values_list("pk", flat=True)
    )
    post = db.quote(Post._meta.db_table)
    revision = db.quote(Revision._meta.db_table)
    for chunk in _chunks(post_ids):
        marks = ", ".join(["%s"] * len(chunk))
        db.execute(
            f"INSERT INTO {revision} (post_id, number, author_id, author_name, title, body, "  # noqa: S608
            f"tag_names, comment, created_at) SELECT p.id, 1, p.author_id, p.author_name, "
            f"p.title, p.body, p.tag_names, %s, p.created_at FROM {post} p "
            f"WHERE p.id IN ({marks}) AND NOT EXISTS "
            f"(SELECT 1 FROM {revision} r WHERE r.post_id = p.id)",
            ["imported", *chunk],
        )
    answers = (
        f"(SELECT COUNT(*) FROM {post} a WHERE a.question_id = {post}.id "  # noqa: S608
        "AND a.is_deleted = FALSE)"
    )
    comment = db.quote(Comment._meta.db_table)
    comments = (
        f"(SELECT COUNT(*) FROM {comment} c WHERE c.post_id = {post}.id "  # noqa: S608
        "AND c.is_deleted = FALSE)"
    )
    for chunk in _chunks(ids):
        marks = ", ".join(["%s"] * len(chunk))
        db.execute(
            f"UPDATE {post} SET answer_count = {answers} "  # noqa: S608
            f"WHERE id IN ({marks}) AND answer_count <> {answers}",
            chunk,
        )
    for chunk in _chunks(post_ids):
        marks = ", ".join(["%s"] * len(chunk))
        db.execute(
            f"UPDATE {post} SET comment_count = {comments} "  # noqa: S608
            f"WHERE id IN ({marks}) AND comment_count <> {comments}",
            chunk,
        )
    question_type = PostType.QUESTION.value
    for model, column in ((Tag, "tag_id"), (Category, "category_id")):
        table = db.quote(model._meta.db_table)
        if model is Tag:
            count = (
                f"(SELECT COUNT(*) FROM {db.quote(PostTag._meta.db_table)} pt JOIN {post} p "  # noqa: S608
                f"ON p.id = pt.post_id WHERE pt.tag_id = {table}.id AND p.is_deleted = FALSE)"
            )
        else:
            count = (
                f"(SELECT COUNT(*) FROM {post} p WHERE p.{column} = {table}.id "  # noqa: S608
                f"AND p.post_type = {question_type} AND p.is_deleted = FALSE)"
            )
        db.execute(
            f"UPDATE {table} SET question_count = {count} WHERE question_count <> {count}"  # noqa: S608
        )
    for chunk in _chunks(post_ids, 500):
        reindex_posts(chunk)


def _chunks(values: list[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
