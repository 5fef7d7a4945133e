from __future__ import annotations

from django.contrib import admin

from questor.core.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin[Page]):
    list_display = ["slug", "title", "updated_at"]
    search_fields = ["slug", "title"]
