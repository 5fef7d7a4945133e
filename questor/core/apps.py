from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide plumbing: health check, static pages, background email, commands."""

    name = "questor.core"
    label = "core"
    verbose_name = "Site"

    def ready(self) -> None:
        from questor.core import pagecache
        from questor.lib import lookups, randomness

        lookups.register()
        randomness.install()

        # Every write on every connection may invalidate the anonymous page cache.
        pagecache.install()
