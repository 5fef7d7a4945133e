"""Signed, expiring links for email verification."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from questor.accounts.models import User

_SALT = "questor.accounts.verify-email"


def make_verification_token(user: User) -> str:
    # The address is signed too: a link for an old address must not verify a new one.
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=_SALT)


def read_verification_token(token: str) -> tuple[int, str] | None:
    """(user id, email) of a valid, unexpired token, else None."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, email = data.get("user"), data.get("email")
    if not isinstance(user_id, int) or not isinstance(email, str):
        return None
    return user_id, email
