"""Search and discovery in a real browser: similar questions while typing a title,
searching with an operator and opening a hit, subscribing to a feed."""

from __future__ import annotations

import re

import feedparser
import pytest
from playwright.sync_api import Page, expect

from questor.testing.factories import (
    DEFAULT_PASSWORD,
    make_answer,
    make_category,
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


def test_typing_a_title_shows_similar_questions_and_posting_asks_to_confirm(page: Page):
    make_category(slug="teams", name="Teams")
    existing = make_question(
        title="How do I ask my manager for a raise?",
        body="I have been in the role two years and took on a lot more work.",
        tags=["compensation"],
    )
    make_answer(question=existing)
    make_user(username="asker")
    log_in(page, "asker")

    page.goto("/questions/ask/")
    page.get_by_label("Title").press_sequentially("When is it right to ask for a raise", delay=20)
    similar = page.locator("#similar-questions")
    expect(similar.get_by_role("link", name=existing.title)).to_be_visible()
    expect(similar).to_contain_text("1 answer")

    page.get_by_label("Body").fill("My review is next month and I want to prepare it well.")
    page.get_by_label("Tags").fill("compensation")
    page.get_by_label("Category").select_option(label="Teams")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name="Is your question one of these?")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("When is it right to ask for a raise")
    page.get_by_role("button", name="Post anyway").click()
    expect(page.get_by_role("heading", name="When is it right to ask for a raise")).to_be_visible()


def test_dismissing_a_similar_question_posts_without_confirmation(page: Page):
    make_category(slug="teams", name="Teams")
    existing = make_question(title="How do I ask my manager for a raise?", tags=["compensation"])
    make_user(username="asker")
    log_in(page, "asker")
    page.goto("/questions/ask/")
    page.get_by_label("Title").fill("When is it right to ask for a raise")
    similar = page.locator("#similar-questions")
    expect(similar.get_by_role("link", name=existing.title)).to_be_visible()
    similar.get_by_role("button", name=f"Not the same as mine: {existing.title}").click()
    expect(similar.get_by_role("link", name=existing.title)).to_have_count(0)
    page.get_by_label("Body").fill("My review is next month and I want to prepare it well.")
    page.get_by_label("Tags").fill("compensation")
    page.get_by_label("Category").select_option(label="Teams")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name="When is it right to ask for a raise")).to_be_visible()


def test_searching_with_an_operator_and_opening_a_hit(page: Page):
    category = make_category()
    wanted = make_question(
        title="Planning a quarterly budget", body="The spreadsheet keeps growing every month.",
        tags=["budgeting"], category=category,
    )  # fmt: skip
    make_question(
        title="Budget spreadsheet habits of new managers",
        body="Everyone loves a spreadsheet here.",
        tags=["habits"],
        category=category,
    )  # fmt: skip
    answer = make_answer(question=wanted, body="Keep the spreadsheet to one page per team.")

    page.goto("/")
    page.get_by_role("searchbox", name="Search").fill("spreadsheet [budgeting]")
    page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page.locator("[data-total]")).to_have_attribute("data-total", "2")
    hits = page.locator("[data-post-id]")
    expect(hits).to_have_count(2)
    expect(page.locator(f'[data-post-type="answer"][data-post-id="{answer.pk}"]')).to_be_visible()
    expect(page.locator("mark").first).to_have_text(re.compile("spreadsheet", re.I))

    page.locator(f'[data-post-type="question"][data-post-id="{wanted.pk}"] h3 a').click()
    expect(page.get_by_role("heading", name="Planning a quarterly budget")).to_be_visible()
    related = page.locator("#related-questions")
    expect(
        related.get_by_role("link", name="Budget spreadsheet habits of new managers")
    ).to_be_visible()


def test_a_malformed_operator_is_explained(page: Page):
    page.goto("/search/?q=score%3Alots")
    expect(page.get_by_role("status")).to_contain_text("write a number")


def test_subscribing_to_a_feed_from_its_autodiscovery_link(page: Page):
    category = make_category(slug="teams", name="Teams")
    question = make_question(title="A question worth following", tags=["hiring"], category=category)
    page.goto("/tags/hiring/")
    link = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    href = link.get_attribute("href")
    assert href == "/feeds/tags/hiring.atom"
    response = page.request.get(href)
    assert response.ok
    parsed = feedparser.parse(response.body())
    assert not parsed.bozo
    assert [entry.title for entry in parsed.entries] == [question.title]
    page.goto(href)  # what a browser shows when the link is followed
    expect(page.locator("body")).to_contain_text("A question worth following")
