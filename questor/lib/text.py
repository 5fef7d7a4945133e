"""Small string helpers."""

from __future__ import annotations

from django.utils.text import slugify


def slug_for(text: str, fallback: str = "item") -> str:
    """A URL slug of at most 80 characters, never empty."""
    return slugify(text)[:80].strip("-") or fallback
