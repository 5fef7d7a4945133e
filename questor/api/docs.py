"""The interactive docs at /api/v1/docs: Swagger UI from the copy django-ninja ships,
served by Questor from the installed package (never from another host).

The files are served by a view rather than collected as static files: they are 1.7 MB,
and compressing them on every `collectstatic` would slow every deployment and test run
for a page few people open.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from ninja.openapi.docs import Swagger

from questor.api.errors import error_response

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.svg": "image/svg+xml",
}


class LocalSwagger(Swagger):
    """ninja's Swagger page, with its assets from `asset` below."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "swagger_settings": json.dumps(self.settings, indent=1),
                "csrf": request.user.is_authenticated,
                "asset_url": reverse("api-docs-asset", kwargs={"name": "NAME"}).replace("NAME", ""),
            },
        )


@require_GET
def asset(request: HttpRequest, name: str) -> HttpResponse | FileResponse:
    content_type = ASSETS.get(name)
    if content_type is None:
        return error_response(404, "No such file.")
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=content_type)
    patch_cache_control(response, public=True, max_age=86400)
    return response
