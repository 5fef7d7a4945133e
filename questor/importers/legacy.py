"""Import scraped legacy Q&A pages (`questor import-page FILE...`).

A page is plain text, as scraped from an old Q&A blog:

    Can someone tell me the difference between leadership and management?   <- title
    September 30, 2009 by Leadership Development & Management Tips          <- date, publisher
    Filed under More Leadership Development Answers                          <- category
    Can you answer Questor’s question about Leadership Development?:         <- the asker
    If there is such a difference how you get managing directors?            <- the question
    Leadership Development Feedback: lead and manage is different            <- an answer
    ...

Scraping faults are repaired by the spam check's own rules
(`questor.spam.detector.clean_scraped_text`): a block pasted twice in a row is kept once,
and promotional lines unrelated to the question are dropped. The summary lists every
line dropped. The question is its asker's (an imported account, made if missing), the
answers belong to one "Imported (anonymous)" account, and the publisher and date are kept
as the question's source. A page already imported (same title, publisher and date) is
left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from questor.importers.common import (
    ItemReport,
    anonymous_user,
    category_named,
    finish_questions,
    imported_user,
)
from questor.lib.markdown import render_markdown
from questor.qa.models import Post, PostType
from questor.spam import detector

DEFAULT_ANSWER_MARKER = r"^[\w &]+ Feedback:\s*"
TITLE_MAX = 150

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_DATE_LINE = re.compile(
    rf"^\s*(?P<date>(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})\s+by\s+(?P<publisher>\S.*?)\s*$",
    re.IGNORECASE,
)
_CATEGORY_LINE = re.compile(r"^\s*(?:Filed under|Posted in)\s*:?\s+(?P<name>\S.*?)\s*$", re.I)
_ASKER_LINE = re.compile(
    r"^\s*Can you answer\s+(?P<name>\S.*?)\s*['’‘`]s\s+question(?:\s+about\s+(?P<topic>.*?))?"
    r"\s*\??\s*:?\s*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d{1,3}[.)])\s+\S")


class PageError(Exception):
    """The file is not a page this importer understands; nothing of it is written."""


@dataclass
class LegacyPage:
    title: str
    published: datetime
    publisher: str
    category: str
    asker: str
    topic: str
    body: str  # Markdown
    answers: list[str]  # Markdown, in page order
    dropped: list[str] = field(default_factory=list)  # lines removed as scraping faults
    cleaned_text: str = ""  # question and answers as cleaned, for the spam check


def _parse_date(text: str, line: int) -> datetime:
    words = re.sub(r"[.,]", " ", text).split()
    normal = f"{words[0][:3].title()} {int(words[1])} {words[2]}"
    try:
        day = datetime.strptime(normal, "%b %d %Y")  # noqa: DTZ007 - made aware below
    except ValueError:
        raise PageError(f"line {line}: “{text}” is not a date.") from None
    return day.replace(tzinfo=UTC)


def to_markdown(lines: Sequence[str]) -> str:
    """Scraped lines as Markdown: each line its own paragraph (a scraped line break is a
    paragraph break), except list items, which stay together as one list."""
    blocks: list[list[str]] = []
    previous_was_item = False
    for line in lines:
        if not line.strip():
            previous_was_item = False
            continue
        is_item = bool(_LIST_ITEM.match(line))
        if is_item and previous_was_item:
            blocks[-1].append(line.strip())
        else:
            blocks.append([line.strip()])
        previous_was_item = is_item
    return "\n\n".join("\n".join(block) for block in blocks)


def parse_page(text: str, *, answer_marker: str = DEFAULT_ANSWER_MARKER) -> LegacyPage:
    """Read one page. Raises PageError, naming the line, when it is not such a page."""
    try:
        marker = re.compile(answer_marker)
    except re.error as error:
        raise PageError(
            f"the answer marker {answer_marker!r} is not a regular expression: {error}"
        ) from None
    lines = text.lstrip("\ufeff").splitlines()
    numbered = [(number, line) for number, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        raise PageError("the file is empty.")
    title_line, title = numbered[0]
    title = " ".join(title.split())
    if marker.match(title) or _DATE_LINE.match(title):
        raise PageError(f"line {title_line}: the page must start with the question's title.")
    published: datetime | None = None
    publisher = category = asker = topic = ""
    position = 1
    while position < len(numbered):
        number, line = numbered[position]
        if published is None and (match := _DATE_LINE.match(line)):
            published = _parse_date(match["date"], number)
            publisher = match["publisher"]
        elif not category and (match := _CATEGORY_LINE.match(line)):
            category = match["name"]
        elif not asker and (match := _ASKER_LINE.match(line)):
            asker, topic = match["name"], match["topic"] or ""
        else:
            break
        position += 1
    if published is None:
        raise PageError(
            f"line {title_line + 1}: no date line after the title (expected something like "
            "“September 30, 2009 by Publisher Name”)."
        )
    rest_start = numbered[position][0] - 1 if position < len(numbered) else len(lines)
    rest = "\n".join(lines[rest_start:])
    cleaned, dropped = detector.clean_scraped_text(rest, title=title)
    question_lines: list[str] = []
    answers: list[list[str]] = []
    for line in cleaned.splitlines():
        match = marker.match(line)
        if match:
            answers.append([line[match.end() :]])
        elif answers:
            answers[-1].append(line)
        else:
            question_lines.append(line)
    body = to_markdown(question_lines)
    answer_bodies = [to_markdown(answer) for answer in answers]
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1] + "…"
    return LegacyPage(
        title=title,
        published=published,
        publisher=publisher,
        category=category,
        asker=asker,
        topic=topic,
        body=body or title,
        answers=answer_bodies,
        dropped=dropped,
        cleaned_text=cleaned,
    )


# Writing --------------------------------------------------------------------------------


def already_imported(page: LegacyPage) -> Post | None:
    return Post.objects.filter(
        post_type=PostType.QUESTION,
        title=page.title,
        source_site=page.publisher[:100],
        created_at=page.published,
    ).first()


@transaction.atomic
def save_page(page: LegacyPage, report: ItemReport) -> Post:
    """Write one parsed page (in one transaction); a page already here is left alone."""
    existing = already_imported(page)
    if existing is not None:
        report.existing += 1 + len(page.answers)
        return existing
    asker, _ = (
        imported_user(page.asker, source_site=page.publisher)
        if page.asker
        else (anonymous_user(), False)
    )
    answerer = anonymous_user()
    category = category_named(page.category) if page.category else None
    held, reasons = _spam_verdict(page)
    question = Post(
        post_type=PostType.QUESTION,
        author=asker,
        title=page.title,
        body=page.body,
        body_html=render_markdown(page.body),
        category=category,
        created_at=page.published,
        last_activity_at=page.published,
        source_site=page.publisher[:100],
        source_author=(page.asker or asker.name)[:100],
        held_for_review=held,
        held_reasons=reasons,
    )
    (question,) = Post.objects.bulk_create([question])
    answers = [
        Post(
            post_type=PostType.ANSWER,
            question=question,
            author=answerer,
            body=text,
            body_html=render_markdown(text),
            created_at=page.published,
            last_activity_at=page.published,
            source_site=page.publisher[:100],
            source_author=answerer.name,
        )
        for text in page.answers
        if text.strip()
    ]
    if len(answers) < len(page.answers):
        report.skip("empty answers", len(page.answers) - len(answers))
    Post.objects.bulk_create(answers)
    finish_questions([question.pk])
    report.imported += 1 + len(answers)
    if held:
        report.notes.append(f"held for a moderator by the spam check: {reasons}")
    return question


def _spam_verdict(page: LegacyPage) -> tuple[bool, str]:
    """What the spam check says of the page as cleaned (held when it is still spam)."""
    if not settings.SPAM_CHECK_ENABLED:
        return False, ""
    from questor.spam.services import check_legacy_page

    verdict = check_legacy_page(title=page.title, text=page.cleaned_text)
    return verdict.is_spam, verdict.reasons if verdict.is_spam else ""


@dataclass
class PageResult:
    path: Path
    report: ItemReport
    page: LegacyPage | None = None
    question: Post | None = None


def import_pages(
    paths: Sequence[Path],
    *,
    answer_marker: str = DEFAULT_ANSWER_MARKER,
    console: Console | None = None,
) -> list[PageResult]:
    """Import each page in its own transaction; a page that cannot be read is reported
    and leaves nothing behind, and the others are imported."""
    console = console or Console(stderr=True)
    results: list[PageResult] = []
    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("Pages", total=len(paths))
        for path in paths:
            progress.update(task, description=path.name[:24])
            results.append(_import_one(Path(path), answer_marker))
            progress.advance(task)
    return results


def _import_one(path: Path, answer_marker: str) -> PageResult:
    report = ItemReport(name=path.name)
    result = PageResult(path=path, report=report)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error = f"{path} does not exist."
        return result
    except UnicodeDecodeError as error:
        report.error = f"{path.name} is not UTF-8 text (byte {error.start}): {error.reason}."
        return result
    except OSError as error:
        report.error = f"{path} cannot be read: {error.strerror}."
        return result
    try:
        page = parse_page(text, answer_marker=answer_marker)
    except PageError as error:
        report.error = f"{path.name}, {error}"
        return result
    result.page = page
    report.read = 1 + len(page.answers)
    try:
        result.question = save_page(page, report)
    except DatabaseError as error:
        report.imported = report.existing = 0
        report.error = f"{path.name}: the database refused the page: {error}"
        return result
    report.notes.insert(
        0,
        f"“{page.title[:70]}” by {page.asker or 'an unknown asker'}, "
        f"{page.published:%Y-%m-%d}, {len(page.answers)} answers",
    )
    kept = {" ".join(line.split()) for line in page.cleaned_text.splitlines()}
    for line in page.dropped:
        repeated = " ".join(line.split()) in kept
        why = "a later copy of a block pasted twice" if repeated else "promotion injected"
        report.dropped.append((why, line))
    return result
