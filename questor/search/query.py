"""The search box's language, as Stack Exchange users know it. Pure Python, no Django.

    words              every word must occur (stemmed: "meetings" finds "meeting")
    "exact phrase"     the words in this order;   -word  /  -"phrase"   must not occur
    title:word         in the title;   body:word   in the body
    [tag]  -[tag]      tagged (several: all of them) / not tagged
    user:42  user:me   by this member
    is:question  is:answer
    score:3  score:..-1  score:2..5        at least 3 / at most -1 / from 2 to 5
    answers:0  answers:3  answers:1..4     none / at least 3 / from 1 to 4
    views:100                              at least 100 views
    isaccepted:yes|no   (answers)    hasaccepted:yes|no   (questions)
    closed:yes|no
    created:2009  created:2009-09..2010-01  created:2021-05-03..
    category:slug

`parse()` never raises: whatever it cannot read becomes a hint in `ParsedQuery.hints`,
and that part of the query is ignored.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from questor.lib.text import id_from

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

# PostgreSQL's `english` stop words (snowball's english.stop). They are dropped from
# free words on both databases, so a one-word query finds the same posts on each.
_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Range:
    """Inclusive bounds; None is open."""

    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class DateRange:
    """From `start` (inclusive) to `end` (exclusive); None is open."""

    start: date | None = None
    end: date | None = None


@dataclass
class ParsedQuery:
    # Free text. Each entry is a list of tokens: one token for a plain word, several for
    # a word like "node.js" or a quoted phrase (they must occur in this order).
    words: list[list[str]] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    title_words: list[list[str]] = field(default_factory=list)
    body_words: list[list[str]] = field(default_factory=list)
    excluded: list[list[str]] = field(default_factory=list)
    # Structured filters.
    tags: list[str] = field(default_factory=list)
    excluded_tags: list[str] = field(default_factory=list)
    user: int | None = None
    user_is_me: bool = False
    post_type: str | None = None  # "question" or "answer"
    score: Range | None = None
    answers: Range | None = None
    views: Range | None = None
    is_accepted: bool | None = None
    has_accepted: bool | None = None
    closed: bool | None = None
    created: DateRange | None = None
    category: str | None = None
    hints: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        """Whether the text index must match something (exclusions alone do not)."""
        return bool(self.words or self.phrases or self.title_words or self.body_words)

    @property
    def has_filters(self) -> bool:
        return (
            bool(self.tags or self.excluded_tags or self.excluded or self.user_is_me)
            or any(
                value is not None
                for value in (
                    self.user, self.post_type, self.score, self.answers, self.views,
                    self.is_accepted, self.has_accepted, self.closed, self.created,
                    self.category,
                )
            )
        )  # fmt: skip

    @property
    def is_empty(self) -> bool:
        return not self.has_text and not self.has_filters

    @property
    def highlight_terms(self) -> list[list[str]]:
        return [*self.words, *self.phrases, *self.title_words, *self.body_words]


_TOKEN_RE = re.compile(r"[^\W_]+")
_PIECE_RE = re.compile(
    r"""
    (?P<tag>-?\[[^\]\s]*\]?)                 # [tag], -[tag]
    | (?P<phrase>-?"[^"]*"?)                 # "exact phrase", -"phrase", unclosed
    | (?P<op>-?[A-Za-z]+:[^\s"]*(?:"[^"]*"?)?) # name:value, value may be "quoted"
    | (?P<word>[^\s"\[]+)                    # anything else
    """,
    re.VERBOSE,
)
_INT = r"-?\d{1,9}"
_RANGE_RE = re.compile(rf"^(?P<low>{_INT})?(?P<dots>\.\.)?(?P<high>{_INT})?$")
_DATE = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_DATE_RANGE_RE = re.compile(rf"^(?P<start>{_DATE})?(?P<dots>\.\.)?(?P<end>{_DATE})?$")
_TAG_RE = re.compile(r"^[a-z0-9][a-z0-9.+#_-]{0,34}$")
_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
_YES = {"yes", "true", "1", "y"}
_NO = {"no", "false", "0", "n"}
OPERATORS = (
    "title", "body", "user", "is", "score", "answers", "views", "isaccepted",
    "hasaccepted", "closed", "created", "category",
)  # fmt: skip


def tokens(text: str) -> list[str]:
    """Lower-cased letters-and-digits runs with diacritics removed: the tokens both
    index backends see (SQLite's unicode61 with remove_diacritics 2 reads text the same
    way; PostgreSQL is given text already split like this)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return _TOKEN_RE.findall(folded)


def normalise(text: str) -> str:
    """Text as the index reads it: its tokens, separated by spaces."""
    return " ".join(tokens(text))


def significant(words: list[str]) -> list[str]:
    return [word for word in words if word not in STOP_WORDS]


def parse(text: str) -> ParsedQuery:
    query = ParsedQuery()
    if not isinstance(text, str):
        return query
    text = text.replace("\x00", " ")
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        query.hints.append(f"Only the first {MAX_QUERY_LENGTH} characters were searched.")
    terms = 0
    for match in _PIECE_RE.finditer(text):
        kind = match.lastgroup
        piece = match.group()
        if kind == "tag":
            _tag(query, piece)
            continue
        if kind == "op" and _operator(query, piece):
            continue
        terms += 1
        if terms > MAX_TERMS:
            if terms == MAX_TERMS + 1:
                query.hints.append(f"Only the first {MAX_TERMS} words were searched.")
            continue
        if kind == "phrase":
            _phrase(query, piece)
        else:
            _word(query, piece, query.words)
    return query


def _word(query: ParsedQuery, piece: str, into: list[list[str]]) -> None:
    negative = piece.startswith("-") and len(piece) > 1
    found = tokens(piece[1:] if negative else piece)
    if len(found) == 1:
        found = significant(found)
    if not found:
        return
    (query.excluded if negative else into).append(found)


def _phrase(query: ParsedQuery, piece: str) -> None:
    negative = piece.startswith("-")
    found = tokens(piece.lstrip("-"))
    if not piece.rstrip().endswith('"') or piece.lstrip("-") == '"':
        query.hints.append("A quotation mark was not closed; the phrase runs to the end.")
    if len(found) == 1:
        found = significant(found)
    if not found:
        return
    (query.excluded if negative else query.phrases).append(found)


def _tag(query: ParsedQuery, piece: str) -> None:
    negative = piece.startswith("-")
    name = piece.lstrip("-").strip("[]").lower()
    if not piece.endswith("]"):
        query.hints.append(f"“{piece}”: a tag is written in square brackets, like [delegation].")
        return
    if not _TAG_RE.match(name):
        query.hints.append(f"“{piece}” is not a tag name.")
        return
    target = query.excluded_tags if negative else query.tags
    if name not in target:
        target.append(name)


def _operator(query: ParsedQuery, piece: str) -> bool:
    """Apply name:value; False when `name` is no operator (then it is a plain word)."""
    negative = piece.startswith("-")
    name, _, value = piece.lstrip("-").partition(":")
    name = name.lower()
    if name not in OPERATORS:
        return False
    shown = f"“{piece}”"
    if negative:
        query.hints.append(f"{shown}: only words, phrases and tags can be excluded with “-”.")
        return True
    value = value.strip('"') if name not in {"title", "body"} else value
    if not value:
        query.hints.append(f"{shown} needs a value after the colon.")
        return True
    handler = _HANDLERS[name]
    problem = handler(query, name, value)
    if problem:
        query.hints.append(f"{shown}: {problem}")
    return True


def _text_field(query: ParsedQuery, name: str, value: str) -> str | None:
    into = query.title_words if name == "title" else query.body_words
    found = tokens(value)
    if value.startswith('"') or len(found) > 1:
        if found:
            into.append(found)
        return None
    found = significant(found)
    if found:
        into.append(found)
        return None
    return "that word is too common to search for." if tokens(value) else "no word to find."


def _user(query: ParsedQuery, name: str, value: str) -> str | None:
    if value.lower() == "me":
        query.user_is_me = True
        return None
    if (number := id_from(value)) is not None:
        query.user = number
        return None
    return "write a member's number (as in their profile's address) or “me”."


def _is(query: ParsedQuery, name: str, value: str) -> str | None:
    value = value.lower()
    if value in {"question", "q"}:
        query.post_type = "question"
    elif value in {"answer", "a"}:
        query.post_type = "answer"
    else:
        return "use is:question or is:answer."
    return None


def _range(value: str, *, at_least: bool) -> Range | None:
    match = _RANGE_RE.match(value)
    if not match or not (match["low"] or match["high"]):
        return None
    low = int(match["low"]) if match["low"] else None
    high = int(match["high"]) if match["high"] else None
    if not match["dots"]:
        if high is not None:  # "-1" alone is read by the pattern as a high bound
            return None
        return Range(low, None if at_least else low)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Range(low, high)


def _numeric(query: ParsedQuery, name: str, value: str) -> str | None:
    found = _range(value, at_least=True)
    if found is None:
        return f"write a number ({name}:3), a range ({name}:2..5) or a bound ({name}:..-1)."
    if name == "answers" and found == Range(0, None):
        found = Range(None, 0)  # answers:0 means none, as on Stack Exchange
    if name == "score":
        query.score = found
    elif name == "answers":
        query.answers = found
    else:
        query.views = found
    return None


def _yes_no(query: ParsedQuery, name: str, value: str) -> str | None:
    value = value.lower()
    if value not in _YES | _NO:
        return f"use {name}:yes or {name}:no."
    flag = value in _YES
    if name == "isaccepted":
        query.is_accepted = flag
    elif name == "hasaccepted":
        query.has_accepted = flag
    else:
        query.closed = flag
    return None


def _date_bound(text: str, *, end: bool) -> date | None:
    """The first day of the year, month or day written; with `end`, the day after it."""
    parts = [int(part) for part in text.split("-")]
    try:
        if len(parts) == 1:
            return date(parts[0] + end, 1, 1)
        if len(parts) == 2:
            year, month = parts
            if not end:
                return date(year, month, 1)
            return date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=1)
        day = date(parts[0], parts[1], parts[2])
        return day + timedelta(days=1) if end else day
    except (ValueError, OverflowError):
        return None


def _created(query: ParsedQuery, name: str, value: str) -> str | None:
    problem = "write a date as 2021, 2021-09 or 2021-09-15, or a range such as 2009-09..2010-01."
    match = _DATE_RANGE_RE.match(value)
    if not match or not (match["start"] or match["end"]):
        return problem
    start_text, end_text = match["start"], match["end"]
    if not match["dots"]:
        end_text = start_text  # created:2009 is the whole of 2009
    start = _date_bound(start_text, end=False) if start_text else None
    end = _date_bound(end_text, end=True) if end_text else None
    if (start_text and start is None) or (end_text and end is None):
        return "that date does not exist."
    if start is not None and end is not None and start >= end:
        return "the range ends before it starts."
    query.created = DateRange(start, end)
    return None


def _category(query: ParsedQuery, name: str, value: str) -> str | None:
    if not _SLUG_RE.match(value):
        return "write the category's short name, as in its address (category:teams)."
    query.category = value.lower()
    return None


_HANDLERS = {
    "title": _text_field,
    "body": _text_field,
    "user": _user,
    "is": _is,
    "score": _numeric,
    "answers": _numeric,
    "views": _numeric,
    "isaccepted": _yes_no,
    "hasaccepted": _yes_no,
    "closed": _yes_no,
    "created": _created,
    "category": _category,
}
