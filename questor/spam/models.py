"""The spam check's tables: the admin-editable lists, the moderators' decisions (what the
naive Bayes model learns from), the trained model, and fingerprints of posts for finding
near-duplicates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TermKind(models.TextChoices):
    PHRASE = "phrase", "phrase"
    DOMAIN = "domain", "blocked link domain"
    SHORTENER = "shortener", "link shortener"


class SpamTerm(models.Model):
    """A phrase or link domain the check looks for. Defaults ship in a data migration."""

    kind = models.CharField(max_length=10, choices=TermKind.choices, default=TermKind.PHRASE)
    text = models.CharField(
        max_length=200, help_text="A phrase (any case), or a domain such as example.com."
    )
    is_active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "text"]
        constraints = [models.UniqueConstraint(fields=["kind", "text"], name="spamterm_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"


class Decision(models.TextChoices):
    SPAM = "spam", "spam"
    NOT_SPAM = "not_spam", "not spam"


class SpamDecision(models.Model):
    """A moderator's ruling on a held post, with the text as it was judged."""

    post = models.ForeignKey("qa.Post", null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    text = models.TextField()
    reasons = models.TextField(blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.post_id}"


class SpamModel(models.Model):
    """The naive Bayes model, retrained by a background task after each decision."""

    name = models.CharField(max_length=30, unique=True, default="bayes")
    spam_examples = models.PositiveIntegerField(default=0)
    ham_examples = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)
    trained_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name}: {self.spam_examples} spam, {self.ham_examples} not spam"


class PostFingerprint(models.Model):
    """A post's MinHash signature, for near-duplicate checks of later posts."""

    post = models.OneToOneField("qa.Post", on_delete=models.CASCADE, related_name="+")
    signature = models.JSONField(default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Fingerprint of {self.post_id}"


class FingerprintBand(models.Model):
    """One locality-sensitive key of a fingerprint: similar posts share at least one."""

    fingerprint = models.ForeignKey(PostFingerprint, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key"], name="fingerprint_band_idx")]

    def __str__(self) -> str:
        return str(self.key)
