from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from questor.qa.models.posts import Post


class BadgeTier(models.IntegerChoices):
    # Stack Exchange's Class numbers: 1 gold, 2 silver, 3 bronze.
    GOLD = 1, "gold"
    SILVER = 2, "silver"
    BRONZE = 3, "bronze"


class Badge(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=300)
    tier = models.PositiveSmallIntegerField(choices=BadgeTier.choices)
    # Earned once per post (Nice Answer) rather than once per user (Student).
    per_post = models.BooleanField(default=False)
    award_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["tier", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/badges/{self.slug}/"


class Award(models.Model):
    # Both lead an index of Meta.indexes: no index of their own.
    badge = models.ForeignKey(
        Badge, on_delete=models.CASCADE, related_name="awards", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="awards", db_index=False
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-awarded_at", "-id"]
        constraints = [
            # Never twice: once per user, or once per user and post for per-post badges.
            models.UniqueConstraint(
                fields=["badge", "user"], condition=models.Q(post__isnull=True), name="award_once"
            ),
            models.UniqueConstraint(
                fields=["badge", "user", "post"],
                condition=models.Q(post__isnull=False),
                name="award_once_per_post",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-awarded_at"], name="award_user_idx"),
            models.Index(fields=["badge", "-awarded_at"], name="award_badge_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.badge_id} to {self.user_id}"


class PendingBadgeCheck(models.Model):
    """A member whose badges the worker is to check: written by every change that may earn
    one, in the change's own transaction, and taken by the worker (questor/qa/badges.py).
    A member waits here once however many changes they make in the meantime."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    queued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"check {self.user_id}"
