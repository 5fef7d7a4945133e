"""Filters: which fields a response carries. Stack Exchange's built-ins, its V1
compatibility filters (`_a`, `_b`…) and the opaque filters the known clients hard-code
are mapped to field sets; any other filter falls back to `default` (and is logged, so a
new client's filter can be mapped)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger("questor.seapi")


@dataclass(frozen=True)
class Filter:
    name: str
    # Non-default fields to add, as "type.field" ("question.body", "user.answer_count").
    include: frozenset[str] = frozenset()
    # Exact field lists per type (the llama-index /posts filter fails on any extra key).
    only: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # `total`: only the total; `none`: nothing at all.
    total_only: bool = False
    empty: bool = False

    def has(self, name: str) -> bool:
        return name in self.include

    def project(self, kind: str, item: dict[str, Any]) -> dict[str, Any]:
        keep = self.only.get(kind)
        if keep is None:
            return item
        return {key: item[key] for key in keep if key in item}


_BODIES = ("question.body", "answer.body", "comment.body")
_OWNER_FOR_POSTS = (
    "account_id", "reputation", "user_id", "user_type", "profile_image", "display_name", "link",
)  # fmt: skip


def _v1(code: str) -> Filter:
    """`_b`, `_a`, `_c` and their combinations: b = post bodies, a = a question's answers,
    c = comments (with their bodies) embedded in posts."""
    include: set[str] = set()
    if "b" in code:
        include |= {"question.body", "answer.body"}
    if "a" in code:
        include.add("question.answers")
    if "c" in code:
        include |= {"question.comments", "answer.comments", "comment.body"}
    return Filter(name=code, include=frozenset(include))


BUILT_IN: dict[str, Filter] = {
    "default": Filter(name="default"),
    "withbody": Filter(name="withbody", include=frozenset(_BODIES)),
    "none": Filter(name="none", empty=True),
    "total": Filter(name="total", total_only=True),
    **{code: _v1(code) for code in ("_b", "_ba", "_bc", "_bca", "_a", "_ac", "_c")},
    # StackAPI's constructor (/sites): the default site fields.
    "!*L1*AY-85YllAr2)": Filter(name="!*L1*AY-85YllAr2)"),
    # py-stackexchange users(): default plus the counts its User model reads.
    "!-*f(6q3e0kcP": Filter(
        name="!-*f(6q3e0kcP",
        include=frozenset({"user.answer_count", "user.question_count", "user.about_me"}),
    ),
    # py-stackexchange's lazy comments: default plus body and post_type.
    "!-*7AsUyrEan0": Filter(
        name="!-*7AsUyrEan0", include=frozenset({"comment.body", "comment.post_type"})
    ),
    # py-stackexchange info(site=True): the site object too.
    "!9YdnSFfpS": Filter(name="!9YdnSFfpS", include=frozenset({"info.site"})),
    # llama-index's StackoverflowReader (/posts): exactly these, nothing else.
    "!nOedRLbqzB": Filter(
        name="!nOedRLbqzB",
        include=frozenset({"post.body_markdown", "post.title"}),
        only={
            "post": (
                "post_id",
                "post_type",
                "body_markdown",
                "owner",
                "link",
                "score",
                "last_activity_date",
                "creation_date",
                "title",
                "last_edit_date",
            ),
            "shallow_user": _OWNER_FOR_POSTS,
        },
    ),  # fmt: skip
}


def resolve(name: str | None) -> Filter:
    if not name:
        return BUILT_IN["default"]
    found = BUILT_IN.get(name)
    if found is None:
        logger.info("Unknown Stack Exchange API filter %r: serving the default fields.", name)
        return BUILT_IN["default"]
    return found
