"""Login throttling: at most N failed attempts per account and per IP in a window.

Counters live in the shared cache (Redis, or the database cache), so every web worker
sees the same count. The window is fixed from the first failure: after it ends, the
count starts again.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from questor.lib import ratelimit


@dataclass(frozen=True)
class Lockout:
    seconds_left: int

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.seconds_left / 60))
        unit = "minute" if minutes == 1 else "minutes"
        return (
            "Too many failed log-in attempts. For your account's safety, log-in is paused: "
            f"try again in {minutes} {unit}, or reset your password."
        )


def _keys(username: str, ip: str) -> list[str]:
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:24]
    return [f"login-fail:account:{account}", f"login-fail:ip:{ip}"]


def check_lockout(*, username: str, ip: str) -> Lockout | None:
    """The lockout in force for this account or address, if any."""
    now = time.time()
    for key in _keys(username, ip):
        count = cache.get(key, 0)
        if count >= settings.LOGIN_FAILURE_LIMIT:
            reset_at = cache.get(f"{key}:reset", now + settings.LOGIN_FAILURE_WINDOW)
            return Lockout(seconds_left=max(1, int(reset_at - now)))
    return None


def record_failure(*, username: str, ip: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW
    for key in _keys(username, ip):
        # add() only sets when absent, so the first failure opens the window.
        cache.add(f"{key}:reset", time.time() + window, window)
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, window)


def clear_account_failures(*, username: str) -> None:
    """A successful log-in clears the account's count (not the address's)."""
    key = _keys(username, "")[0]
    cache.delete_many([key, f"{key}:reset"])


# Per-address limits on every sign-up and log-in attempt (settings.RATE_LIMITS) ---------

_ATTEMPTS = {
    "signup": ("new accounts", "creating another account"),
    "login": ("log-in attempts", "trying again"),
}


def count_attempt(action: str, *, ip: str) -> None:
    """Count a sign-up or log-in from `ip`; raise ratelimit.RateLimited past the limit."""
    config = getattr(settings, "RATE_LIMITS", {}).get(action) or {}
    rates = ratelimit.parse_rates(config.get("per_ip"))
    noun, again = _ATTEMPTS[action]

    def message(seconds: int, refusal: ratelimit.Refusal) -> str:
        return (
            f"Too many {noun} from your network address (at most "
            f"{ratelimit.describe(refusal.rate)}). Please wait {ratelimit.humanize(seconds)} "
            f"before {again}."
        )

    ratelimit.hit(action, {f"ip:{ip}": rates}, message=message)
