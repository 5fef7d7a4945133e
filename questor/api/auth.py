"""Who is calling: a personal access token (`Authorization: Bearer qst_…`), the site's own
session (with its CSRF token on writes, for the site's JavaScript), or nobody.

Reads are open to anonymous callers, so authentication never refuses a request without
credentials: the operations that write ask for a member with `member(request)`.
Credentials that are present but wrong are refused at once (401), never ignored.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from questor.accounts.models import User
from questor.api import tokens
from questor.api.errors import ApiError
from questor.api.models import PersonalAccessToken

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class Caller:
    """What authentication found; truthy even for anonymous callers (reads are open)."""

    def __init__(self, user: User | AnonymousUser, token: PersonalAccessToken | None) -> None:
        self.user = user
        self.token = token

    def __bool__(self) -> bool:
        return True


class TokenOrSession(HttpBearer):
    """Documented as HTTP bearer authentication; the session works too."""

    # Tells the docs page to send the CSRF token (for a logged-in visitor trying writes).
    csrf = True
    openapi_description = (
        "A personal access token from your tokens page (/api/tokens/), sent as "
        "`Authorization: Bearer qst_…`. Without one, reads are anonymous; the site's own "
        "pages may also use their session cookie with the CSRF token."
    )

    def __call__(self, request: HttpRequest) -> Caller:
        header = request.headers.get("Authorization", "")
        if header:
            return self._with_token(request, header)
        user = request.user
        if isinstance(user, User) and user.is_authenticated:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise ApiError(403, "CSRF check failed: send the X-CSRFToken header.")
            return Caller(user, None)
        return Caller(AnonymousUser(), None)

    def _with_token(self, request: HttpRequest, header: str) -> Caller:
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(401, "Send the token as `Authorization: Bearer <token>`.")
        try:
            token = tokens.authenticate(secret.strip())
        except tokens.InvalidToken as error:
            raise ApiError(401, str(error)) from None
        if token.read_only and request.method not in SAFE_METHODS:
            raise ApiError(403, "This token is read-only; create one with write access to do this.")
        request.user = token.user
        return Caller(token.user, token)

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        raise NotImplementedError  # __call__ does the work


def caller(request: HttpRequest) -> Caller:
    found = getattr(request, "auth", None)
    return found if isinstance(found, Caller) else Caller(AnonymousUser(), None)


def viewer(request: HttpRequest) -> User | AnonymousUser:
    return caller(request).user


def member(request: HttpRequest, *, write: bool = True) -> User:
    """The signed-in member making this request; 401 for anonymous callers, 403 for a
    read-only token when the operation writes."""
    found = caller(request)
    if not isinstance(found.user, User):
        raise ApiError(401, "Log in or send a personal access token.")
    if write and found.token is not None and found.token.read_only:
        raise ApiError(403, "This token is read-only; create one with write access to do this.")
    return found.user
