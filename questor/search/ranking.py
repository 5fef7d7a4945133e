"""SQLite's ranking extension: `questor_bm25()` (questor_rank.c).

bm25() counts, on every query, the rows holding each of the query's phrases (its inverse
document frequency): at a million posts, 10 ms for a word in half the posts, 17 ms for a
two-word phrase, and excluded words are counted too. With this extension the counts are
taken once (`engine.rows_holding`) and kept by the caller; `questor_bm25` then gives
bm25()'s score for the counts it is given, without counting (docs/search.md, "Speed").

FTS5 ranking functions can only be registered from C. The extension also carries
`questor_poll_locks()`, a busy handler for writers waiting for SQLite's write lock
(`poll_locks`). It is compiled on first use with the system's C compiler into VAR_DIR,
and loaded into each SQLite connection as it opens (with SQLITE_POLL_LOCKS off, the first
time it searches). When it cannot be (no compiler or SQLite headers, a Python whose
sqlite3 cannot load extensions, a failed load), `is_loaded()` says False, the engine ranks
with bm25() (same hits, same order, only slower) and writers keep SQLite's busy handler.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import logging
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

SOURCE = Path(__file__).with_name("questor_rank.c")
ENTRY_POINT = "sqlite3_questorrank_init"
# Set on a connection wrapper: whether its current SQLite connection has the extension
# (absent until it is first asked; reset by `forget` whenever Django opens a new one).
_LOADED = "questor_ranking_loaded"


def is_loaded(connection: BaseDatabaseWrapper) -> bool:
    """Whether `questor_bm25()` can rank on this (SQLite) connection; loads it the first
    time each connection asks."""
    # Connected first: a connection closed since the last request (CONN_MAX_AGE) is opened
    # again here, which resets the flag (`forget`) before it is read.
    connection.ensure_connection()
    loaded = getattr(connection, _LOADED, None)
    if loaded is None:
        library = built_library()
        loaded = library is not None and load_into(connection.connection, library)
        setattr(connection, _LOADED, loaded)
    return bool(loaded)


def forget(*, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """A new SQLite connection has none of the extension's functions yet."""
    if hasattr(connection, _LOADED):
        delattr(connection, _LOADED)


def prepare(*, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver (`forget`). With SQLITE_POLL_LOCKS, the extension is
    loaded at once for its busy handler, which replaces SQLite's own, same timeout."""
    forget(connection=connection)
    if connection.vendor == "sqlite" and getattr(settings, "SQLITE_POLL_LOCKS", True):
        poll_locks(connection)


def poll_locks(connection: BaseDatabaseWrapper) -> bool:
    """Install `questor_poll_locks` on this SQLite connection (see questor_rank.c), keeping
    its busy timeout; False when the extension cannot be loaded."""
    if not is_loaded(connection):
        return False
    raw = connection.connection
    try:
        (timeout_ms,) = raw.execute("PRAGMA busy_timeout").fetchone()
        raw.execute("SELECT questor_poll_locks(?)", (timeout_ms,))
    except sqlite3.Error as error:  # not fatal: SQLite's own busy handler stays
        logger.warning("Could not install questor_poll_locks (%s): SQLite's own waits.", error)
        return False
    return True


@functools.cache
def built_library() -> Path | None:
    """The compiled extension (built once per source, SQLite and machine), or None."""
    if not getattr(settings, "SEARCH_RANKING_EXTENSION", True):
        return None
    try:
        return _build()
    except (OSError, subprocess.SubprocessError) as error:
        output = getattr(error, "stderr", b"") or b""
        logger.warning(
            "Could not build the search ranking extension (%s %s): search ranks with bm25().",
            error,
            output.decode(errors="replace")[-500:],
        )
        return None


def _build() -> Path | None:
    source = SOURCE.read_bytes()
    key = hashlib.sha256(
        source + sqlite3.sqlite_version.encode() + platform.machine().encode()
    ).hexdigest()[:16]
    suffix = ".dll" if sys.platform == "win32" else ".so"
    target = Path(settings.VAR_DIR) / "sqlite-extensions" / f"questor_rank-{key}{suffix}"
    if target.exists():
        return target
    compiler = shutil.which(os.environ.get("CC", "cc"))
    if compiler is None:
        logger.warning("No C compiler: search ranks with bm25(), counting on every query.")
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    # Built under a temporary name and renamed: another process may be building it too.
    handle, partial = tempfile.mkstemp(suffix=suffix, dir=target.parent)
    os.close(handle)
    command = [compiler, "-O2", "-fPIC", "-shared", "-o", partial, str(SOURCE), "-lm"]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)
    return target


def load_into(raw: Any, library: Path) -> bool:
    """Load the extension into one sqlite3 connection; False (logged) when it cannot be."""
    try:
        if hasattr(raw, "enable_load_extension"):
            raw.enable_load_extension(True)
            try:
                raw.execute("SELECT load_extension(?, ?)", (str(library), ENTRY_POINT))
            finally:
                raw.enable_load_extension(False)
        else:
            _load_through_the_library(raw, library)
    except (AttributeError, OSError, RuntimeError, sqlite3.Error) as error:
        logger.warning("Could not load %s (%s): search ranks with bm25().", library, error)
        return False
    return True


def _load_through_the_library(raw: sqlite3.Connection, library: Path) -> None:
    """Load with SQLite's C API, for a Python built without `enable_load_extension`.

    The sqlite3 module's connection object starts with its `sqlite3 *` handle, right after
    the object header, in every CPython 3 (Modules/_sqlite/connection.h). The functions are
    looked up through the module's own binary, so they are those of the very SQLite that
    opened the connection. Loading is switched on only while loading, on a connection
    this thread alone uses."""
    if sys.implementation.name != "cpython" or not isinstance(raw, sqlite3.Connection):
        raise RuntimeError("not CPython's sqlite3 module")
    import _sqlite3

    sqlite = ctypes.CDLL(_sqlite3.__file__)  # its symbols include the SQLite it links
    handle = ctypes.c_void_p.from_address(id(raw) + object.__basicsize__).value
    sqlite.sqlite3_total_changes.argtypes = [ctypes.c_void_p]
    if not handle or sqlite.sqlite3_total_changes(handle) != raw.total_changes:
        raise RuntimeError("cannot find the connection's SQLite handle")
    sqlite.sqlite3_enable_load_extension.argtypes = [ctypes.c_void_p, ctypes.c_int]
    sqlite.sqlite3_load_extension.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p),
    ]  # fmt: skip
    message = ctypes.c_char_p()
    sqlite.sqlite3_enable_load_extension(handle, 1)
    try:
        status = sqlite.sqlite3_load_extension(
            handle, os.fsencode(library), ENTRY_POINT.encode(), ctypes.byref(message)
        )
    finally:
        sqlite.sqlite3_enable_load_extension(handle, 0)
    if status != 0:
        # SQLite's message is left unfreed (a few bytes, once per failed connection).
        raise RuntimeError((message.value or b"").decode(errors="replace"))
