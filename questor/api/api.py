"""The REST API: one NinjaAPI under /api/v1/, its routers, auth and error handlers."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser

from questor.api import errors
from questor.api.auth import TokenOrSession
from questor.api.docs import LocalSwagger
from questor.api.routers import community, me, posts, questions

DESCRIPTION = """\
Questor's REST API: questions, answers, comments, votes, flags, tags, categories,
members, search, revisions, the inbox and follows.

Authenticate with a personal access token (create one at `/api/tokens/`), sent as
`Authorization: Bearer qst_…`; without one, reads are anonymous. Every write goes
through the same permissions, rate limits and spam check as the site's pages.

Lists take `?page=&page_size=` (30 by default, at most 100) and answer
`{items, count, next, previous}`. Every error answers
`{"error": {"code", "message", "field"}}`. Times are ISO 8601 in UTC.
See docs/api.md for examples.
"""


class ObjectParser(Parser):
    """Request bodies are JSON objects; anything else is a malformed request (400)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise HttpError(400, "The request body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise HttpError(400, "The request body must be a JSON object.")
        return data


api = NinjaAPI(
    title="Questor API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenOrSession(),
    parser=ObjectParser(),
    docs=LocalSwagger(),
)
errors.install(api)
api.add_router("", questions.router)
api.add_router("", posts.router)
api.add_router("", community.router)
api.add_router("", me.router)
