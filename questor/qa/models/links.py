"""Links between posts, and where imported content came from."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from questor.qa.models.posts import Post


class PostLinkType(models.IntegerChoices):
    # Stack Exchange's LinkTypeId, so dumps map one to one.
    LINKED = 1, "linked"
    DUPLICATE = 3, "duplicate"


class PostLink(models.Model):
    """`post` links to `related` (for a duplicate: `post` duplicates `related`)."""

    # Both lead an index (the unique constraint, Meta.indexes): no index of their own.
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="links", db_index=False)
    related = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="linked_from", db_index=False
    )
    link_type = models.PositiveSmallIntegerField(choices=PostLinkType.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "related", "link_type"], name="postlink_unique")
        ]
        indexes = [models.Index(fields=["related", "link_type"], name="postlink_related_idx")]

    def __str__(self) -> str:
        return f"{self.post_id} {self.get_link_type_display()} {self.related_id}"


class IdMap(models.Model):
    """An id an imported row had on its source site, when the import gave it another
    (`import-stackexchange --remap-ids`); old links are redirected through it."""

    source_site = models.CharField(max_length=100)
    kind = models.CharField(max_length=10)  # "post", "user", "comment"
    old_id = models.BigIntegerField()
    new_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_site", "kind", "old_id"], name="idmap_unique")
        ]
        indexes = [models.Index(fields=["kind", "old_id"], name="idmap_old_idx")]

    def __str__(self) -> str:
        return f"{self.source_site} {self.kind} {self.old_id} -> {self.new_id}"
