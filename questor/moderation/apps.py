from __future__ import annotations

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Flags, close/reopen/delete votes, review queues and the moderation log."""

    name = "questor.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from questor.moderation import receivers
        from questor.qa.models import Post
        from questor.qa.signals import moderation_action

        moderation_action.connect(receivers.log_action, dispatch_uid="questor.moderation.log")
        post_save.connect(
            receivers.queue_new_post, sender=Post, dispatch_uid="questor.moderation.new_post"
        )
