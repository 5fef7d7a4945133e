from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from questor.core.models import Page


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the database answers and the cache stores and returns."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # any failure means not ready; say which
        checks["database"] = f"error: {type(error).__name__}"
    try:
        # A key of its own per check: concurrent checks from several workers must not
        # overwrite each other's value and report a healthy cache as broken.
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, "ok", 10)
        checks["cache"] = "ok" if cache.get(key) == "ok" else "error: value not stored"
        cache.delete(key)
    except Exception as error:
        checks["cache"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        "Disallow: /questions/ask/",
        "Disallow: /*/revisions/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "core/page.html", {"page": get_object_or_404(Page, slug=slug)})
