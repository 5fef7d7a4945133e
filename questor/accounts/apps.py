from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Identity: who you are (sign-up, log-in, email, profile), not what you did."""

    name = "questor.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from questor.accounts.models import User
        from questor.accounts.signals import sync_moderator_flag

        m2m_changed.connect(
            sync_moderator_flag,
            sender=User.groups.through,
            dispatch_uid="questor.accounts.moderator_flag",
        )
