"""Stack Exchange's error responses: HTTP 400 with all three of error_id, error_name and
error_message, for every error (StackAPI only sees an error when all three keys are
there; py-stackexchange only when the status is not 200)."""

from __future__ import annotations

from django.http import JsonResponse

ERROR_NAMES = {
    400: "bad_parameter",
    401: "access_token_required",
    402: "invalid_access_token",
    403: "access_denied",
    404: "no_method",
    405: "key_required",
    406: "access_token_compromised",
    407: "write_failed",
    409: "duplicate_request",
    500: "internal_error",
    502: "throttle_violation",
    503: "temporarily_unavailable",
}
ERROR_MESSAGES = {
    400: "An invalid parameter was passed.",
    401: "This method requires an access_token.",
    402: "An invalid access_token was passed.",
    403: "This method cannot be called with this access_token.",
    404: "no method found with this name",
    405: "This method requires a key.",
    406: "The access_token passed has been compromised.",
    407: "A write operation was rejected.",
    409: "This request was a duplicate of a previous one.",
    500: "An error occurred on the server.",
    502: "Too many requests from this address.",
    503: "The API is temporarily unavailable.",
}


class ApiError(Exception):
    """Raised anywhere under a view; the endpoint wrapper turns it into the JSON error."""

    def __init__(self, error_id: int, message: str | None = None) -> None:
        self.error_id = error_id
        self.message = message or ERROR_MESSAGES.get(error_id, "error")
        super().__init__(self.message)


def bad_parameter(name: str, detail: str = "") -> ApiError:
    """An error naming the parameter to fix (SE's messages name it too)."""
    return ApiError(400, f"{name}: {detail}" if detail else name)


def error_response(error_id: int, message: str | None = None) -> JsonResponse:
    body = {
        "error_id": error_id,
        "error_message": message or ERROR_MESSAGES.get(error_id, "error"),
        "error_name": ERROR_NAMES.get(error_id, "bad_parameter"),
    }
    return JsonResponse(body, status=400, content_type="application/json; charset=utf-8")
