"""Rate limits kept in Django's shared cache (Redis, or the database cache).

A small library with no knowledge of what is limited: callers name a *scope* (what is
being done, e.g. "ask") and an *identity* (e.g. "user:42" or "ip:203.0.113.5"), and give
one or more rates ("1/2m": once per two minutes; "20/1h, 40/1d": both at once).

Each rate is enforced with the generic cell rate algorithm (GCRA), a sliding limit that
keeps one number per scope, identity and rate: the "theoretical arrival time" of the next
allowed event. "1/2m" therefore means exactly "at least two minutes between two events",
and "20/1h" allows a burst of 20, then one more every three minutes. An attempt that is
refused costs nothing, and `check` only records an event when every rate allows it.

Under two truly simultaneous requests both may read the same value and both pass: one
extra event per race, never a wrong refusal. That is the precision the cache API allows
without backend-specific scripts, and ample against floods and spam. One case is worse
and is closed: with the database cache on PostgreSQL, a check inside a write's
transaction writes its number when that transaction commits, so concurrent writers all
read the same old number and all pass, however many they are. There, the check first
takes a transaction-level lock per key (`pg_advisory_xact_lock`), so the next writer
reads the number after the first commits. (SQLite's write transactions already take the
database's one write lock first; Redis stores each number at once.)

`RATE_LIMITS_ENABLED = False` (environment `RATE_LIMITS_ENABLED=0`) turns every limit off,
for load testing.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.http import HttpRequest, HttpResponse

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def now() -> float:
    """The limiter's clock (tests move it forward instead of sleeping)."""
    return time.time()


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "5/1h", "1/120s", "1/m" (one a minute)."""
        match = _RATE.match(text)
        if not match or int(match[1]) < 1:
            raise ValueError(f"Not a rate: {text!r} (write e.g. '1/2m', '20/1h').")
        return cls(int(match[1]), int(match[2] or 1) * _UNITS[match[3]])

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}s"

    @property
    def interval(self) -> float:
        """Seconds between events once a burst is spent."""
        return self.seconds / self.count


def parse_rates(spec: str | Sequence[str] | None) -> list[Rate]:
    """ "1/2m, 5/1h" or ["1/2m", "5/1h"] → rates; None or "" → no limit."""
    if not spec:
        return []
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    return [Rate.parse(item) for item in items if item.strip()]


class RateLimited(Exception):
    """An action was refused by a limit; `retry_after` is whole seconds to wait."""

    def __init__(self, message: str, *, retry_after: int, scope: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, int(retry_after))
        self.scope = scope


_suspended: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "questor_rate_limits_suspended", default=False
)


def enabled() -> bool:
    return bool(getattr(settings, "RATE_LIMITS_ENABLED", True)) and not _suspended.get()


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """No limits inside (scripts that write for people: the demo loader, importers)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _key(scope: str, identity: str, rate: Rate) -> str:
    return f"rl:{scope}:{rate.count}-{rate.seconds}:{identity}"


Limits = Mapping[str, Sequence[Rate]]


@dataclass(frozen=True)
class Refusal:
    wait: float
    rate: Rate
    identity: str


def _evaluate(scope: str, limits: Limits) -> Refusal | None:
    pairs = [
        (_key(scope, identity, rate), identity, rate)
        for identity, rates in limits.items()
        for rate in rates
    ]
    if not enabled() or not pairs:
        return None
    _serialize([key for key, _, _ in pairs])
    moment = now()
    stored = cache.get_many([key for key, _, _ in pairs])
    refusal: Refusal | None = None
    updates: dict[str, float] = {}
    for key, identity, rate in pairs:
        # The earliest moment the next event fits: never before now.
        arrival = max(float(stored.get(key, 0.0)), moment)
        tolerance = rate.seconds - rate.interval  # the burst allowance
        wait = arrival - moment - tolerance
        if wait > 0:
            if refusal is None or wait > refusal.wait:
                refusal = Refusal(wait=wait, rate=rate, identity=identity)
        else:
            updates[key] = arrival + rate.interval
    if refusal is not None:
        return refusal
    for key, value in updates.items():
        # Kept only while it can still refuse something.
        cache.set(key, value, timeout=math.ceil(value - moment) + 1)
    return None


