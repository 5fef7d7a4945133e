"""Small string helpers."""

from __future__ import annotations

from django.utils.text import slugify


def slug_for(text: str, fallback: str = "item") -> str:
    """A URL slug of at most 80 characters, never empty."""
    return slugify(text)[:80].strip("-") or fallback


def id_from(text: str) -> int | None:
    """A row id as written in a URL or a query ("42"); None for anything else, including
    "²" (str.isdigit() passes it, int() refuses it) and numbers too long for a database
    integer."""
    return int(text) if text.isdecimal() and len(text) < 19 else None
