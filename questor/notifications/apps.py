from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The inbox, follows, email settings per kind, and digests."""

    name = "questor.notifications"
    label = "notifications"
    verbose_name = "Notifications"
