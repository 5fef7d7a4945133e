"""Who is asking: the client address and an anonymous visitor fingerprint."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only behind a configured proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def visitor_key(request: HttpRequest) -> str:
    """A signed-in user's id, or a one-way hash of address and browser for visitors."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    raw = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')}|{settings.SECRET_KEY}"
    return "v" + hashlib.sha256(raw.encode()).hexdigest()[:32]
