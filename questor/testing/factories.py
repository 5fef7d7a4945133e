"""Test data built through the real actions, so tests exercise production paths."""

from __future__ import annotations

import itertools

from questor.accounts.models import User
from questor.qa import actions
from questor.qa.models import Category, Comment, Post, Tag
from questor.qa.reputation import adjust

DEFAULT_PASSWORD = "correct horse battery staple"  # noqa: S105 - test accounts only
_counter = itertools.count(1)


def make_user(
    *,
    username: str | None = None,
    password: str = DEFAULT_PASSWORD,
    email: str | None = None,
    verified: bool = True,
    is_staff: bool = False,
    reputation: int = 1,
) -> User:
    username = username or f"member{next(_counter)}"
    user = User(
        username=username,
        email=email if email is not None else f"{username}@example.com",
        email_verified=verified,
        is_staff=is_staff,
        reputation=reputation,
    )
    user.set_password(password)
    user.save()
    if reputation != 1:
        # Backed by the ledger, so the first real event does not reset it.
        adjust(user_id=user.pk, points=reputation - 1)
        user.reputation = reputation
    return user


def make_category(*, slug: str = "leadership", name: str | None = None) -> Category:
    category, _ = Category.objects.get_or_create(slug=slug, defaults={"name": name or slug.title()})
    return category


def make_tags(*names: str) -> list[Tag]:
    return [Tag.objects.get_or_create(name=name)[0] for name in names]


def make_question(
    *,
    author: User | None = None,
    title: str | None = None,
    body: str | None = None,
    tags: list[str] | None = None,
    category: Category | None = None,
) -> Post:
    number = next(_counter)
    tags = tags or ["one-on-ones"]
    # The community already has these tags; creating new ones is a privilege tested apart.
    make_tags(*tags)
    return actions.ask_question(
        author=author or make_user(),
        title=title or f"How do I run better one-on-ones, attempt {number}?",
        body=body or "I have six reports and our one-on-ones feel like status meetings. " * 2,
        tag_names=tags,
        category=category or make_category(),
    )


def make_answer(*, question: Post, author: User | None = None, body: str | None = None) -> Post:
    return actions.post_answer(
        author=author or make_user(),
        question=question,
        body=body or "Ask them what they want to talk about first, and keep a shared agenda.",
    )


def make_comment(*, post: Post, author: User | None = None, body: str | None = None) -> Comment:
    return actions.add_comment(
        author=author or make_user(), post=post, body=body or "Could you say more about this?"
    )
