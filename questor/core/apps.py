from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide plumbing: health check, static pages, background email, commands."""

    name = "questor.core"
    label = "core"
    verbose_name = "Site"
