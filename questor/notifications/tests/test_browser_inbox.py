"""The inbox in a real browser: the header's unread count, reading entries, following,
@mention completion, and unsubscribing from a mail's link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from questor.notifications.events import notify
from questor.notifications.models import Kind, NotificationSetting
from questor.testing.factories import (
    DEFAULT_PASSWORD,
    make_answer,
    make_comment,
    make_question,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_the_inbox_shows_unread_entries_and_marks_them_read(page: Page) -> None:
    asker = make_user(username="asker")
    question = make_question(author=asker, title="How do I hand over a project I started?")
    make_answer(question=question, author=make_user(username="helper"))
    make_comment(post=question, author=make_user(username="commenter"))
    log_in(page, "asker")

    link = page.locator("#inbox-link")
    expect(link.locator(".unread-count")).to_have_text("2")
    link.click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    entries = page.locator(".inbox-entry.unread")
    expect(entries).to_have_count(2)

    # Marking one read updates the entry and the header without a reload.
    page.locator(".inbox-entry", has_text="commented").get_by_role(
        "button", name="Mark as read"
    ).click()
    expect(entries).to_have_count(1)
    expect(link.locator(".unread-count")).to_have_text("1")

    # Opening the other goes to the answer and marks it read.
    page.get_by_role("link", name=re.compile("helper answered your question")).click()
    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/.*#answer-\d+"))
    expect(page.locator("#inbox-link .unread-count")).to_have_count(0)

    # The question page's htmx loads (related questions, the follow button) run on the
    # live server, which shares this thread's database connection on SQLite: let them
    # finish before writing from here.
    page.wait_for_load_state("networkidle")
    notify(asker.pk, kind=Kind.MODERATOR_MESSAGE, text="Welcome to the community")
    page.goto(f"/users/{asker.pk}/{asker.slug}/inbox/")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".inbox-entry.unread")).to_have_count(0)


def test_following_a_question_from_its_page(page: Page) -> None:
    make_user(username="reader")
    question = make_question(title="What should a first team meeting cover?")
    log_in(page, "reader")
    page.goto(question.get_absolute_url())
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("button", name="Following ✓")).to_be_visible()

    make_answer(question=question, author=make_user(username="answerer"))
    page.goto("/")
    expect(page.locator("#inbox-link .unread-count")).to_have_text("1")


def test_mention_completion_in_the_answer_editor(page: Page) -> None:
    make_user(username="priya_n")
    make_user(username="writer")
    question = make_question()
    log_in(page, "writer")
    page.goto(question.get_absolute_url())
    editor = page.get_by_label("Your answer")
    editor.click()
    editor.press_sequentially("Thanks @pri")
    option = page.get_by_role("option", name="@priya_n")
    expect(option).to_be_visible()
    option.click()
    expect(editor).to_have_value("Thanks @priya_n ")


def test_unsubscribing_from_the_link_in_a_mail(page: Page, smtp_server, run_tasks) -> None:
    asker = make_user(username="asker")
    make_answer(question=make_question(author=asker))
    run_tasks()
    [message] = smtp_server.to("asker@example.com")
    link = re.search(r"Stop these emails in one click: (\S+)", smtp_server.text_of(message))
    assert link
    page.goto(link.group(1).removeprefix("http://localhost:8000"))  # not logged in
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="Unsubscribed")).to_be_visible()
    assert NotificationSetting.objects.get(user=asker, kind=Kind.ANSWER).delivery == "never"
