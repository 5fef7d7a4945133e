"""The OpenAPI document, as served at /api/v1/openapi.json and committed as
docs/openapi.json (`questor export-openapi` rewrites the file; a test compares them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from questor.api.api import api

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def document() -> dict[str, Any]:
    return dict(api.get_openapi_schema(path_prefix="/api/v1/"))


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
