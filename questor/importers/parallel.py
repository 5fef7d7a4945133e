"""Reading a large dump file on several cores: worker processes parse chunks of lines and
do the per-row work that needs no database (prepare.py: checking and converting every
value, sanitizing a post's body, rendering a comment), while the importer's process
writes.

A dump has one `<row … />` per line, so the rows between the root's start and end tags
are cut into chunks at line ends and each chunk is parsed on its own. Rows come back in
file order, with their line numbers, exactly as `reader.iter_rows` gives them. Anything
unusual goes back to the one-process reader: a file whose start is not a plain XML
declaration and root tag (another encoding, a DTD), or whose end is not the root's end
tag. When a worker cannot parse its chunk, the file is read again by `iter_rows`, which
raises the same `DumpFileError` (file, line, libxml2's message) as without workers; if
that reader finds nothing wrong (a row cut across lines), or the workers cannot start,
`ChunkingFailed` asks the caller to read the file again in one process.

Workers are spawned, so, as with any use of multiprocessing, a script that runs an import
must keep its work under `if __name__ == "__main__":` (the `questor` command does).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from questor.importers.reader import Row, iter_rows

# Files smaller than this are read in one process (starting workers costs about a second).
MIN_SIZE = 16 << 20
CHUNK_SIZE = 1 << 20

_HEAD = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml\s[^>]*?\?>)?\s*<([A-Za-z_][\w.-]*)(?:\s[^<>]*)?>"
)
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']+)["']""")


class ChunkingFailed(Exception):  # noqa: N818 - a signal to read the file in one process
    """The file is well-formed but not one row per line, or there are no workers: read
    it in one process."""


def _data_region(path: Path) -> tuple[int, int, int] | None:
    """(start, end, line of start) of the bytes between the root's tags, or None when
    the file is not the plain layout this reader handles."""
    size = path.stat().st_size
    with path.open("rb") as raw:
        head = raw.read(1 << 16)
        raw.seek(max(0, size - (1 << 16)))
        tail = raw.read()
    match = _HEAD.match(head)
    if match is None:
        return None
    declared = _ENCODING.search(match.group(0))
    if declared and declared.group(1).lower().replace(b"-", b"") != b"utf8":
        return None
    end_tag = re.compile(rb"</" + re.escape(match.group(1)) + rb">\s*\Z")
    ending = end_tag.search(tail)
    if ending is None:
        return None
    start = match.end()
    end = size - (len(tail) - ending.start())
    if end < start:
        return None
    return start, end, head.count(b"\n", 0, start) + 1


def _chunks(path: Path, start: int, end: int, first_line: int) -> Iterator[tuple[int, bytes]]:
    """(line of its first byte, bytes) of pieces of [start, end) cut after a newline."""
    line = first_line
    with path.open("rb") as raw:
        raw.seek(start)
        left = end - start
        carry = b""
        while left > 0:
            block = raw.read(min(CHUNK_SIZE, left))
            if not block:
                break
            left -= len(block)
            data = carry + block
            cut = data.rfind(b"\n") + 1 if left > 0 else len(data)
            if cut == 0:
                carry = data
                continue
            carry = data[cut:]
            yield line, data[:cut]
            line += data.count(b"\n", 0, cut)
        if carry:
            yield line, carry


_parser: Any = None
Prepare = Callable[[Row, Any], Any]


def _parse_chunk(first_line: int, data: bytes, prepare: Prepare, context: Any) -> Any:
    """In a worker: the chunk's rows as (line, what `prepare` makes of the row); None if
    the chunk does not parse on its own."""
    global _parser
    from lxml import etree

    if _parser is None:
        _parser = etree.XMLParser(
            huge_tree=True, resolve_entities=False, no_network=True, load_dtd=False
        )
    try:
        root = etree.fromstring(b"<r>" + data + b"</r>", _parser)
    except etree.XMLSyntaxError:
        return None
    offset = first_line - 1
    return [
        ((element.sourceline or 1) + offset, prepare(dict(element.attrib), context))
        for element in root.iter("row")
    ]


def workers() -> int:
    return min(4, os.cpu_count() or 1)


def prepared_rows(
    path: Path,
    prepare: Prepare,
    context: Any,
    advance: Callable[[int], None] = lambda _: None,
    *,
    one_process: bool = False,
) -> Iterator[tuple[int, Any]]:
    """(line, prepare(row, context)) of every row, in file order: on worker processes
    when the file is large enough (and not `one_process`), else in this process with
    `reader.iter_rows`. `prepare` must be a module-level function (workers get it by
    name)."""
    region = None
    if not one_process and path.stat().st_size >= MIN_SIZE and workers() > 1:
        region = _data_region(path)
    if region is None:
        for line, row in iter_rows(path, advance):
            yield line, prepare(row, context)
        return
    start, end, first_line = region
    advance(start)
    count = workers()
    # Spawned, not forked: a forked child would share the database connection's socket.
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending: deque[tuple[int, Future[Any]]] = deque()
        for line, data in _chunks(path, start, end, first_line):
            pending.append((len(data), pool.submit(_parse_chunk, line, data, prepare, context)))
            if len(pending) < 2 * count:
                continue
            size, result = pending.popleft()
            yield from _rows_of(result, path)
            advance(size)
        while pending:
            size, result = pending.popleft()
            yield from _rows_of(result, path)
            advance(size)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    advance(path.stat().st_size - end)


def _rows_of(result: Future[Any], path: Path) -> list[tuple[int, Any]]:
    try:
        rows: list[tuple[int, Any]] | None = result.result()
    except BrokenProcessPool:
        # The workers could not start (say, a script without `if __name__ == "__main__"`).
        raise ChunkingFailed(path.name) from None
    if rows is None:
        for _row in iter_rows(path):  # raises the one-process reader's DumpFileError
            pass
        raise ChunkingFailed(path.name)
    return rows
