from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Identity: who you are (sign-up, log-in, email, profile), not what you did."""

    name = "questor.accounts"
    label = "accounts"
