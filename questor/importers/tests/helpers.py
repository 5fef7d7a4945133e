"""Shared by the importer tests: running an import quietly, snapshots of everything an
import writes (compared field by field), and wiping it all again."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.db import connection
from lxml import etree
from rich.console import Console

from questor.accounts.models import User
from questor.importers.stackexchange import ImportResult, StackExchangeImporter
from questor.qa.models import (
    Award,
    Badge,
    Comment,
    IdMap,
    Post,
    PostLink,
    PostTag,
    ReputationEvent,
    Revision,
    Tag,
    Vote,
)

DATA = Path(__file__).parent / "data"
CARDANO = DATA / "cardano.stackexchange.com"
CONLANG = DATA / "conlang.meta.stackexchange.com"


def run_import(path: Path, **options: Any) -> ImportResult:
    options.setdefault("reindex", False)
    console = Console(file=io.StringIO(), width=200)
    return StackExchangeImporter(Path(path), console=console, **options).run()


def xml_rows(path: Path) -> list[dict[str, str]]:
    return [dict(element.attrib) for _, element in etree.iterparse(str(path), tag="row")]


POST_FIELDS = (
    "post_type", "question_id", "author_id", "author_name", "title", "body", "body_html",
    "body_is_html", "tag_names", "score", "up_votes", "down_votes", "answer_count",
    "comment_count", "view_count", "accepted_answer_id", "is_answered", "created_at",
    "last_activity_at", "last_edited_at", "last_editor_id", "revision_number", "closed_at",
    "closed_by_id", "close_reason", "close_note", "duplicate_of_id", "locked_at",
    "source_site", "source_url", "source_author", "content_license",
)  # fmt: skip
USER_FIELDS = (
    "username", "display_name", "reputation", "date_joined", "last_login", "about",
    "about_html", "is_imported", "source_site", "source_url", "content_license",
)  # fmt: skip
COMMENT_FIELDS = (
    "post_id", "author_id", "author_name", "body", "body_html", "score", "created_at",
    "content_license",
)  # fmt: skip


def snapshot() -> dict[str, Any]:
    """Everything an import writes, in comparable form (no surrogate ids of join rows)."""
    return {
        "users": {row[0]: row[1:] for row in User.objects.values_list("pk", *USER_FIELDS)},
        "posts": {row[0]: row[1:] for row in Post.objects.values_list("pk", *POST_FIELDS)},
        "comments": {row[0]: row[1:] for row in Comment.objects.values_list("pk", *COMMENT_FIELDS)},
        "votes": sorted(Vote.objects.values_list("post_id", "user_id", "value", "created_at")),
        "tags": {
            row[0]: row[1:]
            for row in Tag.objects.values_list("name", "question_count", "excerpt", "wiki_html")
        },
        "post_tags": sorted(PostTag.objects.values_list("post_id", "tag__name")),
        "links": sorted(
            PostLink.objects.values_list("post_id", "related_id", "link_type", "created_at")
        ),
        "awards": sorted(
            Award.objects.values_list("badge__name", "badge__tier", "user_id", "awarded_at")
        ),
        "revisions": sorted(
            Revision.objects.values_list(
                "post_id",
                "number",
                "author_id",
                "author_name",
                "title",
                "body",
                "tag_names",
                "comment",
                "created_at",
            )
        ),  # fmt: skip
        "ledger": sorted(ReputationEvent.objects.values_list("user_id", "kind", "points")),
    }


def assert_same(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Field by field, with a message that names the first difference of each table."""
    for table, old in before.items():
        new = after[table]
        if isinstance(old, dict):
            assert old.keys() == new.keys(), (
                f"{table}: missing {sorted(set(old) - set(new))[:5]}, "
                f"extra {sorted(set(new) - set(old))[:5]}"
            )
            for key, value in old.items():
                assert new[key] == value, f"{table} {key}: {value!r} became {new[key]!r}"
        else:
            assert old == new, f"{table} differ: {sorted(set(old) ^ set(new))[:5]}"


def wipe(badges_before: set[int] | None = None) -> None:
    """Delete everything an import makes (used inside a test's transaction, or at the end
    of the module that shares one import)."""
    models = (Award, Vote, PostLink, Comment, Revision, PostTag, ReputationEvent, IdMap)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Outside a test's transaction (the end of the module that shares an import):
        # TRUNCATE, since deleting rows would check every foreign key at commit.
        tables = ", ".join(m._meta.db_table for m in (*models, Post, Tag, User))
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} CASCADE")
        models = ()
    # Raw deletes: no per-row collection (nothing but the import wrote these rows).
    for model in models:
        model.objects.all()._raw_delete(model.objects.db)
    Post.objects.update(accepted_answer=None, duplicate_of=None)
    Post.objects.all()._raw_delete(Post.objects.db)
    Tag.objects.all()._raw_delete(Tag.objects.db)
    User.objects.all()._raw_delete(User.objects.db)
    if badges_before is not None:
        Badge.objects.exclude(pk__in=badges_before).delete()
        Badge.objects.update(award_count=0)
