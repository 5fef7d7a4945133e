"""Import a Stack Exchange data dump (a folder of XML files or a site's .7z archive).

Files are read in dependency order, each in its own transaction: a file that is not
well-formed (or repeats a primary id) is rolled back alone and named with its line;
a row with a problem is skipped and counted with its reason. Every write is an
idempotent bulk insert (`ON CONFLICT DO NOTHING`) or a deterministic fix-up, so running
the same import again changes nothing and an interrupted import, run again, finishes.
Counters, sequences and the search index are rebuilt once at the end.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table as RichTable

from questor.accounts.models import User
from questor.importers import db, prepare
from questor.importers.common import tag_text
from questor.importers.html import html_to_text, sanitize_html
from questor.importers.parallel import (
    ChunkingFailed,
    prepared_rows,
)
from questor.importers.reader import (
    DumpFileError,
    IdSet,
    Row,
    Skip,
    iter_rows,
    opt_date,
    opt_int,
    parse_tags,
    req_date,
    req_int,
    req_text,
)
from questor.lib.dbstats import refresh_planner_statistics
from questor.qa.models import (
    Award,
    Badge,
    CloseReason,
    Comment,
    IdMap,
    Post,
    PostLink,
    PostTag,
    PostType,
    ReputationEvent,
    ReputationKind,
    Revision,
    Tag,
    Vote,
)

# (line, what a `prepare` function made of the row) of each row of a file.
Rows = Iterator[tuple[int, prepare.Prepared]]
FILES = ("Users", "Posts", "Tags", "PostHistory", "Comments", "Votes", "PostLinks", "Badges")
BATCH_SIZE = 5000
# Files read by worker processes when large, with what the workers make of each row.
PREPARE: dict[str, Callable[[Row, prepare.Context], prepare.Prepared]] = {
    "Users": prepare.user,
    "Posts": prepare.post,
    "Comments": prepare.comment,
}
# An id space per kind; only these are remapped with --remap-ids (the rest get new ids).
REMAPPED = ("user", "post", "comment")

HISTORY_KINDS = {
    12: "post deleted",
    13: "post undeleted",
    16: "community owned",
    24: "suggested edit applied",
    25: "post tweeted",
    33: "post notice added",
    34: "post notice removed",
    35: "post migrated away",
    36: "post migrated here",
    50: "bumped by Community",
    52: "hot network question",
}
# PostHistory type 10's Comment: 101-105 today, 1-10 before 2013.
CLOSE_REASONS: dict[int, tuple[str, str]] = {
    101: (CloseReason.DUPLICATE, ""),
    1: (CloseReason.DUPLICATE, ""),
    102: (CloseReason.OFF_TOPIC, ""),
    2: (CloseReason.OFF_TOPIC, ""),
    103: (CloseReason.NEEDS_DETAILS, ""),
    4: (CloseReason.NEEDS_DETAILS, "not a real question"),
    104: (CloseReason.NEEDS_FOCUS, ""),
    105: (CloseReason.OPINION_BASED, ""),
    3: (CloseReason.OPINION_BASED, "not constructive"),
    7: (CloseReason.OFF_TOPIC, "too localized"),
    10: (CloseReason.OFF_TOPIC, "general reference"),
}
_SITE_NAME = re.compile(
    r"((?:[a-z0-9-]+\.)*(?:stackexchange\.com|stackoverflow\.com|superuser\.com|"
    r"serverfault\.com|askubuntu\.com|mathoverflow\.net|stackapps\.com))",
    re.IGNORECASE,
)
_USERNAME_JUNK = re.compile(r"[^A-Za-z0-9_.-]+")


class ImportRefused(Exception):  # noqa: N818 - a refusal, explained to the user
    """The import would mix ids with content already here (use --remap-ids)."""


@dataclass
class FileReport:
    name: str
    present: bool = False
    read: int = 0
    imported: int = 0
    existing: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    error: str = ""
    seconds: float = 0.0

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


@dataclass
class ImportResult:
    site: str
    files: dict[str, FileReport]
    seconds: float = 0.0
    reindexed: str = ""

    @property
    def errors(self) -> list[str]:
        return [report.error for report in self.files.values() if report.error]

    @property
    def posts_imported(self) -> int:
        return self.files["Posts"].imported


def infer_site(path: Path) -> str:
    for part in (path.name, *(parent.name for parent in path.parents)):
        match = _SITE_NAME.search(part)
        if match:
            return match.group(1).lower()
    return path.stem or "stackexchange"


def _username(display_name: str, user_id: int) -> str:
    ascii_name = unicodedata.normalize("NFKD", display_name).encode("ascii", "ignore").decode()
    base = _USERNAME_JUNK.sub("", ascii_name.replace(" ", "_")).strip("._-") or "user"
    suffix = f".{user_id}" if user_id >= 0 else f".m{-user_id}"
    return base[: 30 - len(suffix)] + suffix


class Ids:
    """Old (dump) ids to ours: the same ids, or with --remap-ids new ones kept in IdMap."""

    def __init__(self, site: str, remap: bool) -> None:
        self.site = site
        self.remap = remap
        self.maps: dict[str, dict[int, int]] = {kind: {} for kind in REMAPPED}
        self.next: dict[str, int] = {}
        self.pending: list[tuple[str, int, int]] = []
        self.load()

    def load(self) -> None:
        self.pending = []
        if not self.remap:
            return
        self.maps = {kind: {} for kind in REMAPPED}
        for kind, old, new in IdMap.objects.filter(
            source_site=self.site, kind__in=REMAPPED
        ).values_list("kind", "old_id", "new_id"):
            self.maps[kind][old] = new
        tops = {
            "user": User.objects.aggregate(top=Max("pk"))["top"],
            "post": Post.objects.aggregate(top=Max("pk"))["top"],
            "comment": Comment.objects.aggregate(top=Max("pk"))["top"],
        }
        for kind in REMAPPED:
            mapped = max(self.maps[kind].values(), default=0)
            self.next[kind] = max(tops[kind] or 0, mapped, 0) + 1

    def new(self, kind: str, old: int) -> int:
        if not self.remap:
            return old
        known = self.maps[kind].get(old)
        if known is not None:
            return known
        new = self.next[kind]
        self.next[kind] = new + 1
        self.maps[kind][old] = new
        self.pending.append((kind, old, new))
        return new

    def get(self, kind: str, old: int | None) -> int | None:
        if old is None:
            return None
        if not self.remap:
            return old
        return self.maps[kind].get(old)

    def flush(self, existing: Callable[[str], set[int]]) -> None:
        """Store the new mappings whose rows were written (inside the file's transaction)."""
        if not self.pending:
            return
        by_kind: dict[str, set[int]] = {}
        rows = []
        for kind, old, new in self.pending:
            if kind not in by_kind:
                by_kind[kind] = existing(kind)
            if new in by_kind[kind]:
                rows.append((self.site, kind, old, new))
        table = db.Table(IdMap, ["source_site", "kind", "old_id", "new_id"])
        for start in range(0, len(rows), BATCH_SIZE):
            db.insert(table, rows[start : start + BATCH_SIZE])
        self.pending = []


class WrittenPosts:
    """The posts of Posts.xml as they were written, in compact arrays (about 30 MB at a
    million posts). When the table was empty before them, they are all it holds, so what
    the importer would otherwise ask of the unindexed table (answers without their
    question, accepted answers that belong to their question, answer counts) can be
    worked out from them."""

    def __init__(self) -> None:
        self.question_ids: set[int] = set()  # for lookups; the arrays keep the file's order
        self.questions = array("q")
        self.written_counts = array("q")  # each question's AnswerCount, as written
        self.written_answered = bytearray()  # and its is_answered
        self.answers = array("q")
        self.answer_questions = array("q")
        self.answer_scored = bytearray()  # each answer's score is above 0

    def add(
        self, post: int, question: int | None, score: int, answers: int, answered: bool
    ) -> None:
        if question is None:
            self.question_ids.add(post)
            self.questions.append(post)
            self.written_counts.append(answers)
            self.written_answered.append(answered)
        else:
            self.answers.append(post)
            self.answer_questions.append(question)
            self.answer_scored.append(score > 0)

    def answers_without_question(self) -> list[int]:
        return [
            answer
            for answer, question in zip(self.answers, self.answer_questions, strict=True)
            if question not in self.question_ids
        ]

    def accepted_of_their_question(self, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The (question, answer) pairs in which the answer is one of the question's."""
        question_of = dict(zip(self.answers, self.answer_questions, strict=True))
        return [
            (question, answer) for question, answer in pairs if question_of.get(answer) == question
        ]

    def recounts(self, accepted: set[int]) -> list[tuple[int, int, bool]]:
        """(question, answer count, is answered) of each question whose written count or
        flag is wrong: counted from its answers, answered when it has accepted one
        (`accepted`: those questions) or one scores above 0."""
        counts = Counter(self.answer_questions)
        scored = {
            question
            for question, positive in zip(self.answer_questions, self.answer_scored, strict=True)
            if positive
        }
        fixes = []
        for question, written, was_answered in zip(
            self.questions, self.written_counts, self.written_answered, strict=True
        ):
            count = counts.get(question, 0)
            answered = question in accepted or question in scored
            if count != written or answered != bool(was_answered):
                fixes.append((question, count, answered))
        return fixes


class VoteTally:
    """Up-, down- and anonymous votes per dump post id: arrays indexed by the id for the
    usual dense ids (12 bytes a post), a dict for the rest."""

    DENSE = 1 << 27

    def __init__(self) -> None:
        self.up = array("I")
        self.down = array("I")
        self.anonymous = array("I")
        self.sparse: dict[int, list[int]] = {}

    def add(self, post: int, is_up: bool, anonymous: bool) -> None:
        if 0 <= post < self.DENSE:
            if post >= len(self.up):
                grow = bytes(4 * max(post + 1 - len(self.up), len(self.up), 1024))
                for counts in (self.up, self.down, self.anonymous):
                    counts.frombytes(grow)
            if is_up:
                self.up[post] += 1
            else:
                self.down[post] += 1
            if anonymous:
                self.anonymous[post] += 1
            return
        sparse = self.sparse.setdefault(post, [0, 0, 0])
        sparse[0 if is_up else 1] += 1
        sparse[2] += anonymous

    def get(self, post: int) -> tuple[int, int]:
        """(up, down) of a post."""
        if 0 <= post < len(self.up):
            return self.up[post], self.down[post]
        counts = self.sparse.get(post)
        return (counts[0], counts[1]) if counts else (0, 0)

    def items(self) -> Iterator[tuple[int, int, int, int]]:
        """(post, up, down, anonymous) of every post with votes."""
        up, down, anonymous = self.up, self.down, self.anonymous
        for post in range(len(up)):
            if up[post] or down[post]:
                yield post, up[post], down[post], anonymous[post]
        for post, (ups, downs, anonymous_votes) in self.sparse.items():
            yield post, ups, downs, anonymous_votes


def _chunks(values: list[Any], size: int = 900) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class StackExchangeImporter:
    def __init__(
        self,
        source: Path,
        *,
        site: str | None = None,
        remap_ids: bool = False,
        console: Console | None = None,
        batch_size: int = BATCH_SIZE,
        reindex: bool = True,
    ) -> None:
        self.source = Path(source)
        self.site = site or infer_site(self.source)
        self.remap = remap_ids
        self.console = console or Console(stderr=True)
        self.batch_size = batch_size
        self.reindex = reindex
        self.context = prepare.Context(
            site=self.site, rewrite_links=not remap_ids, text_dates=connection.vendor == "sqlite"
        )
        self.now = timezone.now()
        self.reports = {name: FileReport(name) for name in FILES}
        self.tag_wikis: dict[int, str] = {}
        self.tag_ids: dict[str, int] = {}
        self.user_names: dict[int, str] = {}
        self.users: set[int] = set()
        self.posts: set[int] = set()
        self.questions: set[int] = set()
        self._revisions: list[db.Row] = []
        self._body_updates: list[db.Row] = []
        self._close_updates: list[db.Row] = []
        self._lock_updates: list[db.Row] = []
        self._duplicates: list[db.Row] = []
        self.vote_tally = VoteTally()
        self.vote_error: DumpFileError | None = None
        # Posts.xml went into an empty table: its rows already carry their vote counts.
        self.posts_loaded_fresh = False
        # Answer counts and `is_answered` were recounted as Posts.xml committed.
        self.answers_counted = False

    # Entry point ------------------------------------------------------------------------

    def run(self) -> ImportResult:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="questor-import-") as scratch:
            folder = self._unpack(Path(scratch))
            paths = self._find_files(folder)
            if "Posts" not in paths:
                raise ImportRefused(f"No Posts.xml in {self.source}.")
            self._check_target(paths)
            self._tune_connection()
            self.ids = Ids(self.site, self.remap)
            self._load_sets()
            handlers: dict[str, Callable[[Rows, FileReport], None]] = {
                "Users": self._users,
                "Posts": self._posts,
                "Tags": self._tags,
                "PostHistory": lambda rows, report: self._history(rows, report, Path(scratch)),
                "Comments": self._comments,
                "Votes": lambda rows, report: self._votes(rows, report, Path(scratch)),
                "PostLinks": self._links,
                "Badges": self._badges,
            }
            with Progress(
                TextColumn("{task.description:<16}"),
                BarColumn(),
                DownloadColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            ) as progress:
                for name in FILES:
                    path = paths.get(name)
                    if name == "Posts" and "Votes" in paths:
                        self._tally_votes(paths["Votes"], progress, Path(scratch))
                    if path is None:
                        continue
                    report = self.reports[name]
                    report.present = True
                    if name == "Votes":  # read before Posts.xml (_tally_votes)
                        self._run_file(name, path, handlers[name], report, None, None)
                        continue
                    task = progress.add_task(f"{name}.xml", total=path.stat().st_size)
                    self._run_file(name, path, handlers[name], report, progress, task)
            result = ImportResult(site=self.site, files=self.reports)
            with transaction.atomic():
                self._finish()
            if self.reindex:
                result.reindexed = self._reindex()  # `questor reindex` runs ANALYZE too
            else:
                refresh_planner_statistics()
        result.seconds = time.monotonic() - started
        return result

    @staticmethod
    def _tune_connection() -> None:
        """SQLite's default page cache (2 MB) makes index updates of a million-row table
        wait on the disk: give this connection 256 MB while it imports. PostgreSQL: a
        commit need not wait for the disk (a crash loses at most the last file, which a
        second run imports again; nothing is corrupted), and index builds get memory."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA cache_size = -262144")
            elif connection.vendor == "postgresql":
                cursor.execute("SET synchronous_commit = off")
                cursor.execute("SET maintenance_work_mem = '256MB'")

    def _unpack(self, scratch: Path) -> Path:
        if self.source.is_dir():
            return self.source
        if not self.source.exists():
            raise ImportRefused(f"{self.source} does not exist.")
        if self.source.suffix.lower() == ".7z":
            import py7zr

            target = scratch / "archive"
            try:
                with py7zr.SevenZipFile(self.source, mode="r") as archive:
                    archive.extractall(path=target)
            except (py7zr.Bad7zFile, OSError) as error:
                raise ImportRefused(
                    f"{self.source.name} is not a readable .7z archive: {error}"
                ) from None
            return target
        raise ImportRefused(f"{self.source} is neither a dump folder nor a .7z archive.")

    @staticmethod
    def _find_files(folder: Path) -> dict[str, Path]:
        wanted = {f"{name.lower()}.xml": name for name in FILES}
        found: dict[str, Path] = {}
        for path in sorted(folder.rglob("*")):
            name = wanted.get(path.name.lower())
            if name and path.is_file() and name not in found:
                found[name] = path
        return found

    def _check_target(self, paths: dict[str, Path]) -> None:
        """Keep the dump's ids only where they cannot collide with content already here."""
        marker = IdMap.objects.filter(source_site=self.site, kind="import").first()
        if marker is not None:
            if bool(marker.new_id) != self.remap:
                how = "with" if marker.new_id else "without"
                raise ImportRefused(
                    f"{self.site} was imported here {how} --remap-ids before; "
                    f"run the import the same way again."
                )
            return
        if not self.remap:
            if Post.objects.exists() or Comment.objects.exists():
                raise ImportRefused(
                    "This database already has posts: the dump's ids would collide with them. "
                    "Run again with --remap-ids to give the imported content new ids (the old "
                    "ones are kept and redirect)."
                )
            local = dict(User.objects.filter(is_imported=False).values_list("pk", "username"))
            if local and "Users" in paths:
                taken = sorted(
                    {
                        int(row["Id"])
                        for _line, row in iter_rows(paths["Users"])
                        if row.get("Id", "").lstrip("-").isdecimal() and int(row["Id"]) in local
                    }
                )
                if taken:
                    listed = ", ".join(f"{pk} ({local[pk]})" for pk in taken[:5])
                    raise ImportRefused(
                        f"User ids of the dump already belong to accounts here: {listed}. "
                        "Run again with --remap-ids."
                    )
        IdMap.objects.create(source_site=self.site, kind="import", old_id=0, new_id=int(self.remap))

    def _load_sets(self) -> None:
        self.users = set(User.objects.values_list("pk", flat=True))
        self.posts = set(Post.objects.values_list("pk", flat=True))
        self.questions = set(
            Post.objects.filter(post_type=PostType.QUESTION).values_list("pk", flat=True)
        )
        self.tag_ids = dict(Tag.objects.values_list("name", "pk"))

    def _existing(self, kind: str) -> set[int]:
        if kind == "user":
            return self.users
        if kind == "post":
            return self.posts
        return set(Comment.objects.values_list("pk", flat=True))

    def _run_file(
        self,
        name: str,
        path: Path,
        handler: Callable[[Rows, FileReport], None],
        report: FileReport,
        progress: Progress | None,
        task: Any,
    ) -> None:
        started = time.monotonic()

        def advance(size: int) -> None:
            if progress is not None:
                progress.advance(task, size)

        def rows(one_process: bool) -> Iterator[tuple[int, prepare.Prepared]]:
            return prepared_rows(
                path,
                PREPARE.get(name, prepare.raw),
                self.context,
                advance,
                one_process=one_process or name not in PREPARE,
            )

        try:
            try:
                with transaction.atomic():
                    handler(rows(False), report)
                    self.ids.flush(self._existing)
            except ChunkingFailed:
                # Well-formed but not one row per line: rolled back, read in one process.
                self._forget_file(report)
                report.skipped.clear()
                report.notes.clear()
                report.read = 0
                if progress is not None:
                    progress.reset(task, total=path.stat().st_size)
                with transaction.atomic():
                    handler(rows(True), report)
                    self.ids.flush(self._existing)
        except DumpFileError as error:
            report.error = str(error)
        except DatabaseError as error:
            report.error = f"{path.name}: the database refused a batch: {error}"
        if report.error:
            # Rolled back: forget what this file added to the in-memory state.
            self._forget_file(report)
            self.console.print(f"[red]{report.error}[/red] (its rows were rolled back)")
        if progress is not None:
            progress.update(task, completed=path.stat().st_size)
        report.seconds += time.monotonic() - started

    def _forget_file(self, report: FileReport) -> None:
        """After a file was rolled back: forget what it added to the in-memory state."""
        report.imported = report.existing = 0
        if report.name == "Posts":
            self.answers_counted = False
        self._revisions, self._body_updates, self._duplicates = [], [], []
        self._close_updates, self._lock_updates = [], []
        self.ids.load()
        self._load_sets()

    # References -----------------------------------------------------------------------

    def _user_ref(self, old: int | None) -> int | None:
        new = self.ids.get("user", old)
        return new if new is not None and new in self.users else None

    def _post_ref(self, old: int | None) -> int | None:
        new = self.ids.get("post", old)
        return new if new is not None and new in self.posts else None

    def _rows_with_ids(
        self, rows: Iterator[tuple[int, prepare.Prepared]], report: FileReport
    ) -> Iterator[tuple[int, Any]]:
        """(Id, what prepare made of the row) of each row, counting every row read and
        skipping (counted, with the reason) those without an Id or refused by prepare;
        a duplicate Id stops the file."""
        seen = IdSet()
        skipped = report.skipped
        for line, (row_id, payload) in rows:
            report.read += 1
            if row_id is None:
                skipped[payload] += 1
                continue
            if not seen.add(row_id):
                raise DumpFileError(f"{report.name}.xml", line, f"duplicate Id {row_id}")
            if type(payload) is str:
                skipped[payload] += 1
                continue
            yield row_id, payload

    def _write(self, table: db.Table, rows: list[db.Row], report: FileReport) -> None:
        if not rows:
            return
        new = db.insert(table, rows)
        report.imported += new
        report.existing += len(rows) - new
        rows.clear()

    # Users ----------------------------------------------------------------------------

    def _users(self, rows: Rows, report: FileReport) -> None:
        table = db.Table(
            User,
            [
                "id", "username", "password", "last_login", "date_joined", "display_name",
                "about_html", "reputation", "is_imported", "source_site",
                "source_url", "content_license",
            ],
        )  # fmt: skip
        ledger = db.Table(ReputationEvent, ["user_id", "kind", "points", "created_at"])
        batch: list[db.Row] = []
        reputations: dict[int, tuple[int, Any]] = {}
        for old, fields in self._rows_with_ids(rows, report):
            (created, name, reputation, last_access, about_html, site, url, license) = fields
            new = self.ids.new("user", old)
            batch.append(
                (
                    new, _username(name, new), "!", last_access, created, name[:50],
                    about_html, reputation, True, site[:100], url[:300], license,
                )
            )  # fmt: skip
            self.user_names[new] = name
            reputations[new] = (reputation, created)
            if len(batch) >= self.batch_size:
                self._write_users(table, ledger, batch, reputations, report)
        self._write_users(table, ledger, batch, reputations, report)
        self.users = set(User.objects.values_list("pk", flat=True))

    def _write_users(
        self,
        table: db.Table,
        ledger: db.Table,
        batch: list[db.Row],
        reputations: dict[int, tuple[int, Any]],
        report: FileReport,
    ) -> None:
        ids = [row[0] for row in batch]
        self._write(table, batch, report)
        # The ledger explains each total: one adjustment of (reputation - 1), added once.
        have: set[int] = set()
        for chunk in _chunks(ids):
            have.update(
                ReputationEvent.objects.filter(
                    user_id__in=chunk, kind=ReputationKind.ADJUSTMENT
                ).values_list("user_id", flat=True)
            )
            have.update(
                set(chunk) - set(User.objects.filter(pk__in=chunk).values_list("pk", flat=True))
            )
        lines = [
            (
                user_id,
                ReputationKind.ADJUSTMENT.value,
                reputations[user_id][0] - 1,
                reputations[user_id][1],
            )
            for user_id in ids
            if user_id not in have and reputations[user_id][0] > 1
        ]
        db.insert(ledger, lines)
        reputations.clear()

    # Posts ----------------------------------------------------------------------------

    def _posts(self, rows: Rows, report: FileReport) -> None:
        table = db.Table(
            Post,
            [
                "id", "post_type", "question_id", "author_id", "author_name", "title", "body",
                "body_html", "tag_names", "score", "view_count", "created_at",
                "last_activity_at", "last_edited_at", "last_editor_id", "closed_at",
                "body_is_html", "source_site", "source_url", "source_author", "content_license",
                "answer_count", "comment_count", "is_answered", "up_votes", "down_votes",
            ],
        )  # fmt: skip
        links = db.Table(PostTag, ["post_id", "tag_id"])
        deferred = db.DeferredIndexes(table.name, links.name)
        # Rows of one file cannot collide (a repeated Id stops the file, tags are unique
        # per post): into an empty table they go without ON CONFLICT.
        table.direct = table.name in deferred.empty
        links.direct = links.name in deferred.empty and table.direct
        self.posts_loaded_fresh = table.name in deferred.empty
        written = WrittenPosts()
        accepted = self._read_posts(rows, report, table, links, written)
        # Answers whose question is not in the dump (deleted): out again, counted. Deleting
        # a post looks up what refers to it; without its indexes SQLite would scan the
        # table for each (PostgreSQL has no checks on qa_post during the load).
        post = db.quote(table.name)
        # Into an empty table, the rows just read are all it holds: they tell which answers
        # lost their question, and every id, without scanning the unindexed table (10-25 s
        # at a million posts on SQLite).
        fresh = written if self.posts_loaded_fresh else None
        if fresh is not None:
            orphan_ids = fresh.answers_without_question()
            orphans = f"FROM {post} WHERE id IN ({', '.join(map(str, orphan_ids)) or 'NULL'})"  # noqa: S608
            found = bool(orphan_ids)
            self.questions = fresh.question_ids
            self.posts = self.questions.union(fresh.answers).difference(orphan_ids)
        else:
            orphans = (
                f"FROM {post} WHERE post_type = {PostType.ANSWER.value} AND (question_id IS NULL "  # noqa: S608
                f"OR NOT EXISTS (SELECT 1 FROM {post} q WHERE q.id = {post}.question_id "
                f"AND q.post_type = {PostType.QUESTION.value}))"
            )
            found = bool(db.fetch_value(f"SELECT COUNT(*) {orphans}"))
        answers_without_question = 0
        if found:
            if connection.vendor != "postgresql":
                deferred.restore()
            answers_without_question = db.execute(f"DELETE {orphans}")
        if fresh is None:  # the table's ids, once the orphans are gone
            self.posts = set(Post.objects.values_list("pk", flat=True))
            self.questions = set(
                Post.objects.filter(post_type=PostType.QUESTION).values_list("pk", flat=True)
            )
        accepted_set = self._after_posts(report, accepted, answers_without_question, fresh)
        # Accepted answers and the recounts rewrite many post rows: cheaper before the
        # indexes come back. No later file changes answers or their scores, so the end
        # need not count them again.
        if fresh is None:
            self._recount_answers()
        else:
            db.update_from(
                table.name, ["answer_count", "is_answered"], fresh.recounts(accepted_set)
            )
        deferred.restore()
        self.answers_counted = True

    def _read_posts(
        self,
        rows: Rows,
        report: FileReport,
        table: db.Table,
        links: db.Table,
        written: WrittenPosts,
    ) -> list[tuple[int, int]]:
        batch: list[db.Row] = []
        post_tags: list[tuple[int, list[str]]] = []
        votes = self.vote_tally
        accepted: list[tuple[int, int]] = []
        early_answers: list[tuple[int, int]] = []
        if not self.user_names:
            self.user_names = {
                pk: name or username
                for pk, name, username in User.objects.values_list("pk", "display_name", "username")
            }
        for old, fields in self._rows_with_ids(rows, report):
            post_type = fields[0]
            if post_type == 4 or post_type == 5:
                # Tag wiki excerpt and body: kept on their tag (Tags.xml).
                self.tag_wikis[old] = fields[1]
                report.notes["tag wiki posts kept on their tags"] += 1
                continue
            (
                post_type, created, last_activity, edited, closed, score, views, owner_old,
                editor_old, accepted_old, answer_count, comment_count, question_old, title,
                tags, body_html, owner_name, site, url, original_author, license,
            ) = fields  # fmt: skip
            if len(title) > 150:
                report.notes["titles shortened to 150 characters"] += 1
                title = title[:149] + "…"
            if tags and max(map(len, tags)) > 35:
                long_tags = [name for name in tags if len(name) > 35]
                report.notes["tags longer than 35 characters dropped"] += len(long_tags)
                tags = [name for name in tags if len(name) <= 35]
            # The question's id first: with --remap-ids, ids are handed out in this order.
            question_id = None if question_old is None else self.ids.new("post", question_old)
            new = self.ids.new("post", old)
            question_ref = question_id
            if question_id is not None and question_id not in written.question_ids:
                # Its question comes later in the file (merged questions), or never (deleted).
                # Written with it, the row would leave SQLite a foreign-key violation to
                # check at the commit, and until then SQLite looks for the children of
                # every post inserted, scanning the unindexed table each time (a dump of
                # 200,000 posts with one such answer early on took over nine minutes
                # instead of 35 s). Set once every post of the file is in.
                early_answers.append((new, question_id))
                question_ref = None
            author = self._user_ref(owner_old)
            if owner_old is not None and author is None:
                report.notes["owners not in the dump (kept as deleted users)"] += 1
            author_name = "" if author else owner_name
            if not original_author and author:
                original_author = self.user_names.get(author, "")
            batch.append(
                (
                    new, post_type, question_ref, author, author_name[:100], title, body_html,
                    body_html, tag_text(tags), score, views, created, last_activity, edited,
                    self._user_ref(editor_old), closed, True, site[:100], url[:300],
                    (original_author or author_name)[:100], license, answer_count,
                    comment_count, accepted_old is not None, *votes.get(old),
                )
            )  # fmt: skip
            if tags:
                post_tags.append((new, tags))
            if accepted_old is not None and post_type == PostType.QUESTION:
                accepted.append((new, accepted_old))
            written.add(new, question_id, score, answer_count, accepted_old is not None)
            if len(batch) >= self.batch_size:
                self._write_posts(table, links, batch, post_tags, report)
        self._write_posts(table, links, batch, post_tags, report)
        db.update_from(table.name, ["question_id"], early_answers)
        return accepted

    def _after_posts(
        self,
        report: FileReport,
        accepted: list[tuple[int, int]],
        answers_without_question: int,
        fresh: WrittenPosts | None,
    ) -> set[int]:
        """Count the answers that went with their question, and set accepted answers;
        returns the questions whose accepted answer was set (only for a `fresh` load)."""
        if answers_without_question:
            report.imported -= answers_without_question
            report.skipped["answer whose question is not in the dump"] += answers_without_question
        updates = []
        for question, answer_old in accepted:
            answer = self._post_ref(answer_old)
            if answer is None or answer in self.questions:
                report.notes["accepted answers not in the dump"] += 1
                continue
            updates.append((question, answer))
        post = db.quote(Post._meta.db_table)
        if fresh is not None:
            # Only an answer to the question itself; no post had one before.
            updates = fresh.accepted_of_their_question(updates)
            db.update_from(Post._meta.db_table, ["accepted_answer_id"], updates)
            return {question for question, _answer in updates}
        db.update_from(
            Post._meta.db_table,
            ["accepted_answer_id"],
            updates,
            condition=f"AND {post}.accepted_answer_id IS NULL AND EXISTS (SELECT 1 FROM {post} a "  # noqa: S608
            f"WHERE a.id = u.accepted_answer_id AND a.question_id = u.row_id)",
        )
        return set()

    def _write_posts(
        self,
        table: db.Table,
        links: db.Table,
        batch: list[db.Row],
        post_tags: list[tuple[int, list[str]]],
        report: FileReport,
    ) -> None:
        self._write(table, batch, report)
        if not post_tags:
            return
        names = {name for _post, tags in post_tags for name in tags}
        self._ensure_tags(names)
        db.insert(links, [(post, self.tag_ids[name]) for post, tags in post_tags for name in tags])
        post_tags.clear()

    def _ensure_tags(self, names: set[str]) -> None:
        missing = sorted(names - self.tag_ids.keys())
        if not missing:
            return
        table = db.Table(Tag, ["name", "created_at"])
        db.insert(table, [(name, db.adapt(self.now)) for name in missing])
        for chunk in _chunks(missing):
            self.tag_ids.update(Tag.objects.filter(name__in=chunk).values_list("name", "pk"))

    @staticmethod
    def _recount_answers() -> None:
        """answer_count and is_answered of every question from its answers, in two
        set-based statements (one pass over the answers, one over the questions that
        have none) that need no index; only rows whose value differs are written."""
        post = db.quote(Post._meta.db_table)
        question = PostType.QUESTION.value
        live_answers = f"FROM {post} a WHERE a.question_id IS NOT NULL AND a.is_deleted = FALSE"
        # Answered: an accepted answer, or an answer with a positive score.
        answered = f"({post}.accepted_answer_id IS NOT NULL OR c.positive > 0)"
        db.execute(
            f"UPDATE {post} SET answer_count = c.n, is_answered = {answered} "  # noqa: S608
            f"FROM (SELECT a.question_id AS question, COUNT(*) AS n, "
            f"SUM(CASE WHEN a.score > 0 THEN 1 ELSE 0 END) AS positive {live_answers} "
            f"GROUP BY a.question_id) c WHERE {post}.id = c.question "
            f"AND {post}.post_type = {question} "
            f"AND ({post}.answer_count <> c.n OR {post}.is_answered <> {answered})"
        )
        accepted = "(accepted_answer_id IS NOT NULL)"
        db.execute(
            f"UPDATE {post} SET answer_count = 0, is_answered = {accepted} "  # noqa: S608
            f"WHERE post_type = {question} AND (answer_count <> 0 OR is_answered <> {accepted}) "
            f"AND {db.none_in(f'{post}.id', 'a.question_id', live_answers)}"
        )

    # Tags -----------------------------------------------------------------------------

    def _tags(self, rows: Rows, report: FileReport) -> None:
        wikis: list[tuple[str, str, str]] = []
        names: set[str] = set()
        for _row_id, row in self._rows_with_ids(rows, report):
            name = row.get("TagName", "").strip().lower()
            if not name:
                report.skipped["missing TagName"] += 1
                continue
            if len(name) > 35:
                report.skipped["tag name longer than 35 characters"] += 1
                continue
            names.add(name)
            excerpt_id, wiki_id = opt_int(row, "ExcerptPostId"), opt_int(row, "WikiPostId")
            excerpt = html_to_text(self.tag_wikis.get(excerpt_id, "")) if excerpt_id else ""
            wiki = sanitize_html(self.tag_wikis.get(wiki_id, ""), site=self.site) if wiki_id else ""
            if excerpt or wiki:
                wikis.append((excerpt, wiki, name))
        before = len(self.tag_ids)
        known = names & self.tag_ids.keys()
        self._ensure_tags(names)
        report.imported += len(self.tag_ids) - before
        report.existing += len(known)
        tag = db.quote(Tag._meta.db_table)
        db.execute_many(
            f"UPDATE {tag} SET excerpt = %s, wiki_html = %s WHERE name = %s "  # noqa: S608
            "AND excerpt = '' AND wiki_html = ''",
            wikis,
        )

    # Post history: revisions, Markdown sources, closing and locking --------------------

    def _history(self, rows: Rows, report: FileReport, scratch: Path) -> None:
        """Events are staged in a scratch SQLite file and read back sorted by post and
        time, so they may come in any order and memory stays constant."""
        stage = sqlite3.connect(scratch / "history.sqlite3")
        try:
            stage.execute("DROP TABLE IF EXISTS h")
            stage.execute(
                "CREATE TABLE h (post INTEGER, at TEXT, id INTEGER, guid TEXT, type INTEGER, "
                "user INTEGER, user_name TEXT, text TEXT, comment TEXT)"
            )
            staged: list[tuple[Any, ...]] = []
            for row_id, row in self._rows_with_ids(rows, report):
                try:
                    kind = req_int(row, "PostHistoryTypeId")
                    post_old = req_int(row, "PostId")
                    at = req_date(row, "CreationDate")
                    user_old = opt_int(row, "UserId")
                except Skip as skip:
                    report.skipped[skip.reason] += 1
                    continue
                post = self._post_ref(post_old)
                if post is None:
                    report.skipped["post not in the dump"] += 1
                    continue
                if not (1 <= kind <= 11 or kind in (14, 15)):
                    report.skipped[
                        f"events of type {kind} ({HISTORY_KINDS.get(kind, 'other')})"
                    ] += 1
                    continue
                user = self._user_ref(user_old)
                user_name = (
                    ""
                    if user
                    else (row.get("UserDisplayName") or (f"user{user_old}" if user_old else ""))
                )
                staged.append(
                    (post, at.isoformat(), row_id, row.get("RevisionGUID") or f"row{row_id}", kind,
                     user, user_name, row.get("Text"), row.get("Comment") or "")
                )  # fmt: skip
                if len(staged) >= self.batch_size:
                    stage.executemany("INSERT INTO h VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", staged)
                    staged.clear()
            stage.executemany("INSERT INTO h VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", staged)
            stage.commit()
            cursor = stage.execute("SELECT * FROM h ORDER BY post, at, id")
            current: list[tuple[Any, ...]] = []
            for event in cursor:
                if current and current[0][0] != event[0]:
                    self._post_history(current, report)
                    current = []
                current.append(event)
            if current:
                self._post_history(current, report)
            self._flush_history(report)
        finally:
            stage.close()

    def _post_history(self, events: list[tuple[Any, ...]], report: FileReport) -> None:
        post = events[0][0]
        is_question = post in self.questions
        groups: dict[str, list[tuple[Any, ...]]] = {}
        for event in events:
            groups.setdefault(event[3], []).append(event)
        title = body = tags = ""
        has_body = False
        number = 0
        closing: tuple[str, str, int | None, int | None] | None = None
        locked_at: str | None = None
        for group in groups.values():
            content = [event for event in group if event[4] <= 9]
            for event in group:
                kind, text = event[4], event[7]
                if kind == 10:
                    closing = self._closing(event)
                elif kind == 11:
                    closing = None
                elif kind == 14:
                    locked_at = event[1]
                elif kind == 15:
                    locked_at = None
            if not content:
                continue
            for event in content:
                kind, text = event[4], event[7] or ""
                if kind in (1, 4, 7):
                    title = " ".join(text.split())[:150]
                elif kind in (2, 5, 8):
                    body, has_body = text, True
                elif kind in (3, 6, 9):
                    tags = tag_text(parse_tags(text))
            number += 1
            first = content[0]
            comment = next((event[8] for event in content if event[8]), "")
            self._revisions.append(
                (post, number, first[5], first[6][:100], title if is_question else "", body,
                 tags if is_question else "", comment[:300],
                 db.adapt(datetime.fromisoformat(first[1])))
            )  # fmt: skip
        if has_body:
            self._body_updates.append((body, number, post, number))
        if closing is not None:
            reason, note, closed_by, duplicate_of = closing
            self._close_updates.append((reason, note, closed_by, post))
            if duplicate_of is not None:
                self._duplicates.append((duplicate_of, post))
        if locked_at is not None:
            self._lock_updates.append((db.adapt(datetime.fromisoformat(locked_at)), post))
        if len(self._revisions) >= self.batch_size:
            self._flush_history(report)

    def _closing(self, event: tuple[Any, ...]) -> tuple[str, str, int | None, int | None]:
        code = int(event[8]) if str(event[8]).isdecimal() else 0
        reason, note = CLOSE_REASONS.get(code, ("", ""))
        closed_by = event[5]
        duplicate_of = None
        try:
            data = json.loads(event[7] or "{}")
        except ValueError:
            data = {}
        if isinstance(data, dict):
            voters = [
                voter.get("Id") for voter in data.get("Voters", []) if isinstance(voter, dict)
            ]
            for voter in reversed(voters):
                user = self._user_ref(voter if isinstance(voter, int) else None)
                if user is not None:
                    closed_by = user
                    break
            originals = data.get("OriginalQuestionIds") or []
            if originals and isinstance(originals[0], int):
                duplicate_of = self._post_ref(originals[0])
            if isinstance(data.get("Note"), str):
                note = data["Note"][:300]
        return reason, note, closed_by, duplicate_of

    def _flush_history(self, report: FileReport) -> None:
        table = db.Table(
            Revision,
            ["post_id", "number", "author_id", "author_name", "title", "body", "tag_names",
             "comment", "created_at"],
        )  # fmt: skip
        new = db.insert(table, self._revisions)
        report.imported += new
        report.existing += len(self._revisions) - new
        post = db.quote(Post._meta.db_table)
        db.execute_many(
            f"UPDATE {post} SET body = %s, body_is_html = FALSE, revision_number = %s "  # noqa: S608
            "WHERE id = %s AND revision_number <= %s",
            self._body_updates,
        )
        db.execute_many(
            f"UPDATE {post} SET close_reason = %s, close_note = %s, closed_by_id = %s "  # noqa: S608
            "WHERE id = %s AND closed_at IS NOT NULL AND close_reason = ''",
            self._close_updates,
        )
        db.execute_many(
            f"UPDATE {post} SET duplicate_of_id = %s WHERE id = %s "  # noqa: S608
            "AND duplicate_of_id IS NULL AND closed_at IS NOT NULL",
            self._duplicates,
        )
        db.execute_many(
            f"UPDATE {post} SET locked_at = %s WHERE id = %s AND locked_at IS NULL",  # noqa: S608
            self._lock_updates,
        )
        self._revisions, self._body_updates = [], []
        self._close_updates, self._lock_updates, self._duplicates = [], [], []

    # Comments -------------------------------------------------------------------------

    def _comments(self, rows: Rows, report: FileReport) -> None:
        table = db.Table(
            Comment,
            ["id", "post_id", "author_id", "author_name", "body", "body_html", "score",
             "created_at", "content_license"],
        )  # fmt: skip
        deferred = db.DeferredIndexes(table.name)
        table.direct = bool(deferred.empty)  # ids are unique within the file
        self._read_comments(rows, report, table)
        deferred.restore()

    def _read_comments(self, rows: Rows, report: FileReport, table: db.Table) -> None:
        batch: list[db.Row] = []
        for old, fields in self._rows_with_ids(rows, report):
            post_old, text, text_html, score, created, user_old, user_name, license = fields
            post = self._post_ref(post_old)
            if post is None:
                report.skipped["post not in the dump"] += 1
                continue
            author = self._user_ref(user_old)
            if user_old is not None and author is None:
                report.notes["authors not in the dump (kept as deleted users)"] += 1
            name = "" if author else user_name
            batch.append(
                (self.ids.new("comment", old), post, author, name[:100], text, text_html,
                 score, created, license)
            )  # fmt: skip
            if len(batch) >= self.batch_size:
                self._write(table, batch, report)
        self._write(table, batch, report)

    # Votes ----------------------------------------------------------------------------

    def _tally_votes(self, path: Path, progress: Progress, scratch: Path) -> None:
        """Read Votes.xml before Posts.xml (after Users): up- and downvotes are counted per
        post so that they go in with the posts, instead of a second write of every post
        row after the votes. The few votes that name their voter wait in a scratch SQLite
        file for the Votes step, which writes them in its own transaction as before."""
        report = self.reports["Votes"]
        report.present = True
        started = time.monotonic()
        task = progress.add_task("Votes.xml", total=path.stat().st_size)
        stage = sqlite3.connect(scratch / "votes.sqlite3")
        try:
            rows = prepared_rows(
                path, prepare.vote, self.context, lambda size: progress.advance(task, size)
            )
            try:
                self.vote_tally = self._count_votes(rows, report, stage)
            except ChunkingFailed:
                report.read = 0
                report.skipped.clear()
                rows = prepared_rows(path, prepare.vote, self.context, one_process=True)
                self.vote_tally = self._count_votes(rows, report, stage)
        except DumpFileError as error:
            # Nothing of a broken Votes.xml is counted; the Votes step reports it.
            self.vote_tally = VoteTally()
            self.vote_error = error
        finally:
            stage.close()
        progress.update(task, completed=path.stat().st_size)
        report.seconds += time.monotonic() - started

    def _count_votes(self, rows: Rows, report: FileReport, stage: sqlite3.Connection) -> VoteTally:
        tally = VoteTally()
        stage.execute("DROP TABLE IF EXISTS v")
        stage.execute("CREATE TABLE v (id INTEGER, post INTEGER, user INTEGER, value INTEGER, at)")
        staged: list[tuple[Any, ...]] = []
        user_ref, now = self._user_ref, db.adapt(self.now)
        for vote_id, (post_old, is_up, created, user_old) in self._rows_with_ids(rows, report):
            user = user_ref(user_old)
            tally.add(post_old, is_up, user is None)
            if user is not None:
                staged.append((vote_id, post_old, user, 1 if is_up else -1, created or now))
                if len(staged) >= self.batch_size:
                    stage.executemany("INSERT INTO v VALUES (?, ?, ?, ?, ?)", staged)
                    staged.clear()
        stage.executemany("INSERT INTO v VALUES (?, ?, ?, ?, ?)", staged)
        stage.commit()
        return tally

    def _votes(self, rows: Rows, report: FileReport, scratch: Path) -> None:
        """Write what `_tally_votes` read: the file itself is not read again."""
        if self.vote_error is not None:
            raise self.vote_error
        tally, post_ref = self.vote_tally, self._post_ref
        updates = []
        for post_old, up, down, anonymous in tally.items():
            post = post_ref(post_old)
            if post is None:
                report.skipped["post not in the dump"] += up + down
                continue
            if anonymous:
                # Public dumps make up- and downvotes anonymous: counted on the post.
                report.notes["anonymous votes counted on their posts"] += anonymous
            if not self.posts_loaded_fresh:
                updates.append((post, up, down))
        columns = ["post_id", "user_id", "value", "created_at"]
        table = db.Table(Vote, columns if self.remap else ["id", *columns])
        batch: list[db.Row] = []
        stage = sqlite3.connect(scratch / "votes.sqlite3")
        try:
            for vote_id, post_old, user, value, created in stage.execute("SELECT * FROM v"):
                post = post_ref(post_old)
                if post is None:
                    continue  # counted above
                vote = (post, user, value, created)
                batch.append(vote if self.remap else (vote_id, *vote))
                if len(batch) >= self.batch_size:
                    self._write(table, batch, report)
            self._write(table, batch, report)
        finally:
            stage.close()
        # Posts that were here before this import (a re-import, or one run again after an
        # interruption) did not get the counts with their row: set those that differ.
        post_table = db.quote(Post._meta.db_table)
        db.update_from(
            Post._meta.db_table,
            ["up_votes", "down_votes"],
            updates,
            condition=f"AND ({post_table}.up_votes <> u.up_votes "
            f"OR {post_table}.down_votes <> u.down_votes)",
        )

    # Post links -----------------------------------------------------------------------

    def _links(self, rows: Rows, report: FileReport) -> None:
        columns = ["post_id", "related_id", "link_type", "created_at"]
        table = db.Table(PostLink, columns if self.remap else ["id", *columns])
        batch: list[db.Row] = []
        duplicates: list[tuple[int, int]] = []
        for link_id, row in self._rows_with_ids(rows, report):
            try:
                post_old = req_int(row, "PostId")
                related_old = req_int(row, "RelatedPostId")
                kind = req_int(row, "LinkTypeId")
                created = opt_date(row, "CreationDate") or self.now
            except Skip as skip:
                report.skipped[skip.reason] += 1
                continue
            if kind not in (1, 3):
                report.skipped[f"link type {kind} is not imported"] += 1
                continue
            post, related = self._post_ref(post_old), self._post_ref(related_old)
            if post is None or related is None:
                report.skipped["linked post not in the dump"] += 1
                continue
            link = (post, related, kind, db.adapt(created))
            batch.append(link if self.remap else (link_id, *link))
            if kind == 3 and post in self.questions and related in self.questions:
                duplicates.append((related, post))
            if len(batch) >= self.batch_size:
                self._write(table, batch, report)
        self._write(table, batch, report)
        post_table = db.quote(Post._meta.db_table)
        db.execute_many(
            f"UPDATE {post_table} SET duplicate_of_id = %s WHERE id = %s "  # noqa: S608
            "AND duplicate_of_id IS NULL",
            duplicates,
        )
        db.execute_many(
            f"UPDATE {post_table} SET close_reason = %s WHERE id = %s "  # noqa: S608
            "AND closed_at IS NOT NULL AND close_reason = ''",
            [(CloseReason.DUPLICATE.value, post) for _related, post in duplicates],
        )

    # Badges ---------------------------------------------------------------------------

    def _badges(self, rows: Rows, report: FileReport) -> None:
        columns = ["badge_id", "user_id", "awarded_at"]
        table = db.Table(Award, columns if self.remap else ["id", *columns])
        badges = {name.lower(): pk for name, pk in Badge.objects.values_list("name", "pk")}
        slugs = set(Badge.objects.values_list("slug", flat=True))
        batch: list[db.Row] = []
        awarded: set[tuple[int, int]] = set()
        for award_id, row in self._rows_with_ids(rows, report):
            try:
                user_old = req_int(row, "UserId")
                name = req_text(row, "Name").strip()
                at = req_date(row, "Date")
                tier = opt_int(row, "Class") or 3
            except Skip as skip:
                report.skipped[skip.reason] += 1
                continue
            if not name:
                report.skipped["missing Name"] += 1
                continue
            user = self._user_ref(user_old)
            if user is None:
                report.skipped["user not in the dump"] += 1
                continue
            tag_based = row.get("TagBased") == "True"
            badge = badges.get(name.lower())
            if badge is None:
                badge = self._new_badge(name, tier if tier in (1, 2, 3) else 3, tag_based, slugs)
                badges[name.lower()] = badge
            if (badge, user) in awarded:
                report.skipped["badge awarded again (members earn each badge once here)"] += 1
                continue
            awarded.add((badge, user))
            award = (badge, user, db.adapt(at))
            batch.append(award if self.remap else (award_id, *award))
            if len(batch) >= self.batch_size:
                self._write(table, batch, report)
        self._write(table, batch, report)

    def _new_badge(self, name: str, tier: int, tag_based: bool, slugs: set[str]) -> int:
        base = ("tag-" if tag_based else "") + (slugify(name) or "badge")
        slug, number = base[:60], 2
        while slug in slugs:
            slug = f"{base[:55]}-{number}"
            number += 1
        slugs.add(slug)
        description = (
            f"Earned for answers in the {name} tag on {self.site}."
            if tag_based
            else f"Earned on {self.site}."
        )
        return Badge.objects.create(
            slug=slug, name=name[:60], description=description[:300], tier=tier
        ).pk

    # The end: revisions for posts without history, counters, sequences, search ---------

    def _finish(self) -> None:
        post = db.quote(Post._meta.db_table)
        revision = db.quote(Revision._meta.db_table)
        comment = db.quote(Comment._meta.db_table)
        tag = db.quote(Tag._meta.db_table)
        post_tag = db.quote(PostTag._meta.db_table)
        badge = db.quote(Badge._meta.db_table)
        award = db.quote(Award._meta.db_table)
        # A post without history gets its first revision from what the dump shows.
        deferred = db.DeferredIndexes(Revision._meta.db_table)
        db.execute(
            f"INSERT INTO {revision} (post_id, number, author_id, author_name, title, "  # noqa: S608
            f"body, tag_names, comment, created_at) SELECT p.id, 1, p.author_id, "
            f"p.author_name, p.title, p.body, p.tag_names, %s, p.created_at FROM {post} p "
            f"WHERE p.source_site <> '' AND NOT EXISTS "
            f"(SELECT 1 FROM {revision} r WHERE r.post_id = p.id)",
            ["imported"],
        )
        deferred.restore()
        # Recounted from the rows, set-based; only rows whose value differs are written.
        if not self.answers_counted:  # Posts.xml was rolled back
            self._recount_answers()
        live_comments = f"FROM {comment} c WHERE c.is_deleted = FALSE"
        db.execute(
            f"UPDATE {post} SET comment_count = c.n FROM (SELECT c.post_id AS post, "  # noqa: S608
            f"COUNT(*) AS n {live_comments} GROUP BY c.post_id) c "
            f"WHERE {post}.id = c.post AND {post}.comment_count <> c.n"
        )
        db.execute(
            f"UPDATE {post} SET comment_count = 0 WHERE comment_count <> 0 "  # noqa: S608
            f"AND {db.none_in(f'{post}.id', 'c.post_id', live_comments)}"
        )
        tagged = f"FROM {post_tag} pt JOIN {post} p ON p.id = pt.post_id WHERE p.is_deleted = FALSE"
        db.execute(
            f"UPDATE {tag} SET question_count = c.n FROM (SELECT pt.tag_id AS tag, "  # noqa: S608
            f"COUNT(*) AS n {tagged} GROUP BY pt.tag_id) c "
            f"WHERE {tag}.id = c.tag AND {tag}.question_count <> c.n"
        )
        db.execute(
            f"UPDATE {tag} SET question_count = 0 WHERE question_count <> 0 "  # noqa: S608
            f"AND {db.none_in(f'{tag}.id', 'pt.tag_id', tagged)}"
        )
        db.execute(
            f"UPDATE {badge} SET award_count = (SELECT COUNT(*) FROM {award} a "  # noqa: S608
            f"WHERE a.badge_id = {badge}.id)"
        )
        if connection.vendor == "postgresql":
            models = [User, Post, Comment, Vote, Award, Badge, PostLink, PostTag, Revision, Tag,
                      ReputationEvent, IdMap]  # fmt: skip
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)

    def _reindex(self) -> str:
        try:
            call_command("reindex")
            message = "Search index rebuilt."
        except Exception as error:  # noqa: BLE001 - the import itself succeeded
            message = f"The search index was not rebuilt: {error}. Run `questor reindex`."
        self.console.print(message)
        return message


def summary_table(result: ImportResult) -> RichTable:
    table = RichTable(title=f"Import of {result.site} ({result.seconds:.1f} s)")
    table.add_column("File")
    table.add_column("Read", justify="right")
    table.add_column("Imported", justify="right")
    table.add_column("Already there", justify="right")
    table.add_column("Skipped", justify="right")
    table.add_column("Seconds", justify="right")
    table.add_column("Reasons and notes")
    for report in result.files.values():
        if not report.present:
            table.add_row(f"{report.name}.xml", "-", "-", "-", "-", "-", "missing from the dump")
            continue
        details = [f"{count:,} {reason}" for reason, count in report.skipped.most_common()]
        details += [f"note: {count:,} {reason}" for reason, count in report.notes.most_common()]
        if report.error:
            details.insert(0, f"[red]FAILED, rolled back: {report.error}[/red]")
        table.add_row(
            f"{report.name}.xml",
            f"{report.read:,}",
            f"{report.imported:,}",
            f"{report.existing:,}",
            f"{report.skipped_total:,}",
            f"{report.seconds:.1f}",
            "\n".join(details),
        )
    return table
