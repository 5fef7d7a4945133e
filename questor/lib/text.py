"""Small string helpers."""

from __future__ import annotations

from functools import lru_cache

from django.utils.text import slugify


# Every link to a question or a member carries its slug, dozens per page, mostly the same
# titles and names from one request to the next.
@lru_cache(maxsize=8192)
def slug_for(text: str, fallback: str = "item") -> str:
    """A URL slug of at most 80 characters, never empty."""
    return slugify(text)[:80].strip("-") or fallback


def id_from(text: str) -> int | None:
    """A row id as written in a URL or a query ("42"); None for anything else, including
    "²" (str.isdigit() passes it, int() refuses it) and numbers too long for a database
    integer."""
    return int(text) if text.isdecimal() and len(text) < 19 else None
