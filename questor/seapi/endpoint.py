"""The decorator every API view wears: GET only, `site=` checked, the filter resolved,
and every failure answered as Stack Exchange's JSON error (never an HTML page)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from questor.seapi import conf
from questor.seapi.errors import ApiError, error_response
from questor.seapi.filters import Filter, resolve
from questor.seapi.params import Params

logger = logging.getLogger("questor.seapi")

ApiView = Callable[..., HttpResponse]


def check_site(params: Params) -> None:
    """`site` (or `team`, as Stack Overflow for Teams clients send) must name this
    community: its api_site_parameter, its domain or a configured alias."""
    name = params.text("site") or params.text("team")
    if not name:
        raise ApiError(400, "site is required")
    if name.lower() not in conf.accepted_site_names():
        raise ApiError(400, f"No site found for name `{name}`")


def endpoint(*, per_site: bool = True) -> Callable[[ApiView], Callable[..., HttpResponse]]:
    def decorate(view: ApiView) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            if request.method not in {"GET", "HEAD"}:
                return error_response(
                    404, f"no method found with this name (this method is read with GET, "
                    f"not {request.method})"
                )  # fmt: skip
            params = Params(request)
            try:
                filt: Filter = resolve(params.text("filter"))
                if per_site:
                    check_site(params)
                return view(request, params, filt, **kwargs)
            except ApiError as error:
                return error_response(error.error_id, error.message)
            except Exception:
                logger.exception("Stack Exchange API method %s failed", request.path)
                return error_response(500)

        return wrapped

    return decorate
