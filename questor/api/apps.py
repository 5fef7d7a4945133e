from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1/ and the personal access tokens it accepts."""

    name = "questor.api"
    label = "api"
    verbose_name = "API"
