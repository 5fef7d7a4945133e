"""Suggested edits and reputation, end to end in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from questor.testing.factories import DEFAULT_PASSWORD, make_question, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_suggested_edit_is_reviewed_approved_and_its_author_sees_the_outcome(page):
    question = make_question(
        title="How do I stop meetings from running over?",
        body="Our weekly meeting always runs long and nobody knows why it keeps happening.",
    )
    make_user(username="newcomer")
    make_user(username="reviewer", reputation=500)

    log_in(page, "newcomer")
    page.goto(question.get_absolute_url())
    page.get_by_role("link", name="Edit").first.click()
    expect(page.get_by_role("heading", name="Suggest an edit of this question")).to_be_visible()
    page.get_by_label("Body").fill(
        "Our weekly meeting always runs 30 minutes long and nobody knows why it keeps happening."
    )
    page.get_by_label("Edit summary").fill("added how long")
    page.get_by_role("button", name="Save edits").click()
    expect(page.get_by_text("your edit is waiting for review")).to_be_visible()
    expect(page.locator(".post-body").first).not_to_contain_text("30 minutes")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "reviewer")
    page.goto("/review/suggested-edits/")
    page.get_by_role("link", name=question.title).click()
    expect(page.locator(".diff-insert")).to_contain_text("30 minutes")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("No suggested edits are waiting")).to_be_visible()
    page.goto(question.get_absolute_url())
    expect(page.locator(".post-body").first).to_contain_text("30 minutes")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "newcomer")
    page.get_by_role("link", name="newcomer").first.click()
    expect(page.get_by_role("heading", name="Your suggested edits")).to_be_visible()
    expect(page.locator(".status-approved")).to_contain_text("approved")
    # +2 for the approved edit.
    page.get_by_role("link", name="3 reputation").click()
    expect(page.get_by_text("suggested edit approved")).to_be_visible()
