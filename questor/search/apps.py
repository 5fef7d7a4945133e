from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The text index and the search query language."""

    name = "questor.search"
    label = "search"
    verbose_name = "Search"
