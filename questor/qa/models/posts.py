"""Questions and answers share one table, so one id names exactly one post (as on
Stack Exchange); importers keep the original ids. Rows only: behaviour lives in
actions.py (writes), selectors.py (reads) and permissions.py (who may)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from questor.lib.text import slug_for


class Category(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    question_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("qa:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=35, unique=True)
    question_count = models.PositiveIntegerField(default=0, editable=False)
    excerpt = models.TextField(blank=True)
    # The tag's wiki as sanitized HTML (imported from Stack Exchange tag wikis).
    wiki_html = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["-question_count"], name="tag_count_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("qa:tag", kwargs={"name": self.name})


class PostType(models.IntegerChoices):
    # The numbers are Stack Exchange's PostTypeId, so dumps map one to one.
    QUESTION = 1, "question"
    ANSWER = 2, "answer"


class CloseReason(models.TextChoices):
    DUPLICATE = "duplicate", "duplicate"
    NEEDS_DETAILS = "needs-details", "needs details or clarity"
    NEEDS_FOCUS = "needs-focus", "needs more focus"
    OPINION_BASED = "opinion-based", "opinion-based"
    OFF_TOPIC = "off-topic", "off-topic"


# The columns Post.objects.public() tests, after the post type: leading list indexes.
_PUBLIC = ["post_type", "is_deleted", "hidden_by_flags", "held_for_review"]


class PostQuerySet(models.QuerySet["Post"]):
    def public(self) -> PostQuerySet:
        """What every visitor may see: not deleted, not hidden by flags, not held."""
        return self.filter(is_deleted=False, hidden_by_flags=False, held_for_review=False)


class Post(models.Model):
    post_type = models.PositiveSmallIntegerField(choices=PostType.choices)
    # Apart from accepted_answer (one-to-one, so unique), no foreign key of a post has an
    # index of its own (db_index=False): each leads an index of Meta.indexes (a partial
    # one where most posts have none), and every index is written on each insert.
    # For an answer, its question; empty for a question.
    question = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
        db_index=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        db_index=False,
    )
    # Shown when the author is gone (deleted user, or an import without an owner).
    author_name = models.CharField(max_length=100, blank=True)

    title = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    body_html = models.TextField()
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
        db_index=False,
    )
    tags: models.ManyToManyField[Tag, PostTag] = models.ManyToManyField(
        Tag, through="PostTag", related_name="questions"
    )
    # The tag names in order, so lists show tags without another query.
    tag_names = models.CharField(max_length=200, blank=True)

    score = models.IntegerField(default=0)
    up_votes = models.PositiveIntegerField(default=0)
    down_votes = models.PositiveIntegerField(default=0)
    answer_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    accepted_answer = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="accepted_for"
    )
    # Stack Exchange's meaning: an accepted answer, or an answer with a positive score.
    is_answered = models.BooleanField(default=False)

    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    last_edited_at = models.DateTimeField(null=True, blank=True)
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # Number of the latest revision; an edit names the one it started from.
    revision_number = models.PositiveIntegerField(default=1)

    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    # Moderation state. Closing, locking and protecting are questions' (locking also
    # answers'); see questor/qa/moderation.py for who may change them.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    close_reason = models.CharField(max_length=30, choices=CloseReason.choices, blank=True)
    # The site-specific sub-reason of "off-topic", or a moderator's note.
    close_note = models.CharField(max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        db_index=False,
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    lock_reason = models.CharField(max_length=300, blank=True)
    protected_at = models.DateTimeField(null=True, blank=True)
    protected_until = models.DateTimeField(null=True, blank=True)
    # Hidden at once by enough spam or abuse flags, pending a moderator.
    hidden_by_flags = models.BooleanField(default=False)
    # Held by the spam check: visible to its author ("pending review") and moderators only.
    held_for_review = models.BooleanField(default=False)
    held_reasons = models.TextField(blank=True)

    # Imported posts (questor/importers): `body` is the sanitized HTML of the dump until
    # someone first edits it (then it becomes Markdown); attribution as CC BY-SA requires.
    body_is_html = models.BooleanField(default=False)
    source_site = models.CharField(max_length=100, blank=True)
    source_url = models.CharField(max_length=300, blank=True)
    source_author = models.CharField(max_length=100, blank=True)
    content_license = models.CharField(max_length=20, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        indexes = [
            # The lists' indexes lead with every flag of Post.objects.public(), so a page
            # walks its order and the paginator's count reads the index alone.
            models.Index(fields=[*_PUBLIC, "-created_at"], name="post_newest_idx"),
            # Search's newest-first order when a query names no post type.
            models.Index(fields=["-created_at"], name="post_created_idx"),
            models.Index(fields=[*_PUBLIC, "-last_activity_at"], name="post_active_idx"),
            # Scores tie often (most are 0): without the second key the Votes tab sorted
            # every question of the top score to show thirty.
            models.Index(fields=[*_PUBLIC, "-score", "-created_at"], name="post_votes_idx"),
            models.Index(
                fields=[*_PUBLIC, "is_answered", "-created_at"], name="post_unanswered_idx"
            ),
            models.Index(fields=["question", "is_deleted"], name="post_answers_idx"),
            # Search reads who may see each of up to 1,000 ranked ids (qa.search.visible_to);
            # from this index instead of each post's wide row (text and HTML): at a million
            # posts, 9 ms to 5 ms per search (docs/search.md, "Speed").
            models.Index(
                fields=[
                    "id",
                    "is_deleted",
                    "hidden_by_flags",
                    "held_for_review",
                    "question",
                    "author",
                ],
                name="post_visibility_idx",
            ),
            # Almost every post has no original. SQLite's sampled statistics then rate the
            # plain foreign-key index as matching a thousand rows, and the question page's
            # "duplicates of this one" walked every live question instead; a partial index
            # holds only real duplicates, so its statistics are right.
            models.Index(
                fields=["duplicate_of"],
                condition=models.Q(duplicate_of__isnull=False),
                name="post_duplicates_idx",
            ),
            # Who edited, deleted or closed a post: set on few posts, looked up only when
            # an account is deleted. Partial, so a new post adds nothing to them.
            *(
                models.Index(
                    fields=[name],
                    condition=models.Q(**{f"{name}__isnull": False}),
                    name=f"post_{name}_idx",
                )
                for name in ("last_editor", "deleted_by", "closed_by")
            ),
            models.Index(fields=["author", "post_type", "-created_at"], name="post_author_idx"),
            # Partial: most communities (and every import) leave most questions without
            # a category, and a category page asks for one.
            models.Index(
                fields=["category", "is_deleted", "-created_at"],
                condition=models.Q(category__isnull=False),
                name="post_category_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Answer {self.pk}"

    def get_absolute_url(self) -> str:
        if self.post_type == PostType.QUESTION:
            # The path of qa:question, written out: reverse() cost more than the rest of a
            # list row, and the slug is ASCII letters, digits and hyphens (slug_for).
            return f"/questions/{self.pk}/{self.slug}/"
        assert self.question is not None
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None and (
            self.locked_until is None or self.locked_until > timezone.now()
        )

    @property
    def is_protected(self) -> bool:
        return self.protected_at is not None and (
            self.protected_until is None or self.protected_until > timezone.now()
        )

    @property
    def is_public(self) -> bool:
        return not (self.is_deleted or self.hidden_by_flags or self.held_for_review)

    @property
    def is_question(self) -> bool:
        return self.post_type == PostType.QUESTION

    @property
    def slug(self) -> str:
        return slug_for(self.title, fallback="question")

    @property
    def tag_list(self) -> list[str]:
        return self.tag_names.split()

    @property
    def author_display(self) -> str:
        if self.author is not None:
            return self.author.name
        return self.author_name or "deleted user"


class PostTag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, db_index=False)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "tag"], name="posttag_unique")]
        indexes = [models.Index(fields=["tag", "post"], name="posttag_tag_idx")]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.tag_id}"


class Comment(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author_name = models.CharField(max_length=100, blank=True)
    body = models.TextField()
    body_html = models.TextField()
    score = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    # Set on imported comments (the source's ContentLicense).
    content_license = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["post", "is_deleted", "created_at"], name="comment_post_idx")
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.post_id}"

    @property
    def author_display(self) -> str:
        if self.author is not None:
            return self.author.name
        return self.author_name or "deleted user"


class VoteType(models.IntegerChoices):
    UP = 1, "up"
    DOWN = -1, "down"


class Vote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes", db_index=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes", db_index=False
    )
    value = models.SmallIntegerField(choices=VoteType.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="vote_one_per_user")]
        indexes = [models.Index(fields=["user", "post"], name="vote_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.value:+d} on {self.post_id}"


class Revision(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", db_index=False
    )
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    tag_names = models.CharField(max_length=200, blank=True)
    comment = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of {self.post_id}"


class DraftKind(models.TextChoices):
    QUESTION = "question", "question"
    ANSWER = "answer", "answer"


class Draft(models.Model):
    """Unsaved text kept on the server while someone types; restored on their next visit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    kind = models.CharField(max_length=10, choices=DraftKind.choices)
    # The question being answered; 0 for a new question.
    question_id = models.BigIntegerField(default=0)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    tags = models.CharField(max_length=300, blank=True)
    category_slug = models.CharField(max_length=50, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "question_id"], name="draft_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} draft of {self.user_id}"


class QuestionVisit(models.Model):
    """When a visitor's view of a question last counted (views count once a day each)."""

    question_id = models.BigIntegerField()
    visitor = models.CharField(max_length=40)
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question_id", "visitor"], name="visit_unique")
        ]
        indexes = [models.Index(fields=["counted_at"], name="visit_age_idx")]

    def __str__(self) -> str:
        return f"{self.visitor} on {self.question_id}"
