from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The text index and the search query language."""

    name = "questor.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from questor.search import ranking

        connection_created.connect(ranking.prepare, dispatch_uid="questor.search.ranking")
