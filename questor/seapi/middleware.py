"""Makes /2.x/ behave as Stack Exchange's API host, and nothing else.

- A client pointed at Questor through an HTTP proxy setting (py-stackexchange with
  `http_proxy`) sends `GET http://api.stackexchange.com/2.3/... ` with that Host header.
  gunicorn reduces the absolute-form target to its path; Django's runserver does not, so
  the path is reduced here too. The Host is accepted only when it is one of
  SEAPI_PROXY_HOSTS *and* the path is under /2.2/ or /2.3/: the request then continues
  as if addressed to the site's own host. Every other request still meets
  ALLOWED_HOSTS unchanged, so a forged Host cannot reach pages, forms or links.
- Every error under /2.x/ (an exception, a 404, a refused Host, CSRF) leaves as SE's
  JSON error, never as an HTML page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port, validate_host

from questor.seapi import conf
from questor.seapi.errors import error_response

logger = logging.getLogger("questor.seapi")
# HTTP status of a non-JSON error under /2.x/ → SE error id.
_ERROR_IDS = {400: 400, 401: 401, 403: 403, 404: 404, 405: 404, 429: 502, 503: 503}


def is_api_path(path: str) -> bool:
    return path.startswith(conf.API_VERSION_PREFIXES)


def _own_host() -> str | None:
    """A host name ALLOWED_HOSTS accepts, to stand in for the proxied client's."""
    candidates = [conf.site_domain(), *settings.ALLOWED_HOSTS]
    for host in candidates:
        if (
            host
            and "*" not in host
            and not host.startswith(".")
            and validate_host(host, settings.ALLOWED_HOSTS)
        ):
            return str(host)
    return None


class StackExchangeApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(("http://", "https://")):  # absolute-form target (runserver)
            path = urlsplit(path).path or "/"
            if is_api_path(path):
                request.path_info = request.path = path
        if not is_api_path(request.path_info):
            return self.get_response(request)
        self._accept_proxied_host(request)
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and not content_type.startswith("application/json"):
            return error_response(_ERROR_IDS.get(response.status_code, 500))
        return response

    def _accept_proxied_host(self, request: HttpRequest) -> None:
        host = request.META.get("HTTP_HOST", "")
        domain, _ = split_domain_port(host)
        if domain and domain in conf.proxy_hosts():
            own = _own_host()
            if own is not None:
                request.META["HTTP_HOST"] = own

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_api_path(request.path_info):
            return None
        logger.exception("Stack Exchange API request %s failed", request.path, exc_info=exception)
        return error_response(500)
