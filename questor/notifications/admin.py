from __future__ import annotations

from django.contrib import admin

from questor.notifications.models import (
    Digest,
    Follow,
    IgnoredTag,
    Notification,
    NotificationSetting,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["recipient", "kind", "summary", "delivery", "created_at", "read_at",
                    "emailed_at", "digest"]  # fmt: skip
    list_filter = ["kind", "delivery"]
    search_fields = ["recipient__username", "summary"]
    raw_id_fields = ["recipient", "actor", "digest"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin[Digest]):
    """Failed digests show here with their error; the worker retries them."""

    list_display = ["user", "period", "status", "notification_count", "attempt", "created_at"]
    list_filter = ["status", "period"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin[NotificationSetting]):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    raw_id_fields = ["user"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin[Follow]):
    list_display = ["user", "question", "tag", "category", "followed_user", "created_at"]
    raw_id_fields = ["user", "question", "tag", "category", "followed_user"]


@admin.register(IgnoredTag)
class IgnoredTagAdmin(admin.ModelAdmin[IgnoredTag]):
    list_display = ["user", "tag", "created_at"]
    raw_id_fields = ["user", "tag"]
