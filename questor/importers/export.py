"""Export the whole site in the Stack Exchange data-dump format.

The files are what `import-stackexchange` reads: importing them into an empty database
gives back the same users, posts, comments, votes, tags, scores, accepted answers,
closed states, links, badges and revisions. Three extra attributes carry attribution
for imported content (`OriginalSite`, `OriginalUrl`, `OriginalAuthor`); `ContentLicense`
is on every content row. Revisions go to PostHistory.xml with their Markdown source.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from django.db.models import Count, Max, Q

from questor.accounts.models import User
from questor.qa.models import (
    Award,
    CloseReason,
    Comment,
    Post,
    PostLink,
    PostType,
    Revision,
    Tag,
    Vote,
)

DEFAULT_LICENSE = "CC BY-SA 4.0"
CLOSE_CODES = {
    CloseReason.DUPLICATE: "101",
    CloseReason.OFF_TOPIC: "102",
    CloseReason.NEEDS_DETAILS: "103",
    CloseReason.NEEDS_FOCUS: "104",
    CloseReason.OPINION_BASED: "105",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#xD;", "\n": "&#xA;",
     "\t": "&#x9;"}
)  # fmt: skip
CHUNK = 2000


def dump_date(moment: datetime) -> str:
    """Dump dates: UTC, no zone, milliseconds (microseconds when there are any)."""
    moment = moment.astimezone(UTC)
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond % 1000:
        return f"{base}.{moment.microsecond:06d}"
    return f"{base}.{moment.microsecond // 1000:03d}"


def _value(value: Any) -> str:
    if isinstance(value, datetime):
        return dump_date(value)
    if isinstance(value, bool):
        return "True" if value else "False"
    return _NOT_XML.sub("", str(value)).translate(_ESCAPES)


class DumpWriter:
    """One dump file: BOM, declaration, a root element, one `<row/>` per line."""

    def __init__(self, path: Path, root: str) -> None:
        self.root = root
        self.count = 0
        self.file: IO[str] = path.open("w", encoding="utf-8", newline="\n")
        self.file.write(f'\ufeff<?xml version="1.0" encoding="utf-8"?>\n<{root}>\n')

    def row(self, **attributes: Any) -> None:
        parts = " ".join(
            f'{name}="{_value(value)}"'
            for name, value in attributes.items()
            if value is not None and value != ""
        )
        self.file.write(f"  <row {parts} />\n")
        self.count += 1

    def __enter__(self) -> DumpWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.file.write(f"</{self.root}>\n")
        self.file.close()


def _tags(names: str) -> str:
    return "".join(f"<{name}>" for name in names.split())


def _chunked(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


class Exporter:
    def __init__(self, target: Path, *, site: str, include_all: bool = False) -> None:
        self.target = Path(target)
        self.site = site
        self.include_all = include_all
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        self.target.mkdir(parents=True, exist_ok=True)
        self._select_posts()
        self._users()
        tag_posts = self._posts()
        self._tags(tag_posts)
        self._history()
        self._comments()
        self._votes()
        self._links()
        self._badges()
        (self.target / "LICENSE").write_text(
            "User content in these files is licensed under Creative Commons Attribution-"
            "ShareAlike (the version is on each row, in ContentLicense).\n"
            f"Exported from {self.site}. Content imported from elsewhere names its source in "
            "OriginalSite, OriginalUrl and OriginalAuthor: keep that attribution when you "
            "reuse it.\n",
            encoding="utf-8",
        )
        return self.counts

    def _select_posts(self) -> None:
        posts = Post.objects.all() if self.include_all else Post.objects.public()
        questions = set(posts.filter(post_type=PostType.QUESTION).values_list("pk", flat=True))
        answers = {
            pk
            for pk, question in posts.filter(post_type=PostType.ANSWER).values_list(
                "pk", "question_id"
            )
            if question in questions
        }
        self.questions = questions
        self.post_ids = sorted(questions | answers)

    def _posts_in_order(self) -> Iterator[Post]:
        for chunk in _chunked(self.post_ids):
            yield from Post.objects.filter(pk__in=chunk).order_by("pk")

    # Users ----------------------------------------------------------------------------

    def _users(self) -> None:
        cast: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
        for user_id, value, count in (
            Vote.objects.values("user_id", "value")
            .annotate(n=Count("id"))
            .values_list("user_id", "value", "n")
        ):
            cast[user_id][0 if value > 0 else 1] += count
        users = User.objects.all() if self.include_all else User.objects.filter(is_active=True)
        with DumpWriter(self.target / "Users.xml", "users") as out:
            for user in users.order_by("pk").iterator(chunk_size=CHUNK):
                up, down = cast.get(user.pk, (0, 0))
                out.row(
                    Id=user.pk,
                    Reputation=user.reputation,
                    CreationDate=user.date_joined,
                    DisplayName=user.name,
                    LastAccessDate=user.last_login or user.date_joined,
                    AboutMe=user.about_html,
                    Views=0,
                    UpVotes=up,
                    DownVotes=down,
                    ContentLicense=user.content_license or None,
                    OriginalSite=user.source_site or None,
                    OriginalUrl=user.source_url or None,
                )
            self.counts["Users"] = out.count
        self.user_ids = set(users.values_list("pk", flat=True))

    def _user(self, user_id: int | None) -> int | None:
        return user_id if user_id in self.user_ids else None

    # Posts, and tag wikis as posts of types 4 and 5 ------------------------------------

    def _posts(self) -> dict[str, tuple[int | None, int | None]]:
        exported = set(self.post_ids)
        with DumpWriter(self.target / "Posts.xml", "posts") as out:
            for post in self._posts_in_order():
                is_question = post.post_type == PostType.QUESTION
                accepted = post.accepted_answer_id if post.accepted_answer_id in exported else None
                author = self._user(post.author_id)
                out.row(
                    Id=post.pk,
                    PostTypeId=post.post_type,
                    ParentId=None if is_question else post.question_id,
                    AcceptedAnswerId=accepted,
                    CreationDate=post.created_at,
                    Score=post.score,
                    ViewCount=post.view_count if is_question else None,
                    Body=post.body_html,
                    OwnerUserId=author,
                    OwnerDisplayName=None if author else (post.author_name or None),
                    LastEditorUserId=self._user(post.last_editor_id),
                    LastEditDate=post.last_edited_at,
                    LastActivityDate=post.last_activity_at,
                    Title=post.title if is_question else None,
                    Tags=_tags(post.tag_names) if is_question else None,
                    AnswerCount=post.answer_count if is_question else None,
                    CommentCount=post.comment_count,
                    ClosedDate=post.closed_at if is_question else None,
                    ContentLicense=post.content_license or DEFAULT_LICENSE,
                    OriginalSite=post.source_site or None,
                    OriginalUrl=post.source_url or None,
                    OriginalAuthor=post.source_author or None,
                )
            self.counts["Posts"] = out.count
            tag_posts: dict[str, tuple[int | None, int | None]] = {}
            next_id = (Post.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
            for tag in Tag.objects.filter(~Q(excerpt="") | ~Q(wiki_html="")).order_by("pk"):
                excerpt_id = wiki_id = None
                for kind, body in ((4, f"<p>{escape(tag.excerpt)}</p>" if tag.excerpt else ""),
                                   (5, tag.wiki_html)):  # fmt: skip
                    if not body:
                        continue
                    out.row(
                        Id=next_id,
                        PostTypeId=kind,
                        CreationDate=tag.created_at,
                        Score=0,
                        Body=body,
                        OwnerUserId=-1 if -1 in self.user_ids else None,
                        LastActivityDate=tag.created_at,
                        CommentCount=0,
                        ContentLicense=DEFAULT_LICENSE,
                    )
                    if kind == 4:
                        excerpt_id = next_id
                    else:
                        wiki_id = next_id
                    next_id += 1
                tag_posts[tag.name] = (excerpt_id, wiki_id)
        return tag_posts

    def _tags(self, tag_posts: dict[str, tuple[int | None, int | None]]) -> None:
        with DumpWriter(self.target / "Tags.xml", "tags") as out:
            for tag in Tag.objects.order_by("pk").iterator(chunk_size=CHUNK):
                excerpt_id, wiki_id = tag_posts.get(tag.name, (None, None))
                out.row(
                    Id=tag.pk,
                    TagName=tag.name,
                    Count=tag.question_count,
                    ExcerptPostId=excerpt_id,
                    WikiPostId=wiki_id,
                )
            self.counts["Tags"] = out.count

    # Revisions, closing and locking -----------------------------------------------------

    def _history(self) -> None:
        row_id = 0
        with DumpWriter(self.target / "PostHistory.xml", "posthistory") as out:
            for chunk in _chunked(self.post_ids):
                posts = {post.pk: post for post in Post.objects.filter(pk__in=chunk)}
                revisions = Revision.objects.filter(post_id__in=chunk).order_by("post_id", "number")
                for revision in revisions:
                    post = posts[revision.post_id]
                    if post.body_is_html:
                        continue  # the dump's HTML: the import makes this revision again
                    first = revision.number == 1
                    guid = uuid.uuid5(
                        uuid.NAMESPACE_URL, f"{self.site}/{post.pk}/{revision.number}"
                    )
                    fields: list[tuple[int, str]] = [(2 if first else 5, revision.body)]
                    if post.post_type == PostType.QUESTION:
                        fields.insert(0, (1 if first else 4, revision.title))
                        fields.append((3 if first else 6, _tags(revision.tag_names)))
                    author = self._user(revision.author_id)
                    for kind, text in fields:
                        row_id += 1
                        out.row(
                            Id=row_id,
                            PostHistoryTypeId=kind,
                            PostId=post.pk,
                            RevisionGUID=guid,
                            CreationDate=revision.created_at,
                            UserId=author,
                            UserDisplayName=None if author else (revision.author_name or None),
                            Comment=revision.comment or None,
                            Text=text,
                            ContentLicense=post.content_license or DEFAULT_LICENSE,
                        )
                for post in posts.values():
                    if post.closed_at is not None:
                        row_id += 1
                        data: dict[str, Any] = {"Voters": []}
                        closer = self._user(post.closed_by_id)
                        if closer is not None:
                            data["Voters"] = [{"Id": closer}]
                        if post.duplicate_of_id in self.questions:
                            data["OriginalQuestionIds"] = [post.duplicate_of_id]
                        if post.close_note:
                            data["Note"] = post.close_note
                        out.row(
                            Id=row_id,
                            PostHistoryTypeId=10,
                            PostId=post.pk,
                            RevisionGUID=uuid.uuid5(
                                uuid.NAMESPACE_URL, f"{self.site}/{post.pk}/closed"
                            ),
                            CreationDate=post.closed_at,
                            UserId=closer,
                            Comment=CLOSE_CODES.get(CloseReason(post.close_reason))
                            if post.close_reason
                            else None,
                            Text=json.dumps(data),
                        )
                    if post.locked_at is not None:
                        row_id += 1
                        out.row(
                            Id=row_id,
                            PostHistoryTypeId=14,
                            PostId=post.pk,
                            RevisionGUID=uuid.uuid5(
                                uuid.NAMESPACE_URL, f"{self.site}/{post.pk}/locked"
                            ),
                            CreationDate=post.locked_at,
                            Text=json.dumps({"Voters": []}),
                        )
            self.counts["PostHistory"] = out.count

    # Comments, votes, links, badges -----------------------------------------------------

    def _comments(self) -> None:
        with DumpWriter(self.target / "Comments.xml", "comments") as out:
            for chunk in _chunked(self.post_ids):
                comments = Comment.objects.filter(post_id__in=chunk).order_by("pk")
                if not self.include_all:
                    comments = comments.filter(is_deleted=False)
                for comment in comments:
                    author = self._user(comment.author_id)
                    out.row(
                        Id=comment.pk,
                        PostId=comment.post_id,
                        Score=comment.score,
                        Text=comment.body,
                        CreationDate=comment.created_at,
                        UserId=author,
                        UserDisplayName=None if author else (comment.author_name or None),
                        ContentLicense=comment.content_license or DEFAULT_LICENSE,
                    )
            self.counts["Comments"] = out.count

    def _votes(self) -> None:
        next_id = (Vote.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        with DumpWriter(self.target / "Votes.xml", "votes") as out:
            for chunk in _chunked(self.post_ids):
                named: Counter[tuple[int, int]] = Counter()
                for vote in Vote.objects.filter(post_id__in=chunk).order_by("pk"):
                    user = self._user(vote.user_id)
                    out.row(
                        Id=vote.pk,
                        PostId=vote.post_id,
                        VoteTypeId=2 if vote.value > 0 else 3,
                        UserId=user,
                        CreationDate=vote.created_at,
                    )
                    named[(vote.post_id, vote.value)] += 1
                # Votes the site only counts (anonymous in the dumps it imported).
                posts = Post.objects.filter(pk__in=chunk).order_by("pk")
                for pk, up, down, created in posts.values_list(
                    "pk", "up_votes", "down_votes", "created_at"
                ):
                    day = created.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
                    for kind, total, value in ((2, up, 1), (3, down, -1)):
                        for _ in range(max(0, total - named[(pk, value)])):
                            out.row(Id=next_id, PostId=pk, VoteTypeId=kind, CreationDate=day)
                            next_id += 1
            self.counts["Votes"] = out.count

    def _links(self) -> None:
        exported = set(self.post_ids)
        with DumpWriter(self.target / "PostLinks.xml", "postlinks") as out:
            for link in PostLink.objects.order_by("pk").iterator(chunk_size=CHUNK):
                if link.post_id in exported and link.related_id in exported:
                    out.row(
                        Id=link.pk,
                        CreationDate=link.created_at,
                        PostId=link.post_id,
                        RelatedPostId=link.related_id,
                        LinkTypeId=link.link_type,
                    )
            self.counts["PostLinks"] = out.count

    def _badges(self) -> None:
        with DumpWriter(self.target / "Badges.xml", "badges") as out:
            awards = Award.objects.select_related("badge").order_by("pk")
            for award in awards.iterator(chunk_size=CHUNK):
                if award.user_id not in self.user_ids:
                    continue
                out.row(
                    Id=award.pk,
                    UserId=award.user_id,
                    Name=award.badge.name,
                    Date=award.awarded_at,
                    Class=award.badge.tier,
                    TagBased=award.badge.slug.startswith("tag-"),
                )
            self.counts["Badges"] = out.count
