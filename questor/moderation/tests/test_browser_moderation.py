"""Moderation journeys in a real browser, driven by what people see on the pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from questor.accounts.models import User
from questor.moderation.models import Flag, FlagStatus
from questor.qa.models import Post
from questor.testing.factories import DEFAULT_PASSWORD, make_answer, make_question, make_user

from .conftest import PRIVILEGED_REPUTATION, make_moderator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person(browser: Any, live_server: Any) -> Iterator[Callable[[User | None], Page]]:
    """A fresh browser (context) per person, logged in as them through the login form."""
    contexts: list[Any] = []

    def open_as(user: User | None) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto("/accounts/login/")
            page.get_by_label("Username").fill(user.username)
            page.get_by_label("Password").fill(DEFAULT_PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_role("button", name="Log out")).to_be_visible()
        return page

    try:
        yield open_as
    finally:
        for context in contexts:
            context.close()


def test_flag_then_the_moderator_decides_and_the_flagger_sees_the_outcome(person: Any) -> None:
    question = make_question(title="Where can I buy followers for my team blog cheaply?")
    flagger = make_user(username="careful_reader")
    moderator = make_moderator(username="mod_ana")

    page = person(flagger)
    page.goto(question.get_absolute_url())
    page.locator(f"#question-{question.pk}").get_by_role("link", name="Flag").click()
    page.get_by_label("spam", exact=True).check()
    page.get_by_role("button", name="Flag").click()
    expect(page.get_by_text("the moderators will look at your flag")).to_be_visible()

    mod = person(moderator)
    mod.get_by_role("link", name="Moderation").click()
    expect(mod.locator('[data-kind="spam"] .count')).to_have_text("1")
    group = mod.locator(f"#flagged-post-{question.pk}")
    group.get_by_label("Action").select_option(label="Delete")
    group.get_by_label("Note").fill("commercial spam")
    group.get_by_role("button", name="Helpful").click()
    expect(mod.get_by_text("No flags are waiting.")).to_be_visible()

    page.goto(flagger.get_absolute_url())
    page.get_by_role("link", name="Your flags").click()
    row = page.locator(".flag-row")
    expect(row.locator(".flag-status")).to_have_text("helpful")
    expect(row).to_contain_text("deleted: commercial spam")
    assert Post.objects.get(pk=question.pk).is_deleted
    assert Flag.objects.get().status == FlagStatus.HELPFUL


def test_three_privileged_members_close_a_question_by_vote(person: Any) -> None:
    question = make_question(title="What is the single best leadership book ever written?")
    voters = [make_user(username=f"voter{n}", reputation=PRIVILEGED_REPUTATION) for n in range(3)]
    for number, voter in enumerate(voters):
        page = person(voter)
        page.goto(question.get_absolute_url())
        page.get_by_role("link", name="Close", exact=True).click()
        page.get_by_label("Reason").select_option(label="opinion-based")
        page.get_by_role("button", name="Close question").click()
        if number < 2:
            expect(page.get_by_text(f"({number + 1} of 3)")).to_be_visible()
    expect(page.locator(".closed-banner")).to_contain_text("closed as opinion-based by voter2")
    expect(page.get_by_role("button", name="Post your answer")).to_have_count(0)
    expect(page.get_by_role("link", name="Reopen")).to_be_visible()


def test_a_visitor_of_a_duplicate_is_led_to_the_original(person: Any) -> None:
    original = make_question(title="How do I say no to my manager without hurting my career?")
    duplicate = make_question(title="Refusing extra work from my boss politely")
    moderator = make_moderator(username="mod_ben")

    mod = person(moderator)
    mod.goto(duplicate.get_absolute_url())
    mod.get_by_role("link", name="Close", exact=True).click()
    mod.get_by_label("Reason").select_option(label="duplicate")
    mod.get_by_label("Duplicate of").fill(str(original.pk))
    mod.get_by_role("button", name="Close question").click()
    expect(mod.locator(".closed-banner")).to_contain_text("duplicate")

    visitor = person(None)
    visitor.goto(duplicate.get_absolute_url())
    first_link = visitor.locator("main a").first
    expect(first_link).to_have_text(original.title)
    first_link.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(original.title)
    expect(visitor.locator(".duplicates")).to_contain_text(duplicate.title)


def test_an_author_deletes_after_confirming_and_a_moderator_undeletes(person: Any) -> None:
    question = make_question()
    author = make_user(username="second_thoughts")
    answer = make_answer(question=question, author=author, body="Just fire them all. " * 3)
    moderator = make_moderator(username="mod_cy")

    page = person(author)
    page.goto(question.get_absolute_url())
    page.locator(f"#answer-{answer.pk}").get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete this answer?")).to_be_visible()
    page.get_by_role("button", name="Delete").click()
    expect(page.locator(f"#answer-{answer.pk} .banner")).to_contain_text("deleted")

    visitor = person(None)
    visitor.goto(question.get_absolute_url())
    expect(visitor.locator(f"#answer-{answer.pk}")).to_have_count(0)

    mod = person(moderator)
    mod.goto(question.get_absolute_url())
    mod.locator(f"#answer-{answer.pk}").get_by_role("button", name="Undelete").click()
    expect(mod.get_by_text("The post is undeleted.")).to_be_visible()
    visitor.reload()
    expect(visitor.locator(f"#answer-{answer.pk}")).to_be_visible()


def test_a_suspended_member_reads_sees_the_reason_and_the_suspension_ends(person: Any) -> None:
    question = make_question()
    member = make_user(username="hothead")
    moderator = make_moderator(username="mod_dee")

    mod = person(moderator)
    mod.goto(member.get_absolute_url())
    mod.get_by_role("link", name="Suspend").click()
    mod.get_by_label("Reason").fill("Personal attacks in comments")
    mod.get_by_label("For").select_option(label="3 days")
    mod.get_by_role("button", name="Suspend").click()
    expect(mod.get_by_text("is suspended")).to_be_visible()

    page = person(member)
    page.goto(question.get_absolute_url())
    expect(page.locator(".suspension-notice")).to_contain_text("Personal attacks in comments")
    expect(page.get_by_role("button", name="Post your answer")).to_have_count(0)

    User.objects.filter(pk=member.pk).update(suspended_until=timezone.now() - timedelta(seconds=1))
    page.reload()
    expect(page.locator(".suspension-notice")).to_have_count(0)
    expect(page.get_by_role("button", name="Post your answer")).to_be_visible()
