"""The inbox (Notification), what people follow (Follow, IgnoredTag), how each kind of
event reaches them by email (NotificationSetting), and the digests sent (Digest)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    ANSWER = "answer", "New answers to your questions"
    COMMENT = "comment", "Comments on your posts, and replies after yours in a thread"
    MENTION = "mention", "@mentions of your name"
    ACCEPTED = "accepted", "Your answer accepted"
    EDITED = "edited", "Your posts edited by someone else"
    SUGGESTED_EDIT = "suggested_edit", "The outcome of your suggested edits"
    BADGE = "badge", "Badges you earn"
    MODERATOR_MESSAGE = "moderator_message", "Messages from moderators"
    FLAG_OUTCOME = "flag_outcome", "The outcome of your flags"
    FOLLOWED_QUESTION = "followed_question", "New answers and comments on questions you follow"
    FOLLOWED_TAG = "followed_tag", "New questions in tags and categories you follow"
    FOLLOWED_USER = "followed_user", "New questions and answers by people you follow"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email immediately"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"
    NEVER = "never", "Inbox only, no email"


# What a member gets until they change it: email at once for answers and comments on
# their own posts and for @mentions, a weekly digest for followed tags; moderator
# messages by email too (a warning or a suspension must reach the person); the rest in
# the inbox only.
DEFAULT_DELIVERY: dict[str, str] = {
    Kind.ANSWER: Delivery.IMMEDIATE,
    Kind.COMMENT: Delivery.IMMEDIATE,
    Kind.MENTION: Delivery.IMMEDIATE,
    Kind.MODERATOR_MESSAGE: Delivery.IMMEDIATE,
    Kind.FOLLOWED_TAG: Delivery.WEEKLY,
}


def default_delivery(kind: str) -> str:
    return DEFAULT_DELIVERY.get(kind, Delivery.NEVER)


class NotificationSetting(models.Model):
    """A member's choice for one kind; without a row, DEFAULT_DELIVERY applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class Digest(models.Model):
    """One digest email: recorded in the transaction that claims its notifications."""

    class Status(models.TextChoices):
        SENT = "sent", "sent"
        NO_ADDRESS = "no_address", "not sent: no verified address"
        FAILED = "failed", "failed (the notifications stay unclaimed and are retried)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    period = models.CharField(max_length=10, choices=Delivery.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SENT)
    notification_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "period", "-created_at"], name="digest_user_idx")]

    def __str__(self) -> str:
        return f"{self.period} digest for {self.user_id}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Plain ids, not foreign keys: the inbox keeps its entries when a post is deleted.
    question_id = models.BigIntegerField(null=True, blank=True)
    post_id = models.BigIntegerField(null=True, blank=True)
    comment_id = models.BigIntegerField(null=True, blank=True)
    # A path on this site, and a plain-text line written when the event happened.
    url = models.CharField(max_length=500, blank=True)
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The recipient's setting for this kind when the event happened.
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    # When its own email was queued (delivery "immediate").
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The digest that claimed it (delivery "daily" or "weekly").
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(
                fields=["delivery", "recipient"],
                condition=models.Q(digest__isnull=True),
                name="notification_undigested_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Follow(models.Model):
    """A member follows one question, tag, category or member (exactly one is set).

    Following a tag is "watching" it: its questions are highlighted in lists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    question = models.ForeignKey(
        "qa.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(
        "qa.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        "qa.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    followed_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        question__isnull=False,
                        tag__isnull=True,
                        category__isnull=True,
                        followed_user__isnull=True,
                    )
                    | models.Q(
                        question__isnull=True,
                        tag__isnull=False,
                        category__isnull=True,
                        followed_user__isnull=True,
                    )
                    | models.Q(
                        question__isnull=True,
                        tag__isnull=True,
                        category__isnull=False,
                        followed_user__isnull=True,
                    )
                    | models.Q(
                        question__isnull=True,
                        tag__isnull=True,
                        category__isnull=True,
                        followed_user__isnull=False,
                    )
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=models.Q(question__isnull=False),
                name="follow_question_once",
            ),
            models.UniqueConstraint(
                fields=["user", "tag"],
                condition=models.Q(tag__isnull=False),
                name="follow_tag_once",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="follow_category_once",
            ),
            models.UniqueConstraint(
                fields=["user", "followed_user"],
                condition=models.Q(followed_user__isnull=False),
                name="follow_user_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows"


class IgnoredTag(models.Model):
    """Questions with an ignored tag are faded in lists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ignored_tags"
    )
    tag = models.ForeignKey("qa.Tag", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tag"], name="ignored_tag_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ignores {self.tag_id}"
