"""One error shape for every error the API answers:

    {"error": {"code": "not_found", "message": "No such question.", "field": null}}

400 malformed JSON or query, 401 no or bad credentials, 403 refused, 404 not found,
409 conflict (an edit based on an old revision), 422 a field's value is not accepted
(`field` names it), 429 too many requests (with Retry-After), 500 a bug (logged).
Every exception an endpoint or the actions below it raise is mapped here, so ninja's
own `{"detail": …}` answers never reach a client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from questor.lib.ratelimit import RateLimited
from questor.qa.actions import EditConflict
from questor.qa.limits import TooManyLinks

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("questor.api")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}
# Where a request's parameters come from, in ninja's error locations.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class ApiError(Exception):
    """Raised by endpoints to answer with the error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers or {}


def body(status: int, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": CODES.get(status, "error"), "message": message, "field": field}}


def error_response(
    status: int, message: str, *, field: str | None = None, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = JsonResponse(body(status, message, field), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401 and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _field_of(location: tuple[Any, ...] | list[Any]) -> str | None:
    """("body", "payload", "tags", 0) → "tags"; ("query", "page") → "page"."""
    parts = [str(part) for part in location if not isinstance(part, int)]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or None


def _message_of(error: dict[str, Any]) -> str:
    context = error.get("ctx") or {}
    if isinstance(context.get("error"), str):  # a rule in qa.rules said why
        return str(context["error"])
    return str(error.get("msg") or "This value is not accepted.")


def validation_response(errors: list[dict[str, Any]]) -> HttpResponse:
    """A request ninja could not read into the operation's parameters.

    Query and path parameters of the wrong type make a malformed request (400); a body
    that is not an object is malformed too; a body field whose value is refused is 422.
    """
    first = errors[0] if errors else {"loc": (), "msg": "The request is not valid."}
    location = tuple(first.get("loc") or ())
    field = _field_of(location)
    message = _message_of(first)
    if location[:1] == ("body",) and field is not None:
        return error_response(422, message, field=field)
    if location[:1] == ("body",):
        return error_response(400, "The request body must be a JSON object.")
    return error_response(400, message, field=field)


def _django_validation_message(error: DjangoValidationError) -> tuple[str, str | None]:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.message_dict.items()))
        return " ".join(errors), None if field == "__all__" else field
    return " ".join(error.messages), None


def install(api: NinjaAPI) -> None:
    """Replace ninja's exception handlers with ones that answer in the error shape."""

    def handle(
        exception: type[Exception],
    ) -> Callable[[Callable[[Any], HttpResponse]], None]:
        def register(make: Callable[[Any], HttpResponse]) -> None:
            api.add_exception_handler(exception, lambda request, error: make(error))

        return register

    @handle(ApiError)
    def _api_error(error: ApiError) -> HttpResponse:
        return error_response(error.status, error.message, field=error.field, headers=error.headers)

    @handle(NinjaValidationError)
    def _invalid(error: NinjaValidationError) -> HttpResponse:
        return validation_response(error.errors)

    @handle(AuthenticationError)
    def _unauthenticated(error: AuthenticationError) -> HttpResponse:
        message = error.message if error.message != "Unauthorized" else "Log in or send a token."
        return error_response(401, message)

    @handle(HttpError)
    def _http_error(error: HttpError) -> HttpResponse:
        message = error.message
        if error.status_code == 400 and message.startswith("Cannot parse"):
            message = "The request body is not valid JSON."
        return error_response(error.status_code, message)

    @handle(Http404)
    def _not_found(error: Http404) -> HttpResponse:
        return error_response(404, str(error) or "Not found.")

    @handle(ObjectDoesNotExist)
    def _no_object(error: ObjectDoesNotExist) -> HttpResponse:
        return error_response(404, "Not found.")

    @handle(TooManyLinks)
    def _too_many_links(error: TooManyLinks) -> HttpResponse:
        return error_response(422, str(error), field="body")

    @handle(PermissionDenied)
    def _forbidden(error: PermissionDenied) -> HttpResponse:
        return error_response(403, str(error) or "You cannot do that.")

    @handle(SuspiciousOperation)
    def _suspicious(error: SuspiciousOperation) -> HttpResponse:
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE, among others: the request is at fault.
        return error_response(400, str(error) or "The request cannot be read.")

    @handle(DjangoValidationError)
    def _rule_broken(error: DjangoValidationError) -> HttpResponse:
        message, field = _django_validation_message(error)
        return error_response(422, message, field=field)

    @handle(RateLimited)
    def _rate_limited(error: RateLimited) -> HttpResponse:
        return error_response(429, error.message, headers={"Retry-After": str(error.retry_after)})

    @handle(EditConflict)
    def _conflict(error: EditConflict) -> HttpResponse:
        return error_response(
            409,
            f"Someone saved revision {error.current.number} after the one you edited. "
            f"Read the post again, merge, and send base_revision {error.current.number}.",
            field="base_revision",
        )

    @handle(Exception)
    def _bug(error: Exception) -> HttpResponse:
        logger.exception("API error", exc_info=error)
        return error_response(500, "Something went wrong on our side; it has been logged.")


def not_found_view(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any /api/ address no operation has."""
    return error_response(404, "There is no API operation at this address.")


def json_method_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a ninja path view: its 405 for a method the path lacks becomes the error shape."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            error = error_response(405, f"This address takes {allowed or 'other methods'}.")
            if allowed:
                error["Allow"] = allowed
            return error
        return response

    # ninja checks CSRF itself (questor.api.auth), for session callers only.
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped
