from __future__ import annotations

from django.contrib import admin

from questor.moderation.models import (
    Flag,
    ModerationLogEntry,
    ModerationVote,
    ReviewDecision,
    ReviewTask,
)


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin[Flag]):
    list_display = ["id", "kind", "status", "flagger", "post", "comment", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["post", "comment", "flagger", "duplicate_of", "decided_by"]


@admin.register(ModerationVote)
class ModerationVoteAdmin(admin.ModelAdmin[ModerationVote]):
    list_display = ["id", "kind", "post", "user", "reason", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    raw_id_fields = ["post", "user", "duplicate_of"]


@admin.register(ReviewTask)
class ReviewTaskAdmin(admin.ModelAdmin[ReviewTask]):
    list_display = ["id", "queue", "post", "created_at", "completed_at", "outcome"]
    list_filter = ["queue"]
    raw_id_fields = ["post"]


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin[ReviewDecision]):
    list_display = ["id", "task", "reviewer", "decision", "created_at"]
    raw_id_fields = ["task", "reviewer"]


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin[ModerationLogEntry]):
    list_display = ["id", "created_at", "actor", "action", "post", "target_user", "reason"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "post", "target_user"]
    search_fields = ["reason", "actor__username", "target_user__username"]
