"""The anonymous page cache: whole pages for visitors who are not logged in, shared by
every worker process through the cache (Redis, or the database table).

Correctness rests on one generation token kept in the shared cache:

* Every SQL write to a table that pages show (anything but sessions, the cache itself,
  background tasks, drafts, inbox rows, view counts and log-in times) registers, on the
  connection that runs it, a callback for the end of its transaction that stores a new
  random token. The callback runs on commit, so before the writer's response returns,
  and nothing is bumped for a rolled-back transaction.
* A cached page carries the token that was current *before* its view read the database.
  It is served only while that token is still current. A write committed after the
  read sets a fresh token after its commit, and tokens never repeat, so a page that
  might miss the write is never served again.

Writes are seen at the database connection (an execute wrapper), not in views or model
signals, so queryset updates, raw SQL, the worker and the importers are covered alike.

Only GET requests without a session or messages cookie are served from or stored in the
cache, only for the views registered with `cacheable` (qa registers its pages), and only
200 responses that set no cookie and leave the session and messages untouched. The
visitor's own CSRF token is put back into a page on every hit (pages carry a
placeholder), so the CSRF cookie works as without the cache. `PAGE_CACHE_SECONDS` is how
long a page may be kept (0 turns the cache off).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import logging
import pickle
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeGuard, TypeVar, cast

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (  # type: ignore[attr-defined]  # _unmask: no public twin
    _unmask_cipher_token,
    get_token,
)
from django.urls import Resolver404, ResolverMatch, get_urlconf, resolve

logger = logging.getLogger(__name__)
T = TypeVar("T")

GENERATION_KEY = "pagecache:generation"
_PAGE_PREFIX = "pagecache:page:"
# Stands for the visitor's CSRF token in a stored page (never a valid token: has "_").
_TOKEN_PLACEHOLDER = b"__questor_csrf_token_placeholder_______________________________"
_TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

# Tables whose rows no anonymous page shows: writing them does not invalidate pages.
# (The cache table is added from the settings; it must be here, or bumping would loop.)
_QUIET_TABLES = frozenset(
    {
        "django_session",
        "questor_cache",  # the database cache's table (made by a migration)
        "django_tasks_database_dbtaskresult",
        "django_admin_log",
        "qa_questionvisit",
        "qa_draft",
        "qa_pendingbadgecheck",
        "notifications_notification",
        "notifications_digest",
        "notifications_notificationsetting",
        "api_personalaccesstoken",
    }
)
# Statements on shown tables that change nothing a cached page shows: the buffered view
# counts (which may lag by design) and the log-in time.
_QUIET_STATEMENTS = (
    re.compile(r'UPDATE\s+"qa_post"\s+SET\s+"view_count"\s*=', re.IGNORECASE),
    re.compile(r'UPDATE\s+"accounts_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE', re.IGNORECASE),
)
_WRITE_RE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)
_ALLOWED_VARY = frozenset({"cookie", "accept-encoding", "hx-request", "hx-target", "hx-trigger"})


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def enabled() -> bool:
    return seconds() > 0


# Invalidation --------------------------------------------------------------------------


def bump_generation() -> str | None:
    """Invalidate every cached page; returns the new generation. Never fails its caller:
    a write must not be lost because the cache is down (a page then lives at most
    PAGE_CACHE_SECONDS)."""
    generation = secrets.token_hex(16)
    try:
        if not _update_generation_row(generation):
            cache.set(GENERATION_KEY, generation, timeout=None)
    except Exception:
        logger.exception("Could not invalidate the page cache")
        return None
    return generation


def _generation_row(*, write: bool) -> tuple[DatabaseCache, BaseDatabaseWrapper, str, str] | None:
    """With the database cache: the cache, the connection to its table (for writing or
    for reading), the table's quoted name and the generation's key; None when the cache is
    elsewhere. For the two statements below, which cache.set and cache.get cost a few
    times over on every write and every page served from a worker's copy."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, DatabaseCache):
        return None
    entry = backend.cache_model_class
    route = router.db_for_write if write else router.db_for_read
    connection = connections[route(entry)]
    table = connection.ops.quote_name(entry._meta.db_table)
    return backend, connection, table, backend.make_and_validate_key(GENERATION_KEY)


