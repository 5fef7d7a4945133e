"""Reading Stack Exchange API parameters: integers that may carry a trailing ".0"
(py-stackexchange sends min/max so), dates as unix seconds or YYYY-MM-DD[ HH:MM:SS],
true/false in any case, `;`-separated vectors. Unknown parameters are never read, so
they are ignored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import HttpRequest

from questor.seapi.errors import ApiError, bad_parameter

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 30
MAX_IDS = 100
MAX_TAGS = 20
_ID = re.compile(r"^-?\d{1,18}$")  # imported dumps have the Community user, -1
_NUMBER = re.compile(r"^-?\d{1,18}(?:\.0*)?$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_int(name: str, value: str) -> int:
    value = value.strip()
    if not _NUMBER.match(value):
        raise bad_parameter(name, "expected a number")
    return int(value.split(".")[0])


def parse_date(name: str, value: str) -> datetime:
    value = value.strip()
    if _NUMBER.match(value):
        try:
            return datetime.fromtimestamp(int(value.split(".")[0]), tz=UTC)
        except (OverflowError, OSError, ValueError) as error:
            raise bad_parameter(name, "date out of range") from error
    match = _DATE.match(value)
    if match:
        year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
        try:
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except ValueError as error:
            raise bad_parameter(name, "not a date") from error
    raise bad_parameter(name, "expected unix seconds or YYYY-MM-DD")


def parse_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise bad_parameter(name, "expected true or false")


def parse_ids(value: str, *, name: str = "ids") -> list[int]:
    """`1;2;3` (Django has already percent-decoded `%3B`); at most 100, all numbers."""
    pieces = [piece.strip() for piece in value.split(";") if piece.strip()]
    if len(pieces) > MAX_IDS:
        raise bad_parameter(name, f"at most {MAX_IDS} ids may be given")
    ids: list[int] = []
    for piece in pieces:
        if not _ID.match(piece):
            # Not a list of ids: the path names no method (as on Stack Exchange).
            raise ApiError(404, f"no method found with this name ({piece!r} is not an id)")
        ids.append(int(piece))
    return list(dict.fromkeys(ids))


def parse_vector(value: str, *, limit: int = MAX_TAGS, name: str = "tagged") -> list[str]:
    items = [item.strip().lower() for item in value.split(";") if item.strip()]
    if len(items) > limit:
        raise bad_parameter(name, f"at most {limit} values may be given")
    return list(dict.fromkeys(items))


@dataclass
class Params:
    """The request's query string, read on demand."""

    request: HttpRequest

    def text(self, name: str) -> str:
        return str(self.request.GET.get(name, "")).strip()

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.text(name)
        return parse_int(name, value) if value else default

    def boolean(self, name: str) -> bool | None:
        value = self.text(name)
        return parse_bool(name, value) if value else None

    def date(self, name: str) -> datetime | None:
        value = self.text(name)
        return parse_date(name, value) if value else None

    def vector(self, name: str, *, limit: int = MAX_TAGS) -> list[str]:
        value = self.text(name)
        return parse_vector(value, limit=limit, name=name) if value else []

    def page(self) -> int:
        page = self.integer("page", 1)
        assert page is not None
        if page < 1:
            raise bad_parameter("page", "pages start at 1")
        return page

    def page_size(self, *, unbounded: bool = False) -> int:
        size = self.integer("pagesize", DEFAULT_PAGE_SIZE)
        assert size is not None
        if size < 0 or (size > MAX_PAGE_SIZE and not unbounded):
            raise bad_parameter("pagesize", f"pagesize must be from 0 to {MAX_PAGE_SIZE}")
        return size

    def order(self) -> str:
        order = self.text("order").lower() or "desc"
        if order not in {"asc", "desc"}:
            raise bad_parameter("order", "use asc or desc")
        return order
