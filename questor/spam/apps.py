from __future__ import annotations

from django.apps import AppConfig


class SpamConfig(AppConfig):
    """The spam check: detector, admin-editable lists, naive Bayes, the held-post queue."""

    name = "questor.spam"
    label = "spam"
    verbose_name = "Spam check"