def _update_generation_row(generation: str) -> bool:
    """With the database cache, store the generation with one UPDATE of its row, as
    cache.set stores it (every write to the site pays for this: cache.set also counts the
    table and reads the row in a transaction of its own, which on SQLite is one more turn
    at the write lock). False when the cache is elsewhere or the row is not there yet."""
    row = _generation_row(write=True)
    if row is None:
        return False
    backend, connection, table, key = row
    quote = connection.ops.quote_name
    value = base64.b64encode(pickle.dumps(generation, backend.pickle_protocol)).decode("latin1")
    # What cache.set(timeout=None) stores: the naive datetime.max (Django's own choice).
    never = connection.ops.adapt_datetimefield_value(datetime.max.replace(microsecond=0))  # noqa: DTZ901
    # The cache table's name and columns, quoted; the values are parameters.
    sql = (
        f"UPDATE {table} SET {quote('value')} = %s, {quote('expires')} = %s "  # noqa: S608
        f"WHERE {quote('cache_key')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value, never, key])
        return bool(cursor.rowcount == 1)


def _read_generation() -> Any:
    """The generation as the cache holds it (None when it has none), read as cheaply as
    the cache allows: with the database cache one SELECT of its row, a third of what
    cache.get costs (and of a page served from a worker's copy). The row never expires:
    the generation is always stored without a timeout."""
    row = _generation_row(write=False)
    if row is None:
        return cache.get(GENERATION_KEY)
    _, connection, table, key = row
    quote = connection.ops.quote_name
    # The cache table's name and columns, quoted; the key is a parameter.
    sql = f"SELECT {quote('value')} FROM {table} WHERE {quote('cache_key')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        found = cursor.fetchone()
    if found is None:
        return None
    return pickle.loads(base64.b64decode(found[0].encode()))  # noqa: S301 - our own cache row


def may_keep() -> bool:
    """Whether a value read now may be kept until the next write (current_generation says
    why not): the page cache is on and no transaction is open."""
    return enabled() and not connections["default"].in_atomic_block


def current_generation() -> str | None:
    """The generation to keep a value read from the database under (it is then good until
    the next write); None when nothing may be kept: the page cache is off (no generation
    is kept then), a transaction is open (its writes, not committed yet, would be served
    to others), or the cache is unreachable."""
    if not may_keep():
        return None
    flush_pending()  # a write this thread committed outside a transaction
    try:
        return _read_generation() or bump_generation()
    except Exception:
        logger.exception("The page cache is unreachable")
        return None


def kept_until_write(name: str, parts: Any, compute: Callable[[], T], seconds: int) -> T:
    """compute(), kept in the shared cache (at most `seconds`) under the current
    generation, so the next committed write makes it be computed again; computed every
    time when no generation may be used (see current_generation). `parts` names what was
    computed (its repr is hashed into the key); it may be a function that returns them,
    called only when the value may be kept (compiling a queryset to name it costs time)."""
    generation = current_generation() if seconds > 0 else None
    if generation is None:
        return compute()
    if callable(parts):
        parts = parts()
    key = f"{name}:{generation}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"
    try:
        kept = cache.get(key)
    except Exception:
        logger.exception("Could not read a kept %s", name)
        return compute()
    if kept is not None:
        return cast(T, kept)
    value = compute()
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.exception("Could not keep a %s", name)
    return value


def _quiet_tables() -> frozenset[str]:
    tables = set(_QUIET_TABLES)
    for config in settings.CACHES.values():
        if str(config.get("BACKEND", "")).endswith("DatabaseCache"):
            tables.add(str(config.get("LOCATION", "")))
    return frozenset(tables)


def is_page_write(sql: str) -> bool:
    """Whether an SQL statement changes rows that an anonymous page may show."""
    head = sql.lstrip()[:7].upper()
    if not head.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
        return False
    match = _WRITE_RE.match(sql)
    if match is None:  # an unusual write: be safe
        return True
    if match.group(1).strip('"').lower() in _quiet_tables():
        return False
    return not any(pattern.match(sql) for pattern in _QUIET_STATEMENTS)


class _WriteWatcher:
    """An execute wrapper on one connection: notes page-changing writes, and bumps the
    generation once each is committed.

    In a transaction, the bump is an on-commit callback (one per transaction). A write
    in autocommit mode is committed when its statement completes, which is after this
    wrapper returns (an INSERT ... RETURNING still has its rows to hand back), so it is
    bumped before the next statement outside a transaction, or at the end of the request
    (`flush_pending`), whichever comes first."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection  # not by alias: PostgreSQL's "__no_db__" has none
        self.unflushed = False  # an autocommit write not yet followed by a bump
        # Where our callback sits in the connection's on-commit list (one per transaction).
        self.pending_index = -1
        self.on_commit = self._committed  # one bound method, to find it in the list

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        connection = self.connection
        if self.unflushed and not connection.in_atomic_block:
            self.flush()
        result = execute(sql, params, many, context)
        if enabled() and not _migrating and is_page_write(sql):
            if connection.in_atomic_block:
                self._schedule(connection)
            else:
                self.unflushed = True
        return result

    def flush(self) -> None:
        self.unflushed = False
        bump_generation()

    def _committed(self) -> None:
        self.unflushed = False  # covers an earlier autocommit write too
        bump_generation()

    def _schedule(self, connection: BaseDatabaseWrapper) -> None:
        callbacks = connection.run_on_commit
        index = self.pending_index
        # Already registered in this transaction (and not rolled back to before it).
        if 0 <= index < len(callbacks) and callbacks[index][1] is self.on_commit:
            return
        connection.on_commit(self.on_commit, robust=True)
        self.pending_index = len(connection.run_on_commit) - 1


def flush_pending() -> None:
    """Bump for autocommit writes this thread made and has not bumped for yet."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        for wrapper in connection.execute_wrappers:
            if isinstance(wrapper, _WriteWatcher) and wrapper.unflushed:
                wrapper.flush()


_migrating = False  # no bumps while migrate runs: the cache table may not exist yet


def _migration_started(**kwargs: Any) -> None:
    global _migrating
    _migrating = True


def _migration_done(**kwargs: Any) -> None:
    global _migrating
    if _migrating:
        _migrating = False
        if enabled():
            bump_generation()  # the schema or data may have changed under cached pages


def install() -> None:
    """Watch every database connection (called once, from the core app's ready())."""
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_migrate, pre_migrate

    connection_created.connect(watch_connection, dispatch_uid="questor.core.pagecache")
    pre_migrate.connect(_migration_started, dispatch_uid="questor.core.pagecache.pre")
    post_migrate.connect(_migration_done, dispatch_uid="questor.core.pagecache.post")


def watch_connection(*, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: put the write watcher on every database connection."""
    if not any(isinstance(w, _WriteWatcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_WriteWatcher(connection))


# Serving -------------------------------------------------------------------------------

_started = False  # this process has started a new generation
OnHit = Callable[[HttpRequest, dict[str, Any]], None]
_cacheable: dict[str, OnHit | None] = {}


def cacheable(*view_names: str, on_hit: OnHit | None = None) -> None:
    """Let the anonymous cache keep these views' pages (names as in `resolver_match`,
    e.g. "qa:question"). `on_hit(request, url_kwargs)` runs when a page is served from
    the cache instead of its view (to count a view, say)."""
    for name in view_names:
        _cacheable[name] = on_hit


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
    )


def _page_key(request: HttpRequest) -> str | None:
    try:
        host = request.get_host()
    except Exception:  # a host the site does not answer to: the view will refuse it
        return None
    htmx = sorted((k, v) for k, v in request.META.items() if k.startswith("HTTP_HX_"))
    raw = repr((request.scheme, host, request.get_full_path(), htmx))
    return _PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


# A stored page: its generation, headers, content (with the CSRF placeholder) and when it
# expires (time.time()).
Entry = tuple[str, list[tuple[str, str]], bytes, float]


def _current(entry: Any, generation: str) -> TypeGuard[Entry]:
    return (
        isinstance(entry, tuple)
        and len(entry) == 4
        and entry[0] == generation
        and entry[3] > time.time()
    )


def _fetch(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:
        logger.exception("The page cache is unreachable")
        return None


class _Copies:
    """This process's copies of pages it served, newest used last, at most MAX_BYTES of
    content: a hit then reads only the generation from the shared cache, not the page
    (unpickling a page costs as much as the rest of a hit). A copy is served only under
    the same rule as the shared entry: its generation is current and it has not expired."""

    MAX_BYTES = 16 * 1024 * 1024

    def __init__(self) -> None:
        self._pages: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is not None:
                self._pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2])
            self._pages[key] = entry
            self._bytes += len(entry[2])
            while self._bytes > self.MAX_BYTES and self._pages:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped[2])

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0


_copies = _Copies()


def _resolve(path: str) -> ResolverMatch | None:
    """The URL's view: a hit is served before Django's handler resolves the URL, and
    resolving costs a sixth of a hit, so it is kept per path (and URLconf)."""
    return _resolve_in(get_urlconf() or settings.ROOT_URLCONF, path)


@functools.lru_cache(maxsize=2048)
def _resolve_in(urlconf: str, path: str) -> ResolverMatch | None:
    try:
        return resolve(path, urlconf)
    except Resolver404:
        return None


class PageCacheMiddleware:
    """Serves and stores anonymous pages. Sits after the session, CSRF, auth and messages
    middleware, so they still run on every hit (a visitor gets their CSRF cookie). A hit
    is answered here, before the URL is resolved and the views' middleware run: the
    stored headers are the ones they set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        global _started
        self.get_response = get_response
        if enabled() and not _started:
            # Pages kept by a server that ran before (maybe with the cache off, seeing no
            # writes) are dropped when a server process starts.
            _started = True
            bump_generation()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if enabled() and request.method == "GET" and _anonymous(request):
            hit = self._lookup(request)
            if hit is not None:
                return hit
        response = self.get_response(request)
        if enabled():
            flush_pending()  # before the writer's response goes out
        pending = getattr(request, "_page_cache_pending", None)
        if pending is not None:
            self._store(request, response, *pending)
        return response

    def _lookup(self, request: HttpRequest) -> HttpResponse | None:
        """The stored page when it is current; otherwise None, and the key and generation
        to store the page under are left on the request."""
        match = _resolve(request.path_info)
        if match is None or match.view_name not in _cacheable:
            return None
        key = _page_key(request)
        if key is None:
            return None
        copy = _copies.get(key)
        try:
            if copy is None:
                found = cache.get_many([GENERATION_KEY, key])
                generation, entry = found.get(GENERATION_KEY), found.get(key)
            else:  # only the generation, to know whether the copy may be served
                generation, entry = _read_generation(), None
        except Exception:
            logger.exception("The page cache is unreachable")
            return None
        if generation is None:
            # Evicted or never set: a new token (never seen before, so no page has it),
            # set before this view reads the database like any current generation.
            generation = bump_generation()
            if generation is None:
                return None
        if copy is not None:
            entry = copy if copy[0] == generation else _fetch(key)
        if _current(entry, generation):
            on_hit = _cacheable[match.view_name]
            if on_hit is not None:
                on_hit(request, match.kwargs)
            if entry is not copy:
                _copies.put(key, entry)
            return _from_entry(request, entry)
        request._page_cache_pending = (key, generation)  # type: ignore[attr-defined]
        return None

    def _store(self, request: HttpRequest, response: HttpResponse, key: str, gen: str) -> None:
        if not _storable(request, response):
            return
        content = _with_placeholder(request, response.content)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in {"set-cookie", "content-length"}
        ]
        entry: Entry = (gen, headers, content, time.time() + seconds())
        try:
            cache.set(key, entry, timeout=seconds())
        except Exception:
            logger.exception("Could not store a page in the page cache")
        else:
            _copies.put(key, entry)
        response["X-Page-Cache"] = "miss"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False  # a session cookie goes out with this response
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "added_new", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= _ALLOWED_VARY


def _with_placeholder(request: HttpRequest, content: bytes) -> bytes:
    """The page with this visitor's CSRF tokens replaced by the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def swap(match: re.Match[bytes]) -> bytes:
        token = match.group(0)
        return _TOKEN_PLACEHOLDER if _unmask_cipher_token(token.decode()) == secret else token

    return _TOKEN_RE.sub(swap, content)


def _from_entry(request: HttpRequest, entry: Entry) -> HttpResponse:
    _, headers, content, _ = entry
    if _TOKEN_PLACEHOLDER in content:
        content = content.replace(_TOKEN_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response
