"""Flags, votes to close, reopen and delete, review tasks and the moderation log. The
state of posts (closed, locked, deleted …) lives on qa.Post; these are the paths to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from questor.qa.models import CloseReason, Comment, Post


class FlagKind(models.TextChoices):
    SPAM = "spam", "spam"
    RUDE = "rude", "rude or abusive"
    LOW_QUALITY = "low-quality", "low quality"
    MODERATOR = "moderator", "needs moderator attention"
    DUPLICATE = "duplicate", "duplicate"


# Kinds that, from enough different members, hide a post at once.
HIDING_KINDS = (FlagKind.SPAM, FlagKind.RUDE)


class FlagStatus(models.TextChoices):
    PENDING = "pending", "pending"
    HELPFUL = "helpful", "helpful"
    DECLINED = "declined", "declined"


class Flag(models.Model):
    """One member's flag on a post or a comment (one per member and target)."""

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    text = models.CharField(max_length=500, blank=True)
    duplicate_of = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # What the moderator did, shown to the flagger.
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["flagger", "post"],
                condition=Q(post__isnull=False),
                name="flag_one_per_post",
            ),
            models.UniqueConstraint(
                fields=["flagger", "comment"],
                condition=Q(comment__isnull=False),
                name="flag_one_per_comment",
            ),
            models.CheckConstraint(
                condition=Q(post__isnull=False) ^ Q(comment__isnull=False),
                name="flag_post_or_comment",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="flag_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} flag by {self.flagger_id}"


class VoteKind(models.TextChoices):
    CLOSE = "close", "close"
    REOPEN = "reopen", "reopen"
    DELETE = "delete", "delete"


class ModerationVote(models.Model):
    """A privileged member's vote to close, reopen or delete a question. Votes of a round
    stay active until the question changes; then they are kept, inactive, as history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="moderation_votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_votes"
    )
    kind = models.CharField(max_length=10, choices=VoteKind.choices)
    reason = models.CharField(max_length=30, choices=CloseReason.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"],
                condition=Q(is_active=True),
                name="modvote_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} vote by {self.user_id} on {self.post_id}"


class ReviewQueue(models.TextChoices):
    FIRST_POSTS = "first-posts", "First posts"
    LATE_ANSWERS = "late-answers", "Late answers"
    CLOSE_VOTES = "close-votes", "Close votes"
    REOPEN_VOTES = "reopen-votes", "Reopen votes"
    LOW_QUALITY = "low-quality", "Low-quality posts"


class ReviewTask(models.Model):
    queue = models.CharField(max_length=20, choices=ReviewQueue.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="review_tasks")
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The decision that completed it.
    outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "post"],
                condition=Q(completed_at__isnull=True),
                name="review_one_open_task",
            )
        ]
        indexes = [models.Index(fields=["queue", "completed_at"], name="review_open_idx")]

    def __str__(self) -> str:
        return f"{self.queue} {self.post_id}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class ReviewDecision(models.Model):
    task = models.ForeignKey(ReviewTask, on_delete=models.CASCADE, related_name="decisions")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_decisions"
    )
    # looks-ok, close, leave-open, reopen, leave-closed, delete, skip
    decision = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "reviewer"], name="review_one_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.decision} by {self.reviewer_id} on task {self.task_id}"


class ModerationLogEntry(models.Model):
    """Who did what to which post or member, when, why, and the text before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "moderation log entries"
        indexes = [models.Index(fields=["action", "-created_at"], name="modlog_action_idx")]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id}"
