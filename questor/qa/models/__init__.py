"""The qa app's tables, one module per subject; import them from here."""

from __future__ import annotations

from questor.qa.models.badges import Award, Badge, BadgeTier, PendingBadgeCheck
from questor.qa.models.links import IdMap, PostLink, PostLinkType
from questor.qa.models.posts import (
    Category,
    CloseReason,
    Comment,
    Draft,
    DraftKind,
    Post,
    PostTag,
    PostType,
    QuestionVisit,
    Revision,
    Tag,
    Vote,
    VoteType,
)
from questor.qa.models.reputation import (
    Privilege,
    ReputationEvent,
    ReputationKind,
    SuggestedEdit,
    SuggestedEditStatus,
)

__all__ = [
    "Award",
    "Badge",
    "BadgeTier",
    "Category",
    "CloseReason",
    "Comment",
    "Draft",
    "DraftKind",
    "IdMap",
    "PendingBadgeCheck",
    "Post",
    "PostLink",
    "PostLinkType",
    "PostTag",
    "PostType",
    "Privilege",
    "QuestionVisit",
    "ReputationEvent",
    "ReputationKind",
    "Revision",
    "SuggestedEdit",
    "SuggestedEditStatus",
    "Tag",
    "Vote",
    "VoteType",
]