def _serialize(keys: list[str]) -> None:
    """Inside a transaction on PostgreSQL with the database cache: wait for any other
    transaction checking the same keys to end (see the module's docstring)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, DatabaseCache):
        return
    connection = connections[router.db_for_write(backend.cache_model_class)]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):  # one order for every transaction: no deadlock
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def check(scope: str, limits: Limits) -> float:
    """Record one event for every identity under each of its rates, or none at all.

    `limits` maps identities to rates: {"user:42": [1/2m], "ip:203.0.113.5": [20/1h]}.
    Returns 0.0 when the event is allowed (and recorded), else the seconds to wait
    before it would be. Always 0.0 when limits are off.
    """
    refusal = _evaluate(scope, limits)
    return 0.0 if refusal is None else refusal.wait


def hit(
    scope: str,
    limits: Limits,
    *,
    message: Callable[[int, Refusal], str] | None = None,
) -> None:
    """`check`, raising RateLimited when refused; `message(seconds, refusal)` words it."""
    refusal = _evaluate(scope, limits)
    if refusal is not None:
        seconds = math.ceil(refusal.wait)
        text = (
            message(seconds, refusal)
            if message
            else f"Too many requests: try again in {humanize(seconds)}."
        )
        raise RateLimited(text, retry_after=seconds, scope=scope)


def reset(scope: str, limits: Limits) -> None:
    cache.delete_many(
        [_key(scope, identity, rate) for identity, rates in limits.items() for rate in rates]
    )


def humanize(seconds: float) -> str:
    """3 → "3 seconds", 95 → "1 minute 35 seconds", 7200 → "2 hours"."""
    seconds = max(1, math.ceil(seconds))
    parts: list[str] = []
    for name, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount} {name}{'' if amount == 1 else 's'}")
    # Two units are precise enough: "2 hours 5 minutes", not "... 3 seconds".
    return " ".join(parts[:2])


def describe(rate: Rate) -> str:
    """ "once every 2 minutes", "5 times an hour", "20 times in 10 minutes"."""
    units = {86400: "day", 3600: "hour", 60: "minute", 1: "second"}
    if rate.count == 1:
        return f"once every {humanize(rate.seconds)}".replace("every 1 ", "a ")
    if rate.seconds in units:
        return f"{rate.count} times a{'n' if rate.seconds == 3600 else ''} {units[rate.seconds]}"
    return f"{rate.count} times in {humanize(rate.seconds)}"


# The client's address, for limits applied below the view layer ------------------------

_current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "questor_client_ip", default=None
)


def current_ip() -> str | None:
    """The address of the request being served, if any (None in tasks and shells)."""
    return _current_ip.get()


def wants_plain_error(request: HttpRequest) -> bool:
    """htmx and API clients get a bare 429 with Retry-After instead of a page."""
    return bool(
        request.headers.get("HX-Request")
        or request.path.startswith("/api/")
        or "application/json" in request.headers.get("Accept", "")
    )


def too_many_requests(error: RateLimited, *, content: str | None = None) -> HttpResponse:
    response = HttpResponse(
        content if content is not None else error.message,
        status=429,
        content_type="text/plain; charset=utf-8" if content is None else "text/html; charset=utf-8",
    )
    response["Retry-After"] = str(error.retry_after)
    return response


class RateLimitMiddleware:
    """Remembers the client's address for the actions' limits, and answers a RateLimited
    that a view did not handle itself: 429 with Retry-After and the message, as plain text
    for htmx and API requests, as a page for the rest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from questor.lib.client import client_ip

        token = _current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _current_ip.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        if wants_plain_error(request):
            return too_many_requests(exception)
        from django.template.loader import render_to_string

        page = render_to_string("429.html", {"message": exception.message}, request=request)
        return too_many_requests(exception, content=page)
