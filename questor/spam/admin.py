from __future__ import annotations

from django.contrib import admin

from questor.spam.models import SpamDecision, SpamModel, SpamTerm


@admin.register(SpamTerm)
class SpamTermAdmin(admin.ModelAdmin[SpamTerm]):
    list_display = ["text", "kind", "is_active", "note"]
    list_filter = ["kind", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["text", "note"]


@admin.register(SpamDecision)
class SpamDecisionAdmin(admin.ModelAdmin[SpamDecision]):
    list_display = ["created_at", "decision", "post", "moderator"]
    list_filter = ["decision"]
    readonly_fields = ["post", "decision", "text", "reasons", "moderator", "created_at"]


@admin.register(SpamModel)
class SpamModelAdmin(admin.ModelAdmin[SpamModel]):
    list_display = ["name", "spam_examples", "ham_examples", "trained_at"]
    readonly_fields = ["name", "spam_examples", "ham_examples", "trained_at"]
    exclude = ["data"]
