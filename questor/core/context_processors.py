from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        # What base.html asks of every page, for the pages that don't set it: the
        # template engine takes a missing variable through a chain of exceptions.
        "is_home": False,
        "search_query": "",
    }
