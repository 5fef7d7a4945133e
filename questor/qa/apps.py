from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import router
from django.db.models.signals import post_migrate

from questor.accounts.signals import profile_updated


class QaConfig(AppConfig):
    """Questions, answers, comments, votes, tags, categories, revisions, drafts."""

    name = "questor.qa"
    label = "qa"
    verbose_name = "Questions and answers"

    def ready(self) -> None:
        # After every migrate of this app (test databases included, and after a test's
        # flush), the Badge table holds every declared badge.
        post_migrate.connect(_sync_badges, sender=self, dispatch_uid="questor.qa.sync_badges")
        profile_updated.connect(_check_profile_badges, dispatch_uid="questor.qa.profile_badges")
        from questor.qa import badges, pagecache  # noqa: F401 - badges: the worker's periodic job

        pagecache.register()  # the pages visitors see may come from the anonymous cache


def _check_profile_badges(*, user: Any, **kwargs: Any) -> None:
    from questor.qa.badges import queue_badge_check

    queue_badge_check([user.pk])


def _sync_badges(*, using: str, apps: Apps = global_apps, **kwargs: Any) -> None:
    from questor.qa.badge_rules import sync_badges

    # migrate passes the migrated state; flush (between transactional tests) passes none.
    try:
        model = apps.get_model("qa", "Badge")
    except LookupError:  # migrated back to before badges existed
        return
    if router.allow_migrate_model(using, model):
        sync_badges(using=using, model=model)
