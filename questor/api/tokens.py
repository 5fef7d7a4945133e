"""Every write to personal access tokens, and reading one back from a request.

A token is `qst_` followed by 43 URL-safe characters from `secrets`; the database keeps
its SHA-256 digest only, so a leaked database does not leak working tokens. Looking a
token up by its digest compares digests, never the secret itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from questor.accounts.models import User
from questor.api.models import PersonalAccessToken

TOKEN_PREFIX = "qst_"  # noqa: S105 - the public marker of every token, not a secret
# A member's tokens at once; revoked and expired ones do not count.
MAX_ACTIVE_TOKENS = 20
# How often the "last used" time is written (one write per token per interval at most).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: PersonalAccessToken
    # The secret, to be shown once to its owner.
    secret: str


@transaction.atomic
def create_token(
    *, user: User, name: str, read_only: bool = False, expires_in_days: int | None = None
) -> NewToken:
    if not user.is_active:
        raise PermissionDenied("Inactive accounts cannot create tokens.")
    active = PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).exclude(
        expires_at__lte=timezone.now()
    )
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise PermissionDenied(
            f"You have {MAX_ACTIVE_TOKENS} tokens already; revoke one you no longer use first."
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        token_hash=digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        read_only=read_only,
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    return NewToken(token=token, secret=secret)


def revoke_token(*, user: User, token_id: int) -> bool:
    """Revoke one of `user`'s tokens; returns whether one was revoked just now."""
    return bool(
        PersonalAccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


class InvalidToken(Exception):
    """The bearer token is unknown, revoked or expired; the message says which."""


def authenticate(secret: str) -> PersonalAccessToken:
    """The live token for `secret`, with its user; raises InvalidToken."""
    wanted = digest(secret)
    token = (
        PersonalAccessToken.objects.select_related("user").filter(token_hash=wanted).first()
        if secret.startswith(TOKEN_PREFIX) and len(secret) < 200
        else None
    )
    if token is None or not hmac.compare_digest(token.token_hash, wanted):
        raise InvalidToken("The access token is not valid. Create one on your tokens page.")
    if token.revoked_at is not None:
        raise InvalidToken("The access token was revoked.")
    if token.is_expired:
        raise InvalidToken("The access token has expired. Create a new one.")
    if not token.user.is_active:
        raise InvalidToken("The account of this access token is inactive.")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user: User) -> list[PersonalAccessToken]:
    return list(PersonalAccessToken.objects.filter(user=user).order_by("-created_at", "-id"))
