"""/api/v1/ (the API, its OpenAPI spec and docs), /api/tokens/ (the token pages), and a
JSON 404 for any other address under /api/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

from questor.api import docs, views
from questor.api.api import api
from questor.api.errors import json_method_errors, not_found_view


def _api_urls() -> list[URLPattern | URLResolver]:
    patterns, _, _ = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_method_errors(pattern.callback)
    return patterns


urlpatterns = [
    path("api/v1/docs/assets/<str:name>", docs.asset, name="api-docs-asset"),
    path("api/v1/", include((_api_urls(), "ninja"), namespace=api.urls_namespace)),
    path("api/tokens/", views.tokens_page, name="api-tokens"),
    path("api/tokens/<int:token_id>/revoke/", views.revoke, name="api-token-revoke"),
    re_path(r"^api/(?P<rest>.*)$", not_found_view),
]
