from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from questor.accounts.levels import Level, level_for
from questor.lib.text import slug_for

USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{3,30}$"
username_validator = RegexValidator(
    USERNAME_PATTERN,
    "Use 3 to 30 characters: letters, digits, and _ . - only.",
)


class User(AbstractUser):
    username = models.CharField(
        max_length=30,
        unique=True,
        validators=[username_validator],
        help_text="3 to 30 characters: letters, digits, and _ . - only.",
        error_messages={"unique": "That username is taken."},
    )
    email = models.EmailField(blank=True)
    display_name = models.CharField(max_length=50, blank=True)
    # Markdown. Empty with `about_html` set: an imported profile's HTML, turned into
    # Markdown when its owner first edits it (`about_source`).
    about = models.TextField(blank=True, help_text="Markdown.")
    about_html = models.TextField(blank=True, editable=False)
    email_verified = models.BooleanField(default=False)
    reputation = models.IntegerField(default=1)
    # Accounts made by importers (legacy pages, Stack Exchange dumps) rather than by a person.
    is_imported = models.BooleanField(default=False)
    # Where an imported account came from, for attribution (CC BY-SA): the source site,
    # the profile's address there and the license of its profile text.
    source_site = models.CharField(max_length=100, blank=True)
    source_url = models.CharField(max_length=300, blank=True)
    content_license = models.CharField(max_length=20, blank=True)
    # Kept equal to membership of the "Moderators" group (questor/accounts/signals.py), so
    # every permission check can ask without a query.
    in_moderators_group = models.BooleanField(default=False, editable=False)
    # A suspended member reads but cannot write until this moment; they see the reason.
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            models.UniqueConstraint(
                Lower("email"), name="user_email_ci_unique", condition=~models.Q(email="")
            ),
        ]
        indexes = [models.Index(fields=["-reputation"], name="user_reputation_idx")]

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        # The path of qa:user, written out as Post.get_absolute_url does (no reverse()).
        return f"/users/{self.pk}/{self.slug}/"

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def level(self) -> Level:
        return level_for(self.reputation)

    @property
    def slug(self) -> str:
        return slug_for(self.name, fallback="user")

    def about_source(self) -> str:
        """The About text to edit, as Markdown."""
        if self.about or not self.about_html:
            return self.about
        from questor.lib.markdown import html_to_markdown

        return html_to_markdown(self.about_html)
