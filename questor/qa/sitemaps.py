from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from questor.qa.models import Post, PostType


class QuestionSitemap(Sitemap[Post]):
    changefreq = "daily"
    limit = 10_000

    def items(self) -> QuerySet[Post]:
        return (
            Post.objects.public()
            .filter(post_type=PostType.QUESTION)
            .only("id", "title", "last_activity_at", "post_type")
            .order_by("-id")
        )

    def lastmod(self, item: Post) -> datetime:
        return item.last_activity_at
