from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from questor.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = [
        "username",
        "email",
        "display_name",
        "reputation",
        "email_verified",
        "is_staff",
        "date_joined",
    ]
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        "email_verified",
        "is_imported",
        "groups",
    ]
    search_fields = ["username", "email", "display_name"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            "Community",
            {"fields": ("display_name", "about", "reputation", "email_verified", "is_imported")},
        ),
    )
