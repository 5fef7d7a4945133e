"""Rate limits and the held-post queue in a real browser, as members and moderators see them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from questor.lib import ratelimit
from questor.qa.models import Post
from questor.testing.factories import (
    DEFAULT_PASSWORD,
    make_category,
    make_question,
    make_tags,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPAM_BODY = (
    "Looking for the best SEO services at a cheap price? Our agency gets your website to page "
    "one in 30 days, 100% guaranteed. Contact us today at https://rankfast.example.com "
    "for a free audit!"
)


class Clock:
    def __init__(self) -> None:
        self.value = 3_000_000.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    """The limiter's clock, shared with the live server (a thread of this process)."""
    clock = Clock()
    monkeypatch.setattr(ratelimit, "now", clock)
    return clock


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def ask(page: Page, title: str, body: str) -> None:
    page.goto("/questions/ask/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Body").fill(body)
    page.get_by_label("Tags").fill("meetings")
    page.get_by_label("Category").select_option(label="Teams")
    page.get_by_role("button", name="Post your question").click()


@pytest.mark.rate_limits
def test_a_second_question_too_soon_says_how_long_to_wait_and_keeps_the_form(
    page: Page, clock: Clock
):
    make_category(slug="teams")
    make_tags("meetings")
    member = make_user()
    log_in(page, member.username)
    ask(page, "How do I end planning meetings on time?", "Ours overrun every week. " * 3)
    expect(
        page.get_by_role("heading", name="How do I end planning meetings on time?")
    ).to_be_visible()

    clock.value += 40
    title, body = "Who should chair our retrospectives?", "We rotate, and it is chaotic. " * 3
    ask(page, title, body)
    expect(page.get_by_role("alert")).to_contain_text(
        "New members can ask a question once every 2 minutes. Please wait 1 minute 20 seconds "
        "before asking another question."
    )
    expect(page.get_by_label("Title")).to_have_value(title)
    expect(page.get_by_label("Body")).to_have_value(re.compile(r"We rotate, and it is chaotic\."))

    clock.value += 80  # the two minutes are over
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


@pytest.mark.rate_limits
def test_htmx_comments_and_votes_too_fast_say_why_and_keep_the_text(page: Page, clock: Clock):
    questions = [make_question() for _ in range(11)]
    member = make_user()
    own = make_question(author=member)
    log_in(page, member.username)
    page.goto(own.get_absolute_url())
    page.locator(f"#question-{own.pk}").get_by_text("Add a comment").click()
    box = page.locator(f"#comment-form-{own.pk} textarea")
    box.fill("A first comment with some context.")
    page.locator(f"#comment-form-{own.pk}").get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("A first comment with some context.")).to_be_visible()
    box = page.locator(f"#comment-form-{own.pk} textarea")
    box.fill("A second thought, typed too soon.")
    with page.expect_response(lambda r: r.status == 429) as caught:
        page.locator(f"#comment-form-{own.pk}").get_by_role("button", name="Add comment").click()
    assert caught.value.headers["retry-after"] == "15"
    expect(page.get_by_role("alert")).to_contain_text(
        "New members can comment once every 15 seconds. Please wait 15 seconds"
    )
    expect(box).to_have_value("A second thought, typed too soon.")

    for question in questions[:10]:
        page.goto(question.get_absolute_url())
        with page.expect_response(lambda r: "/vote/" in r.url and r.status == 200):
            page.locator(f"#vote-{question.pk}").get_by_role("button", name="Upvote").click()
    page.goto(questions[10].get_absolute_url())
    page.locator(f"#vote-{questions[10].pk}").get_by_role("button", name="Upvote").click()
    expect(page.get_by_role("alert")).to_contain_text("New members can vote 10 times a minute.")
    clock.value += 6
    page.locator(f"#vote-{questions[10].pk}").get_by_role("button", name="Upvote").click()
    expect(page.locator(f"#vote-{questions[10].pk} .score")).to_have_text("1")


@pytest.mark.spam_check
def test_the_author_sees_pending_review_and_a_moderator_approves(page: Page, new_page: Any):
    make_category(slug="teams")
    make_tags("meetings")
    author = make_user()
    log_in(page, author.username)
    ask(page, "Cheap SEO services for meeting organisers", SPAM_BODY)
    expect(page.get_by_text("Pending review.")).to_be_visible()
    expect(page.get_by_text("Only you and moderators can see it")).to_be_visible()
    question = Post.objects.get(title="Cheap SEO services for meeting organisers")
    assert question.held_for_review

    moderator = new_page()
    log_in(moderator, make_user(is_staff=True).username)
    moderator.goto("/moderation/held/")
    entry = moderator.locator(f"#held-{question.pk}")
    expect(
        entry.get_by_role("link", name="Cheap SEO services for meeting organisers")
    ).to_be_visible()
    expect(entry.locator(".held-reasons")).to_contain_text("promotion")
    entry.get_by_role("button", name="Approve: not spam").click()
    expect(moderator.get_by_role("status")).to_contain_text("is published")
    expect(moderator.locator(f"#held-{question.pk}")).to_have_count(0)

    visitor = new_page()
    visitor.goto("/")
    expect(
        visitor.get_by_role("link", name="Cheap SEO services for meeting organisers")
    ).to_be_visible()


@pytest.mark.spam_check
def test_a_moderator_rejects_a_held_post_as_spam(page: Page, new_page: Any):
    author = make_user(reputation=150)
    question = make_question(
        author=author, title="Cheap SEO services for your team", body=SPAM_BODY
    )
    assert question.held_for_review
    log_in(page, make_user(is_staff=True).username)
    page.goto("/moderation/held/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"#held-{question.pk}").get_by_role("button", name="Reject as spam").click()
    expect(page.get_by_role("status")).to_contain_text(
        "is deleted as spam; its author lost 100 reputation"
    )
    expect(page.get_by_text("Nothing is held for review.")).to_be_visible()
    question.refresh_from_db()
    author.refresh_from_db()
    assert question.is_deleted and author.reputation == 50

    other = new_page()
    response = other.goto(question.get_absolute_url())
    assert response is not None and response.status == 404


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Any:
    contexts: list[Any] = []

    def make() -> Page:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
