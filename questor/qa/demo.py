"""Load the demo community (questor/qa/demo_content.py) through the real actions."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from questor.accounts.models import User
from questor.lib import ratelimit
from questor.qa import actions
from questor.qa.badge_rules import award_earned_badges
from questor.qa.models import Category, Comment, Post, Revision, Tag
from questor.qa.rules import clean_body, clean_comment, clean_title, parse_tags


def demo_needed() -> bool:
    """The demo goes only into a community with no questions at all."""
    return not Post.objects.exists()


@ratelimit.suspended()  # the demo writes as fast as a script: no limits for people
@transaction.atomic
def load_demo() -> dict[str, str]:
    """Create the demo users, categories and posts; returns {username: password}."""
    from questor.qa.demo_content import CATEGORIES, QUESTIONS, USERS

    passwords: dict[str, str] = {}
    users: dict[str, User] = {}
    for index, spec in enumerate(USERS):
        password = secrets.token_urlsafe(12)
        user = User(
            username=spec["username"],
            email=f"{spec['username'].replace('.', '-')}@demo.invalid",
            display_name=spec.get("display_name", ""),
            email_verified=True,
            date_joined=timezone.now() - timedelta(days=420 - index * 7),
        )
        user.set_password(password)
        user.save()
        actions_profile(user, spec.get("about", ""))
        users[user.username] = user
        passwords[user.username] = password

    for position, spec in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "position": position,
            },
        )

    # The site's tags exist before its members arrive (creating tags is a privilege).
    for spec in QUESTIONS:
        for name in spec["tags"]:
            Tag.objects.get_or_create(name=name)
    now = timezone.now()
    downvotes: list[tuple[Post, User]] = []
    for spec in QUESTIONS:
        downvotes += _load_question(spec, users, now)
    # Voting down needs reputation, which members earn from the votes above.
    for post, voter in downvotes:
        voter.refresh_from_db(fields=["reputation"])  # earned during this load
        actions.cast_vote(user=voter, post=post, value=-1)
    # View counts were set directly, so award what they earn here, not in the worker.
    award_earned_badges([user.pk for user in users.values()])
    return passwords


def actions_profile(user: User, about: str) -> None:
    from questor.accounts.actions import update_profile

    update_profile(user=user, display_name=user.display_name, about=about)


def _load_question(
    spec: dict[str, Any], users: dict[str, User], now: Any
) -> list[tuple[Post, User]]:
    """Ask, answer, comment, upvote and accept; returns the downvotes still to cast."""
    asked_at = now - timedelta(days=spec["days_ago"], hours=3)
    question = actions.ask_question(
        author=users[spec["author"]],
        title=clean_title(spec["title"]),
        body=clean_body(spec["body"]),
        tag_names=parse_tags(" ".join(spec["tags"])),
        category=Category.objects.get(slug=spec["category"]),
    )
    _backdate(question, asked_at)
    downvotes = _upvotes(question, spec.get("votes", {}), users)
    _comments(question, spec.get("comments", []), users, asked_at)
    latest = asked_at
    for offset, answer_spec in enumerate(spec.get("answers", []), start=1):
        answered_at = asked_at + timedelta(hours=5 * offset + offset**2)
        answer = actions.post_answer(
            author=users[answer_spec["author"]],
            question=question,
            body=clean_body(answer_spec["body"], what="An answer"),
        )
        _backdate(answer, answered_at)
        downvotes += _upvotes(answer, answer_spec.get("votes", {}), users)
        _comments(answer, answer_spec.get("comments", []), users, answered_at)
        if answer_spec.get("accepted"):
            assert question.author is not None
            actions.accept_answer(user=question.author, answer=answer)
        latest = max(latest, answered_at)
    Post.objects.filter(pk=question.pk).update(
        view_count=spec.get("views", 0), last_activity_at=latest
    )
    return downvotes


def _backdate(post: Post, when: Any) -> None:
    Post.objects.filter(pk=post.pk).update(created_at=when, last_activity_at=when)
    Revision.objects.filter(post=post).update(created_at=when)


def _upvotes(
    post: Post, votes: dict[str, list[str]], users: dict[str, User]
) -> list[tuple[Post, User]]:
    for username in votes.get("up", []):
        actions.cast_vote(user=users[username], post=post, value=1)
    return [(post, users[username]) for username in votes.get("down", [])]


def _comments(
    post: Post, comments: list[dict[str, str]], users: dict[str, User], after: Any
) -> None:
    for index, spec in enumerate(comments, start=1):
        comment = actions.add_comment(
            author=users[spec["author"]], post=post, body=clean_comment(spec["body"])
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=after + timedelta(hours=index * 2))
