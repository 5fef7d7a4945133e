"""Rate limits on every write: each limit, its message, its expiry, for pages and htmx."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from questor.lib import ratelimit
from questor.qa import limits
from questor.qa.models import Comment, Post, Vote
from questor.testing.factories import (
    DEFAULT_PASSWORD,
    make_answer,
    make_category,
    make_question,
    make_tags,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.rate_limits]

HTMX = {"HX-Request": "true"}
PARKING = "Keep a parking lot for topics that need a separate meeting, and end on time."
BODY = "Our weekly planning meeting overruns by an hour. How do I keep it to thirty minutes?"


class Clock:
    def __init__(self) -> None:
        self.value = 2_000_000.0

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    clock = Clock()
    monkeypatch.setattr(ratelimit, "now", clock)
    return clock


def _ask(client: Any, number: int, body: str = BODY) -> Any:
    make_category(slug="teams")
    make_tags("meetings")
    return client.post(
        "/questions/ask/",
        {
            "title": f"Keeping planning meeting number {number} short",
            "body": body,
            "tags": "meetings",
            "category": "teams",
            "post_anyway": "1",
        },
    )


# Questions ----------------------------------------------------------------------------


def test_new_members_wait_two_minutes_between_questions(client, clock):
    client.force_login(make_user())
    assert _ask(client, 1).status_code == 302
    clock.advance(25)
    response = _ask(client, 2)
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "95"
    assert (
        "New members can ask a question once every 2 minutes. Please wait 1 minute 35 seconds "
        "before asking another question. The limit relaxes as your reputation grows."
    ) in page
    # What was typed is still in the form.
    assert "Keeping planning meeting number 2 short" in page and "thirty minutes" in page
    assert Post.objects.filter(title__contains="number 2").count() == 0
    clock.advance(95)  # two minutes after the first question
    assert _ask(client, 2).status_code == 302


def test_the_limit_relaxes_as_reputation_rises_and_moderators_are_exempt(client, clock):
    regular = make_user(reputation=200)
    client.force_login(regular)
    assert _ask(client, 1).status_code == 302
    response = _ask(client, 2)
    assert response.status_code == 429
    assert "Members with 200 reputation can ask a question once a minute" in (
        response.content.decode()
    )
    client.force_login(make_user(reputation=1000))
    assert [_ask(client, n).status_code for n in range(3, 9)] == [302] * 6
    assert _ask(client, 9).status_code == 429
    client.force_login(make_user(is_staff=True))
    assert [_ask(client, n).status_code for n in range(10, 20)] == [302] * 10


def test_one_address_is_limited_across_accounts(client, clock, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ask": {"per_user": {}, "per_ip": "2/1h"}}
    for number in (1, 2):
        client.force_login(make_user())
        assert _ask(client, number).status_code == 302
    client.force_login(make_user())
    response = _ask(client, 3)
    assert response.status_code == 429
    assert "Too many attempts from your network address" in response.content.decode()
    assert response["Retry-After"] == "1800"


def test_limits_can_be_switched_off_for_load_tests(client, clock, settings):
    settings.RATE_LIMITS_ENABLED = False
    client.force_login(make_user())
    assert [_ask(client, n).status_code for n in range(5)] == [302] * 5


# Answers, comments, votes, edits ------------------------------------------------------


def test_answers_thirty_seconds_apart_for_pages_and_htmx(client, clock):
    first, second = make_question(), make_question()
    client.force_login(make_user())
    assert client.post(f"/questions/{first.pk}/answer/", {"body": BODY}).status_code == 302
    clock.advance(10)
    response = client.post(f"/questions/{second.pk}/answer/", {"body": PARKING})
    assert response.status_code == 429 and response["Retry-After"] == "20"
    page = response.content.decode()
    assert "New members can post an answer once every 30 seconds. Please wait 20 seconds" in page
    assert PARKING in page  # the form keeps it
    response = client.post(f"/questions/{second.pk}/answer/", {"body": PARKING}, headers=HTMX)
    assert response.status_code == 429 and response["Retry-After"] == "20"
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("New members can post an answer")
    clock.advance(20)
    assert client.post(f"/questions/{second.pk}/answer/", {"body": PARKING}).status_code == 302


def test_comments_fifteen_seconds_apart(client, clock):
    question = make_question()
    client.force_login(question.author)
    url = f"/posts/{question.pk}/comments/"
    assert client.post(url, {"body": "First, some context."}, headers=HTMX).status_code == 200
    response = client.post(url, {"body": "And another thought."}, headers=HTMX)
    assert response.status_code == 429 and response["Retry-After"] == "15"
    assert "can comment once every 15 seconds" in response.content.decode()
    plain = client.post(url, {"body": "And another thought."})
    assert plain.status_code == 429
    assert "And another thought." in plain.content.decode()
    clock.advance(15)
    assert client.post(url, {"body": "And another thought."}, headers=HTMX).status_code == 200
    assert Comment.objects.filter(post=question).count() == 2


def test_votes_ten_a_minute(client, clock):
    posts = [make_question() for _ in range(11)]
    client.force_login(make_user())
    for post in posts[:10]:
        response = client.post(f"/posts/{post.pk}/vote/", {"direction": "up"}, headers=HTMX)
        assert response.status_code == 200
    response = client.post(f"/posts/{posts[10].pk}/vote/", {"direction": "up"}, headers=HTMX)
    assert response.status_code == 429 and response["Retry-After"] == "6"
    assert "New members can vote 10 times a minute. Please wait 6 seconds before voting again" in (
        response.content.decode()
    )
    plain = client.post(f"/posts/{posts[10].pk}/vote/", {"direction": "up"})
    assert plain.status_code == 429 and "Please slow down" in plain.content.decode()
    clock.advance(6)
    assert client.post(f"/posts/{posts[10].pk}/vote/", {"direction": "up"}).status_code == 302
    assert Vote.objects.count() == 11


def test_edits_three_in_five_minutes(client, clock):
    answer = make_answer(question=make_question())
    client.force_login(answer.author)
    for number in range(1, 4):
        response = client.post(
            f"/posts/{answer.pk}/edit/",
            {
                "body": f"Edited text of this answer, take number {number}, with enough words.",
                "base_revision": number,
            },
        )
        assert response.status_code == 302
    response = client.post(
        f"/posts/{answer.pk}/edit/",
        {
            "body": "Edited text of this answer, take number 4, with enough words.",
            "base_revision": 4,
        },
    )
    assert response.status_code == 429 and response["Retry-After"] == "100"
    page = response.content.decode()
    assert "can edit posts 3 times in 5 minutes. Please wait 1 minute 40 seconds" in page
    assert "Edited text of this answer, take number 4, with enough words." in page


def test_flags_are_limited_through_the_same_policy(clock):
    flagger = make_user()
    for _ in range(3):
        limits.enforce(user=flagger, action="flag")
    with pytest.raises(limits.RateLimited, match="New members can flag posts 3 times a minute"):
        limits.enforce(user=flagger, action="flag")


# Links --------------------------------------------------------------------------------


def test_new_members_may_post_two_links(client, clock):
    question = make_question()
    body = "See https://a.example/1, https://b.example/2 and www.c.example for more."
    client.force_login(make_user())
    response = client.post(f"/questions/{question.pk}/answer/", {"body": body})
    assert response.status_code == 400
    assert "At your reputation (1) a post may include at most 2 links; this one has 3." in (
        response.content.decode()
    )
    assert "Members with 50 reputation may post more." in response.content.decode()
    client.force_login(make_user(reputation=50))
    assert client.post(f"/questions/{question.pk}/answer/", {"body": body}).status_code == 302
    with pytest.raises(PermissionDenied):
        limits.check_links(user=make_user(), text=body)
    assert limits.count_links("[x](https://a.example) https://a.example www.b.example") == 2


# Sign-up and log-in -------------------------------------------------------------------


def _sign_up(client: Any, number: int) -> Any:
    return client.post(
        "/accounts/signup/",
        {
            "username": f"newcomer{number}",
            "email": f"newcomer{number}@example.com",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )


def test_three_sign_ups_an_hour_from_one_address(client, clock):
    for number in range(3):
        assert _sign_up(client, number).status_code == 302
        client.logout()
    response = _sign_up(client, 3)
    assert response.status_code == 429 and response["Retry-After"] == "1200"
    page = response.content.decode()
    assert (
        "Too many new accounts from your network address (at most 3 times an hour). "
        "Please wait 20 minutes before creating another account."
    ) in page
    assert 'value="newcomer3"' in page and 'value="newcomer3@example.com"' in page
    clock.advance(1200)
    assert _sign_up(client, 3).status_code == 302


def test_twenty_log_in_attempts_in_five_minutes_from_one_address(client, clock):
    user = make_user()
    for _ in range(20):  # successes count too: the limit is on attempts
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        client.logout()
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429 and response["Retry-After"] == "15"
    assert "Too many log-in attempts from your network address" in response.content.decode()
    clock.advance(15)
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
