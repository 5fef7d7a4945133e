from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from questor.qa.models.posts import Post


class ReputationKind(models.TextChoices):
    QUESTION_UPVOTED = "question_upvoted", "question upvoted"
    ANSWER_UPVOTED = "answer_upvoted", "answer upvoted"
    ANSWER_ACCEPTED = "answer_accepted", "answer accepted"
    ACCEPTED_AN_ANSWER = "accepted_an_answer", "accepted an answer"
    DOWNVOTE_RECEIVED = "downvote_received", "downvote received"
    DOWNVOTED_AN_ANSWER = "downvoted_an_answer", "downvoted an answer"
    DELETED_AS_SPAM = "deleted_as_spam", "post deleted as spam"
    EDIT_APPROVED = "edit_approved", "suggested edit approved"
    # Reputation brought from elsewhere (an imported site) or set by an administrator.
    ADJUSTMENT = "adjustment", "reputation adjustment"


class ReputationEvent(models.Model):
    """One line of the reputation ledger. A user's reputation is 1 + the sum of their
    lines, never below 1; undoing a vote or an accept removes its line."""

    # `user` and `post` lead an index of Meta.indexes: no index of their own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reputation_events",
        db_index=False,
    )
    kind = models.CharField(max_length=30, choices=ReputationKind.choices)
    points = models.IntegerField()
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Whose act earned it (the voter, the accepter); empty for moderator actions.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="rep_user_idx"),
            models.Index(fields=["post", "kind", "actor"], name="rep_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.kind} for {self.user_id}"


class Privilege(models.Model):
    """A right that reputation earns; thresholds are edited in the admin or by preset."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    threshold = models.PositiveIntegerField()
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["threshold", "key"]

    def __str__(self) -> str:
        return f"{self.name} ({self.threshold})"


class SuggestedEditStatus(models.TextChoices):
    PENDING = "pending", "pending"
    APPROVED = "approved", "approved"
    REJECTED = "rejected", "rejected"


class SuggestedEdit(models.Model):
    """An edit by someone below the edit privilege, waiting for review."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="suggested_edits")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggested_edits"
    )
    base_revision = models.PositiveIntegerField()
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    tag_names = models.CharField(max_length=200, blank=True)
    comment = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=SuggestedEditStatus.choices, default=SuggestedEditStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="suggested_status_idx")]
        constraints = [
            # One open suggestion per post at a time, as on Stack Exchange.
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(status="pending"),
                name="suggested_one_pending_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"Suggested edit {self.pk} on {self.post_id} ({self.status})"
