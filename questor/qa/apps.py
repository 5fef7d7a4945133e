from __future__ import annotations

from django.apps import AppConfig


class QaConfig(AppConfig):
    """Questions, answers, comments, votes, tags, categories, revisions, drafts."""

    name = "questor.qa"
    label = "qa"
    verbose_name = "Questions and answers"
