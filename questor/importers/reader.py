"""Reading dump files: a streaming parse (lxml iterparse) in constant memory, and the
small value parsers every table uses. See docs/import-export.md for the format."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from lxml import etree

Row = dict[str, str]
_POSITION = re.compile(r", line \d+, column (\d+)$")


class DumpFileError(Exception):
    """A whole file is unusable (not well-formed XML, bad encoding, duplicate ids)."""

    def __init__(self, filename: str, line: int | None, problem: str) -> None:
        self.filename = filename
        self.line = line
        self.problem = problem
        where = f", line {line}" if line else ""
        super().__init__(f"{filename}{where}: {problem}")


class Skip(Exception):  # noqa: N818 - a row is skipped, not an error
    """This row cannot be imported; the message is the reason counted in the summary."""

    @property
    def reason(self) -> str:
        return str(self.args[0])


class _CountingReader:
    def __init__(self, raw: IO[bytes], advance: Callable[[int], None]) -> None:
        self.raw = raw
        self.advance = advance

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.advance(len(data))
        return data


def iter_rows(
    path: Path, advance: Callable[[int], None] = lambda _: None
) -> Iterator[tuple[int, Row]]:
    """(line, attributes) of every <row> of a dump file, in file order.

    Elements are cleared as soon as they are read, so memory stays constant however
    large the file. Raises DumpFileError naming the file and line on malformed XML.
    """
    with path.open("rb") as raw:
        context: Any = etree.iterparse(
            _CountingReader(raw, advance),
            events=("end",),
            tag="row",
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        try:
            for _event, element in context:
                yield element.sourceline or 0, dict(element.attrib)
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as error:
            line = error.lineno if error.lineno else None
            message = _POSITION.sub(r" (column \1)", str(error.msg or error))
            raise DumpFileError(path.name, line, message) from None


class IdSet:
    """Ids seen in one file, to catch duplicates: a bitmap for the usual dense positive
    ids (an eighth of a byte each), a set for the rest."""

    def __init__(self) -> None:
        self.bits = bytearray()
        self.other: set[int] = set()

    def add(self, value: int) -> bool:
        """Add; False if it was there already."""
        if 0 <= value < 1 << 36:
            index, mask = value >> 3, 1 << (value & 7)
            if index >= len(self.bits):
                self.bits.extend(bytes(max(index + 1 - len(self.bits), len(self.bits))))
            if self.bits[index] & mask:
                return False
            self.bits[index] |= mask
            return True
        if value in self.other:
            return False
        self.other.add(value)
        return True


def opt_int(row: Row, key: str) -> int | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise Skip(f"{key} is not a number") from None


def req_int(row: Row, key: str) -> int:
    value = opt_int(row, key)
    if value is None:
        raise Skip(f"missing {key}")
    return value


def opt_date(row: Row, key: str) -> datetime | None:
    value = row.get(key)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Skip(f"{key} is not a date") from None
    # Dump dates are UTC without a zone designator.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def sqlite_text(moment: datetime) -> str:
    """A datetime as Django stores it in SQLite: naive UTC text, `isoformat(" ")`."""
    if moment.utcoffset():
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(" ")


def req_date(row: Row, key: str) -> datetime:
    value = opt_date(row, key)
    if value is None:
        raise Skip(f"missing {key}")
    return value


def req_text(row: Row, key: str) -> str:
    value = row.get(key)
    if value is None:
        raise Skip(f"missing {key}")
    return value


_OLD_TAGS = re.compile(r"<([^<>]+)>")


def parse_tags(value: str | None) -> list[str]:
    """Both encodings: `<a><b>` (to 2024) and `|a|b|` (2024 on); empty means none."""
    if not value:
        return []
    if value.startswith("|"):
        names = value.split("|")
    elif "<" in value:
        names = _OLD_TAGS.findall(value)
    else:
        names = value.split()
    seen: dict[str, None] = {}
    for name in names:
        name = name.strip().lower()
        if name:
            seen.setdefault(name, None)
    return list(seen)


_LICENSE_25_UNTIL = datetime(2011, 4, 8, tzinfo=UTC)
_LICENSE_30_UNTIL = datetime(2018, 5, 2, tzinfo=UTC)


def license_for(row: Row, created: datetime | None) -> str:
    """The row's ContentLicense, or the one Stack Exchange used on that date."""
    declared = row.get("ContentLicense")
    if declared:
        return declared[:20]
    if created is None:
        return "CC BY-SA 4.0"
    if created < _LICENSE_25_UNTIL:
        return "CC BY-SA 2.5"
    if created < _LICENSE_30_UNTIL:
        return "CC BY-SA 3.0"
    return "CC BY-SA 4.0"
