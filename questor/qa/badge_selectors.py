"""Reads for the badge pages and a member's badges, each a fixed number of queries
however many awards there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, QuerySet
from django.db.models.expressions import RawSQL

from questor.accounts.models import User
from questor.qa.models import Award, Badge, BadgeTier
from questor.qa.permissions import AnyUser

# Members shown under each badge on /badges/, newest first.
RECENT_PER_BADGE = 3
TIER_CSS = {BadgeTier.GOLD: "gold", BadgeTier.SILVER: "silver", BadgeTier.BRONZE: "bronze"}


@dataclass
class BadgeEntry:
    badge: Badge
    earned_by_viewer: bool = False
    recent: list[Award] = field(default_factory=list)

    @property
    def tier_css(self) -> str:
        return TIER_CSS[BadgeTier(self.badge.tier)]


@dataclass
class TierGroup:
    tier: BadgeTier
    entries: list[BadgeEntry]

    @property
    def label(self) -> str:
        return str(self.tier.label).capitalize()

    @property
    def css(self) -> str:
        return TIER_CSS[self.tier]


def badge_index(viewer: AnyUser) -> list[TierGroup]:
    """Every badge by tier (gold first), with its latest earners and whether the viewer
    has it: two queries, three when signed in."""
    badges = list(Badge.objects.order_by("tier", "name"))
    entries = {badge.pk: BadgeEntry(badge) for badge in badges}
    if viewer.is_authenticated:
        mine = Award.objects.filter(user_id=viewer.pk).order_by().values_list("badge_id")
        for (badge_id,) in mine.distinct():
            if badge_id in entries:
                entries[badge_id].earned_by_viewer = True
    for award in _latest_awards([badge.pk for badge in badges], RECENT_PER_BADGE):
        if award.badge_id in entries:
            entries[award.badge_id].recent.append(award)
    groups = []
    for tier in sorted(BadgeTier, key=int):
        members = [entry for entry in entries.values() if entry.badge.tier == tier]
        if members:
            groups.append(TierGroup(tier=tier, entries=members))
    return groups


# What a list of a badge's earners shows of each award.
_EARNER_FIELDS = (
    "id", "badge_id", "awarded_at",
    "user__id", "user__username", "user__display_name", "user__is_active",
)  # fmt: skip
# SQLite takes at most 500 terms in one compound SELECT.
_BADGES_PER_QUERY = 400


def _latest_awards(badge_ids: list[int], per_badge: int) -> list[Award]:
    """The newest `per_badge` awards of each badge: a short walk of award_badge_idx per
    badge, one query per 400 badges. (Numbering every award with a window function read
    and sorted them all: half a second at 113,000 awards.)"""
    award = Award._meta.db_table
    found: list[Award] = []
    for start in range(0, len(badge_ids), _BADGES_PER_QUERY):
        chunk = badge_ids[start : start + _BADGES_PER_QUERY]
        newest = " UNION ALL ".join(
            f"SELECT * FROM (SELECT id FROM {award} WHERE badge_id = %s "  # noqa: S608
            f"ORDER BY awarded_at DESC, id DESC LIMIT {int(per_badge)}) AS newest_{number}"
            for number in range(len(chunk))
        )
        found += (
            Award.objects.filter(id__in=RawSQL(newest, chunk))  # noqa: S611 - ids as parameters
            .select_related("user")
            .only(*_EARNER_FIELDS)
            .order_by("badge_id", "-awarded_at", "-id")
        )
    return found


def badge_awards(badge: Badge) -> QuerySet[Award]:
    """Who earned a badge, newest first, with the post for per-post badges (one query
    per page, plus the paginator's count)."""
    return (
        Award.objects.filter(badge=badge)
        .select_related("user", "post", "post__question")
        .only(
            *_EARNER_FIELDS,
            "user__reputation",
            "post__id",
            "post__post_type",
            "post__title",
            "post__is_deleted",
            "post__question__id",
            "post__question__post_type",
            "post__question__title",
            "post__question__is_deleted",
        )
        .order_by("-awarded_at", "-id")
    )


@dataclass(frozen=True)
class UserBadge:
    slug: str
    name: str
    description: str
    tier: int
    per_post: bool
    # Times earned (more than once only for per-post badges).
    count: int
    last_awarded_at: datetime.datetime

    @property
    def tier_css(self) -> str:
        return TIER_CSS[BadgeTier(self.tier)]

    @property
    def tier_label(self) -> str:
        return str(BadgeTier(self.tier).label)

    def get_absolute_url(self) -> str:
        return f"/badges/{self.slug}/"


class UserBadges(list[UserBadge]):
    """A member's badges (gold first), with award counts per tier for the summary."""

    def _awards_in(self, tier: BadgeTier) -> int:
        return sum(badge.count for badge in self if badge.tier == tier)

    @property
    def gold(self) -> int:
        return self._awards_in(BadgeTier.GOLD)

    @property
    def silver(self) -> int:
        return self._awards_in(BadgeTier.SILVER)

    @property
    def bronze(self) -> int:
        return self._awards_in(BadgeTier.BRONZE)

    @property
    def total(self) -> int:
        return sum(badge.count for badge in self)


def badges_for_user(user: User | int) -> UserBadges:
    """The badges a member has earned, one row per badge: one query."""
    user_id = user if isinstance(user, int) else user.pk
    rows = (
        Award.objects.filter(user_id=user_id)
        .order_by()
        .values(
            "badge__slug",
            "badge__name",
            "badge__description",
            "badge__tier",
            "badge__per_post",
        )
        .annotate(count=Count("id"), last=Max("awarded_at"))
        .order_by("badge__tier", "badge__name")
    )
    return UserBadges(
        UserBadge(
            slug=row["badge__slug"],
            name=row["badge__name"],
            description=row["badge__description"],
            tier=row["badge__tier"],
            per_post=row["badge__per_post"],
            count=row["count"],
            last_awarded_at=row["last"],
        )
        for row in rows
    )
