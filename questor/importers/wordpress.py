"""Import a WordPress export (WXR, `questor import-wordpress FILE.xml`).

Published posts become questions (first category as the question's category, the other
categories and the tags as tags, author and date kept); approved comments become answers,
or comments on the answer when they reply to another comment; spam, trashed and
unapproved comments, pingbacks and trackbacks are skipped and counted. Authors become
imported accounts. Bodies are WordPress HTML: paragraphs are made as WordPress shows
them (blank lines), then sanitized with the Stack Exchange importer's allowlist.

The file is read with lxml's streaming parser, without the network, a DTD or entity
expansion. Everything is written in one transaction, so a file that turns out broken
halfway leaves nothing behind. Each WordPress id is remembered in `IdMap`
(`wp-post`, `wp-answer`, `wp-comment`, `wp-user` for the source site): importing the
file again changes nothing, and a newer export of the same site adds only what is new.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import DatabaseError, transaction
from lxml import etree
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from questor.accounts.models import User
from questor.importers import db
from questor.importers.common import (
    ItemReport,
    category_named,
    finish_questions,
    imported_user,
    set_tags,
    tag_name,
    tag_text,
)
from questor.importers.html import html_to_text, sanitize_html
from questor.importers.reader import _CountingReader
from questor.importers.text import comment_html
from questor.qa.models import Comment, IdMap, Post, PostType

BATCH = 200
_WP = "http://wordpress.org/export/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
_BLOCK = re.compile(
    r"^\s*<(?:p|div|ul|ol|li|pre|blockquote|h[1-6]|table|thead|tbody|tr|td|th|hr|figure|"
    r"dl|dt|dd|section|article|aside|header|footer|address|details|!--)[\s>/]",
    re.IGNORECASE,
)
_BLANK_LINES = re.compile(r"\n\s*\n")


class WordPressError(Exception):
    """The file cannot be imported (not well-formed XML, not a WordPress export)."""


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _ns(tag: Any) -> str:
    return etree.QName(tag).namespace or "" if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    """An element's text. Entities are never expanded: a reference to one the file
    declares reads as its name (`&xxe;`), never as what it points to."""
    if element is None:
        return ""
    return "".join(part for part in element.itertext() if isinstance(part, str))


def _child(element: Any, name: str, namespace: str = _WP) -> Any:
    for child in element:
        if _local(child.tag) == name and _ns(child.tag).startswith(namespace):
            return child
    return None


def _child_text(element: Any, name: str, namespace: str = _WP) -> str:
    return _text(_child(element, name, namespace)).strip()


def autop(content: str) -> str:
    """WordPress's paragraphs: text separated by blank lines becomes <p>, single line
    breaks <br> (what `wpautop` does when the blog shows a post), block tags stay."""
    blocks = [block.strip() for block in _BLANK_LINES.split(content.replace("\r\n", "\n"))]
    out = []
    for block in blocks:
        if not block:
            continue
        if _BLOCK.match(block):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def _date(gmt: str, local: str = "", rss: str = "") -> datetime | None:
    for value in (gmt, local):
        if value and not value.startswith("0000"):
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                continue
    if rss:
        try:
            parsed = parsedate_to_datetime(rss)
        except (TypeError, ValueError):
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


@dataclass
class WxrAuthor:
    wp_id: int
    login: str
    display_name: str


@dataclass
class WxrComment:
    wp_id: int
    author: str
    user_id: int
    created: datetime | None
    content: str
    approved: str
    kind: str
    parent: int


@dataclass
class WxrItem:
    wp_id: int
    title: str
    link: str
    creator: str
    created: datetime | None
    content: str
    status: str
    post_type: str
    categories: list[str]
    tags: list[str]
    comments: list[WxrComment]
    line: int


@dataclass
class WordPressResult:
    site: str
    reports: dict[str, ItemReport]
    seconds: float = 0.0
    error: str = ""


def _item(element: Any) -> WxrItem:
    categories, tags = [], []
    comments = []
    for child in element:
        name = _local(child.tag)
        if name == "category" and not _ns(child.tag):
            text = " ".join(_text(child).split())
            if not text:
                continue
            if child.get("domain") == "category":
                categories.append(text)
            elif child.get("domain") == "post_tag":
                tags.append(text)
        elif name == "comment" and _ns(child.tag).startswith(_WP):
            comments.append(
                WxrComment(
                    wp_id=_int(_child_text(child, "comment_id")),
                    author=" ".join(_child_text(child, "comment_author").split()),
                    user_id=_int(_child_text(child, "comment_user_id")),
                    created=_date(
                        _child_text(child, "comment_date_gmt"), _child_text(child, "comment_date")
                    ),
                    content=_text(_child(child, "comment_content")),
                    approved=_child_text(child, "comment_approved"),
                    kind=_child_text(child, "comment_type"),
                    parent=_int(_child_text(child, "comment_parent")),
                )
            )
    return WxrItem(
        wp_id=_int(_child_text(element, "post_id")),
        title=" ".join(html.unescape(_child_text(element, "title", "")).split()),
        link=_child_text(element, "link", ""),
        creator=_child_text(element, "creator", _DC),
        created=_date(
            _child_text(element, "post_date_gmt"),
            _child_text(element, "post_date"),
            _child_text(element, "pubDate", ""),
        ),
        content=_text(_child(element, "encoded", _CONTENT)),
        status=_child_text(element, "status"),
        post_type=_child_text(element, "post_type"),
        categories=categories,
        tags=tags,
        comments=comments,
        line=element.sourceline or 0,
    )


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _child_of_channel(element: Any) -> bool:
    parent = element.getparent()
    return parent is not None and _local(parent.tag) == "channel"


def read_wxr(path: Path, advance: Callable[[int], None] = lambda _: None) -> Iterator[Any]:
    """The channel's children as they end: ("site", link), ("author", WxrAuthor),
    ("item", WxrItem). Raises WordPressError naming the line of a fault."""
    seen_channel = False
    try:
        with path.open("rb") as raw:
            context: Any = etree.iterparse(
                _CountingReader(raw, advance),
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=True,
                remove_comments=True,
                remove_pis=True,
            )
            for event, element in context:
                name = _local(element.tag)
                if event == "start":
                    if name == "channel":
                        seen_channel = True
                    continue
                if not _child_of_channel(element):
                    continue
                wp = _ns(element.tag).startswith(_WP)
                if (name == "link" and not _ns(element.tag)) or (
                    wp and name in ("base_site_url", "base_blog_url")
                ):
                    yield "site", _text(element).strip()
                elif name == "author" and _ns(element.tag).startswith(_WP):
                    yield (
                        "author",
                        WxrAuthor(
                            wp_id=_int(_child_text(element, "author_id")),
                            login=_child_text(element, "author_login"),
                            display_name=" ".join(
                                _child_text(element, "author_display_name").split()
                            ),
                        ),
                    )
                elif name == "item":
                    yield "item", _item(element)
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as error:
        where = f", line {error.lineno}" if error.lineno else ""
        problem = str(error.msg or error).splitlines()[0].strip()
        problem = re.sub(r",? line \d+, column \d+$", "", problem)
        column = f" (column {error.offset})" if error.offset else ""
        raise WordPressError(f"{path.name}{where}: {problem}{column}") from None
    except OSError as error:
        raise WordPressError(f"{path} cannot be read: {error.strerror or error}") from None
    if not seen_channel:
        raise WordPressError(
            f"{path.name} is not a WordPress export (WXR): it has no <rss><channel>."
        )


class WordPressImporter:
    def __init__(self, path: Path, *, console: Console | None = None) -> None:
        self.path = Path(path)
        self.console = console or Console(stderr=True)
        self.site = ""
        self.reports = {name: ItemReport(name=name) for name in ("Authors", "Posts", "Comments")}
        self.authors: dict[str, WxrAuthor] = {}
        self.author_ids: dict[int, WxrAuthor] = {}
        self.users: dict[str, User] = {}  # by login
        self.maps: dict[str, dict[int, int]] = {
            kind: {} for kind in ("wp-post", "wp-answer", "wp-comment", "wp-user")
        }
        self.batch: list[WxrItem] = []
        self.questions: list[int] = []

    def run(self) -> WordPressResult:
        started = time.monotonic()
        result = WordPressResult(site="", reports=self.reports)
        if not self.path.is_file():
            result.error = f"{self.path} does not exist."
            return result
        size = self.path.stat().st_size
        try:
            with (
                Progress(
                    TextColumn("{task.description:<16}"),
                    BarColumn(),
                    DownloadColumn(),
                    TimeElapsedColumn(),
                    console=self.console,
                ) as progress,
                transaction.atomic(),
            ):
                task = progress.add_task(self.path.name[:16], total=size)
                for kind, value in read_wxr(self.path, lambda n: progress.advance(task, n)):
                    self._take(kind, value)
                self._flush()
                for login in self.authors:  # authors without posts become accounts too
                    self._user(login)
                finish_questions(self.questions)
        except (WordPressError, DatabaseError) as error:
            for report in self.reports.values():
                report.imported = report.existing = 0
            result.error = str(error)
            if isinstance(error, DatabaseError):
                result.error = f"{self.path.name}: the database refused a batch: {error}"
        result.site = self.site
        result.seconds = time.monotonic() - started
        return result

    # Reading ----------------------------------------------------------------------------

    def _take(self, kind: str, value: Any) -> None:
        if kind == "site":
            if not self.site and value:
                self.site = (urlsplit(value).hostname or value)[:100]
                self.maps = self._load_maps()
        elif kind == "author":
            self.reports["Authors"].read += 1
            self.authors[value.login] = value
            self.author_ids[value.wp_id] = value
        elif kind == "item":
            if not self.site:
                raise WordPressError(
                    f"{self.path.name}, line {value.line}: the channel has no <link> before "
                    "its items, so the site cannot be named."
                )
            self.batch.append(value)
            if len(self.batch) >= BATCH:
                self._flush()

    def _load_maps(self) -> dict[str, dict[int, int]]:
        maps: dict[str, dict[int, int]] = {
            kind: {} for kind in ("wp-post", "wp-answer", "wp-comment", "wp-user")
        }
        rows = IdMap.objects.filter(source_site=self.site, kind__in=list(maps)).values_list(
            "kind", "old_id", "new_id"
        )
        for kind, old, new in rows:
            maps[kind][old] = new
        return maps

    def _remember(self, kind: str, pairs: list[tuple[int, int]]) -> None:
        table = db.Table(IdMap, ["source_site", "kind", "old_id", "new_id"])
        db.insert(table, [(self.site, kind, old, new) for old, new in pairs])
        self.maps[kind].update(pairs)

    # Accounts ---------------------------------------------------------------------------

    def _user(self, login: str) -> User | None:
        if not login:
            return None
        if login in self.users:
            return self.users[login]
        report = self.reports["Authors"]
        author = self.authors.get(login)
        known = self.maps["wp-user"].get(author.wp_id) if author and author.wp_id else None
        user = User.objects.filter(pk=known).first() if known else None
        if user is None:
            user, created = imported_user(
                (author.display_name if author else "") or login,
                source_site=self.site,
                username=login,
            )
            if author is None:
                report.read += 1
                report.notes.append(f"“{login}” is not among the file's authors")
            if created:
                report.imported += 1
            else:
                report.existing += 1
            if author and author.wp_id:
                self._remember("wp-user", [(author.wp_id, user.pk)])
        else:
            report.existing += 1
        self.users[login] = user
        return user

    # Writing ----------------------------------------------------------------------------

    def _flush(self) -> None:
        posts = self.reports["Posts"]
        new_questions: list[tuple[WxrItem, Post]] = []
        kept: list[WxrItem] = []
        for item in self.batch:
            posts.read += 1
            if item.post_type != "post":
                posts.skip(f"items of type “{item.post_type or 'unknown'}” (not posts)")
                continue
            if item.status != "publish":
                posts.skip(f"{item.status or 'unpublished'} posts (only published ones)")
                continue
            if not item.title:
                posts.skip("posts without a title")
                continue
            kept.append(item)
            if item.wp_id in self.maps["wp-post"]:
                posts.existing += 1
                continue
            new_questions.append((item, self._question(item)))
        self.batch = []
        created = Post.objects.bulk_create([post for _, post in new_questions])
        pairs = [
            (item.wp_id, post.pk) for (item, _), post in zip(new_questions, created, strict=True)
        ]
        self._remember("wp-post", pairs)
        posts.imported += len(created)
        for (item, _), post in zip(new_questions, created, strict=True):
            set_tags(post.pk, self._tags(item))
        for item in kept:
            self._comments(item, self.maps["wp-post"][item.wp_id])
        self.questions.extend(self.maps["wp-post"][item.wp_id] for item in kept)

    def _tags(self, item: WxrItem) -> list[str]:
        names: list[str] = []
        for text in [*item.categories[1:], *item.tags]:
            name = tag_name(text)
            if name and name not in names:
                names.append(name)
        return names

    def _question(self, item: WxrItem) -> Post:
        author = self._user(item.creator)
        created = item.created or datetime.now(UTC)
        body = sanitize_html(autop(item.content))
        approved = [c.created for c in item.comments if c.approved == "1" and c.created]
        title = item.title if len(item.title) <= 150 else item.title[:149] + "…"
        return Post(
            post_type=PostType.QUESTION,
            author=author,
            author_name="" if author else (item.creator or "")[:100],
            title=title,
            body=body,
            body_html=body,
            body_is_html=True,
            category=category_named(item.categories[0]) if item.categories else None,
            tag_names=tag_text(self._tags(item)),
            created_at=created,
            last_activity_at=max([created, *approved]),
            source_site=self.site,
            source_url=item.link[:300],
            source_author=(author.name if author else item.creator)[:100],
        )

    def _comments(self, item: WxrItem, question_id: int) -> None:
        report = self.reports["Comments"]
        approved: dict[int, WxrComment] = {}
        for comment in item.comments:
            report.read += 1
            if comment.kind in ("pingback", "trackback"):
                report.skip(f"{comment.kind}s")
            elif comment.approved == "spam":
                report.skip("spam comments")
            elif comment.approved == "trash":
                report.skip("trashed comments")
            elif comment.approved != "1":
                report.skip("comments awaiting moderation (not approved)")
            elif not comment.content.strip():
                report.skip("empty comments")
            else:
                approved[comment.wp_id] = comment

        def root(comment: WxrComment) -> WxrComment:
            seen = {comment.wp_id}
            while comment.parent in approved and comment.parent not in seen:
                comment = approved[comment.parent]
                seen.add(comment.wp_id)
            return comment

        ordered = sorted(
            approved.values(),
            key=lambda c: (c.created or datetime.max.replace(tzinfo=UTC), c.wp_id),
        )
        answers = [c for c in ordered if root(c) is c]
        replies = [c for c in ordered if root(c) is not c]
        orphans = sum(1 for c in answers if c.parent)
        if orphans:
            report.notes.append(
                f"{orphans} repl{'y' if orphans == 1 else 'ies'} to comments not imported "
                "became answers"
            )
        new_answers = [c for c in answers if c.wp_id not in self.maps["wp-answer"]]
        report.existing += len(answers) - len(new_answers)
        posts = [self._answer(c, question_id, item) for c in new_answers]
        created = Post.objects.bulk_create(posts)
        self._remember(
            "wp-answer", [(c.wp_id, p.pk) for c, p in zip(new_answers, created, strict=True)]
        )
        report.imported += len(created)
        new_replies = [c for c in replies if c.wp_id not in self.maps["wp-comment"]]
        report.existing += len(replies) - len(new_replies)
        rows = []
        for reply in new_replies:
            target = self.maps["wp-answer"][root(reply).wp_id]
            author = self._user(self._login_of(reply))
            text = html_to_text(sanitize_html(reply.content))
            rows.append(
                Comment(
                    post_id=target,
                    author=author,
                    author_name="" if author else (reply.author or "Anonymous")[:100],
                    body=text,
                    body_html=comment_html(text),
                    created_at=reply.created or datetime.now(UTC),
                )
            )
        made = Comment.objects.bulk_create(rows)
        self._remember(
            "wp-comment", [(c.wp_id, m.pk) for c, m in zip(new_replies, made, strict=True)]
        )
        report.imported += len(made)

    def _login_of(self, comment: WxrComment) -> str:
        author = self.author_ids.get(comment.user_id) if comment.user_id else None
        return author.login if author else ""

    def _answer(self, comment: WxrComment, question_id: int, item: WxrItem) -> Post:
        author = self._user(self._login_of(comment))
        body = sanitize_html(autop(comment.content))
        created = comment.created or item.created or datetime.now(UTC)
        name = author.name if author else (comment.author or "Anonymous")
        return Post(
            post_type=PostType.ANSWER,
            question_id=question_id,
            author=author,
            author_name="" if author else name[:100],
            body=body,
            body_html=body,
            body_is_html=True,
            created_at=created,
            last_activity_at=created,
            source_site=self.site,
            source_url=f"{item.link}#comment-{comment.wp_id}"[:300] if item.link else "",
            source_author=name[:100],
        )


def describe(result: WordPressResult) -> str:
    posts = result.reports["Posts"]
    comments = result.reports["Comments"]
    return (
        f"Imported {result.site or 'the file'}: {posts.imported:,} new questions, "
        f"{comments.imported:,} new answers and comments in {result.seconds:.1f} s."
    )
