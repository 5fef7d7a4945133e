"""Random strings for CSRF tokens, from one read of the system's random source.

Django's get_random_string draws each character with secrets.choice, one system call a
character: a page for a visitor without a CSRF cookie draws 64 (the secret and its
mask), and every further token on the page 32 more. That was a sixth of the cost of a
page served from the anonymous cache. `random_string` draws the same thing (each
character uniform over the alphabet, from os.urandom) with one read; `install()` has
Django's CSRF middleware use it (docs/architecture.md)."""

from __future__ import annotations

import os


def random_string(length: int, allowed_chars: str) -> str:
    """`length` characters, each uniform over `allowed_chars` (rejection sampling: bytes
    at or above the largest multiple of the alphabet's size are dropped, so no
    character is likelier than another)."""
    size = len(allowed_chars)
    if not 0 < size <= 256:
        raise ValueError("allowed_chars must hold 1 to 256 characters")
    limit = 256 - 256 % size
    chosen: list[str] = []
    while len(chosen) < length:
        # Twice what is needed: with 62 characters, 3% of bytes are dropped.
        for byte in os.urandom(2 * (length - len(chosen))):
            if byte < limit:
                chosen.append(allowed_chars[byte % size])
                if len(chosen) == length:
                    break
    return "".join(chosen)


def install() -> None:
    """Django's CSRF middleware draws its secrets and masks with `random_string`."""
    from django.middleware import csrf

    csrf.get_random_string = random_string  # type: ignore[attr-defined]
