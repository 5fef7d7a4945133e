"""The permission matrix: every moderation action, through its page, for an anonymous
visitor, a new member, a privileged member, the post's author and a moderator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from questor.accounts.models import User
from questor.qa import actions
from questor.qa import moderation as qa_moderation
from questor.qa.models import Post
from questor.testing.factories import make_question, make_user

from .conftest import PRIVILEGED_REPUTATION, make_moderator

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "new", "privileged", "author", "moderator"]


def _fresh(post: Post) -> Post:
    return Post.objects.get(pk=post.pk)


class World:
    def __init__(self) -> None:
        self.author = make_user(username="the_author")
        self.new = make_user(username="newbie")
        self.privileged = make_user(username="veteran", reputation=PRIVILEGED_REPUTATION)
        self.moderator = make_moderator(username="the_mod")
        self.victim = make_user(username="someone_else")
        self.question = make_question(author=self.author)

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "new": self.new,
            "privileged": self.privileged,
            "author": self.author,
            "moderator": self.moderator,
        }[role]


# Each action: how to set it up, the request, and whether it took effect.
def _closed(world: World) -> None:
    qa_moderation.close_question(
        user=world.moderator, question=world.question, reason="needs-focus"
    )


def _deleted(world: World) -> None:
    actions.delete_post(user=world.author, post=world.question)


ACTIONS: dict[str, dict[str, Any]] = {
    "flag": {
        "url": lambda w: f"/posts/{w.question.pk}/flag/",
        "data": {"kind": "spam"},
        "done": lambda w: w.question.flags.exists(),
    },
    "close": {
        "url": lambda w: f"/posts/{w.question.pk}/close/",
        "data": {"reason": "needs-focus"},
        # A privileged member's vote counts; a moderator's closes.
        "done": lambda w: _fresh(w.question).is_closed or w.question.moderation_votes.exists(),
    },
    "reopen": {
        "setup": _closed,
        "url": lambda w: f"/posts/{w.question.pk}/reopen/",
        "data": {},
        "done": lambda w: (
            not _fresh(w.question).is_closed
            or w.question.moderation_votes.filter(kind="reopen").exists()
        ),
    },
    "delete": {
        "url": lambda w: f"/posts/{w.question.pk}/delete/",
        "data": {},
        "done": lambda w: _fresh(w.question).is_deleted,
    },
    "undelete": {
        "setup": _deleted,
        "url": lambda w: f"/posts/{w.question.pk}/undelete/",
        "data": {},
        "done": lambda w: not _fresh(w.question).is_deleted,
    },
    "lock": {
        "url": lambda w: f"/posts/{w.question.pk}/lock/",
        "data": {"reason": "Edit war", "days": "1"},
        "done": lambda w: _fresh(w.question).is_locked,
    },
    "protect": {
        "url": lambda w: f"/posts/{w.question.pk}/protect/",
        "data": {"reason": "Spam answers", "days": ""},
        "done": lambda w: _fresh(w.question).is_protected,
    },
    "suspend": {
        "url": lambda w: f"/moderation/users/{w.victim.pk}/suspend/",
        "data": {"reason": "Serial voting", "days": "7"},
        "done": lambda w: User.objects.get(pk=w.victim.pk).is_suspended,
    },
}

# What each role gets: ok, refused (403), hidden (404), login (sent to log in).
EXPECTED: dict[str, dict[str, str]] = {
    "flag": {"anonymous": "login", "new": "ok", "privileged": "ok", "author": "refused",
             "moderator": "ok"},
    "close": {"anonymous": "login", "new": "refused", "privileged": "ok", "author": "refused",
              "moderator": "ok"},
    "reopen": {"anonymous": "login", "new": "refused", "privileged": "ok", "author": "refused",
               "moderator": "ok"},
    "delete": {"anonymous": "login", "new": "refused", "privileged": "refused", "author": "ok",
               "moderator": "ok"},
    "undelete": {"anonymous": "login", "new": "hidden", "privileged": "hidden",
                 "author": "refused", "moderator": "ok"},
    "lock": {"anonymous": "login", "new": "refused", "privileged": "refused",
             "author": "refused", "moderator": "ok"},
    "protect": {"anonymous": "login", "new": "refused", "privileged": "refused",
                "author": "refused", "moderator": "ok"},
    "suspend": {"anonymous": "login", "new": "refused", "privileged": "refused",
                "author": "refused", "moderator": "ok"},
}  # fmt: skip

CASES = [(action, role) for action in ACTIONS for role in ROLES]


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_moderation_actions_through_the_pages(client: Any, action: str, role: str) -> None:
    world = World()
    spec = ACTIONS[action]
    setup: Callable[[World], None] | None = spec.get("setup")
    if setup:
        setup(world)
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = spec["url"](world)
    expected = EXPECTED[action][role]

    shown = client.get(url)
    response = client.post(url, spec["data"])

    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert shown.status_code == 302
    elif expected == "refused":
        assert response.status_code == 403, response.content.decode()[:500]
        assert shown.status_code == 403
    elif expected == "hidden":
        assert response.status_code == 404
    else:
        assert shown.status_code == 200
        assert response.status_code == 302, response.content.decode()[:800]
    assert bool(spec["done"](world)) == (expected == "ok")


PAGES = {
    "/moderation/": {"anonymous": "login", "new": 403, "privileged": 403, "author": 403,
                     "moderator": 200},
    "/moderation/log/": {"anonymous": "login", "new": 403, "privileged": 403, "author": 403,
                         "moderator": 200},
    "/review/": {"anonymous": "login", "new": 403, "privileged": 200, "author": 403,
                 "moderator": 200},
    "/review/first-posts/": {"anonymous": "login", "new": 403, "privileged": 200, "author": 403,
                             "moderator": 200},
    "/moderation/my-flags/": {"anonymous": "login", "new": 200, "privileged": 200, "author": 200,
                              "moderator": 200},
}  # fmt: skip
PAGE_CASES = [(url, role) for url in PAGES for role in ROLES]


@pytest.mark.parametrize(("url", "role"), PAGE_CASES, ids=[f"{u}-{r}" for u, r in PAGE_CASES])
def test_moderation_pages(client: Any, url: str, role: str) -> None:
    world = World()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    expected = PAGES[url][role]
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


def test_a_suspended_moderator_tool_refusal_says_why(client: Any) -> None:
    world = World()
    client.force_login(world.new)
    response = client.post(f"/posts/{world.question.pk}/close/", {"reason": "needs-focus"})
    assert (
        "You need 500 reputation to vote to close or reopen questions" in response.content.decode()
    )


def test_the_question_page_shows_each_role_only_its_controls(client: Any) -> None:
    world = World()
    url = world.question.get_absolute_url()

    def controls(user: User | None) -> set[str]:
        client.logout()
        if user is not None:
            client.force_login(user)
        html = client.get(url).content.decode()
        names = {"Flag", "Close", "Reopen", "Delete", "Undelete", "Lock", "Protect"}
        return {name for name in names if f">{name}</" in html}

    assert controls(None) == set()
    assert controls(world.new) == {"Flag"}
    assert controls(world.privileged) == {"Flag", "Close"}
    assert controls(world.author) == {"Delete"}
    assert controls(world.moderator) == {"Flag", "Close", "Delete", "Lock", "Protect"}
    assert world.question.closed_at is None and timezone.now()
