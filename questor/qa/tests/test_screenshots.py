"""Full-page screenshots of the main pages, filled with the demo community.

Set QUESTOR_SCREENSHOTS to choose the directory (docs/screenshots for the README);
otherwise they go to var/screenshots.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from questor.accounts.models import User
from questor.qa.models import Post, PostType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_QUESTION = "What is the difference between leadership and management?"
PHONE = {"width": 390, "height": 844}


def test_screenshots_of_the_main_pages(page, screenshot_dir):
    from questor.qa.demo import load_demo

    passwords = load_demo()
    directory = os.environ.get("QUESTOR_SCREENSHOTS") or screenshot_dir
    os.makedirs(directory, exist_ok=True)
    question = Post.objects.get(post_type=PostType.QUESTION, title=FIRST_QUESTION)
    asker = User.objects.get(pk=question.author_id)
    saved: list[str] = []

    def shoot(name: str) -> None:
        path = os.path.join(directory, name)
        page.screenshot(path=path, full_page=True)
        saved.append(path)

    page.goto("/")
    expect(page.get_by_role("link", name=FIRST_QUESTION)).to_be_visible()
    shoot("home.png")

    page.get_by_role("link", name=FIRST_QUESTION).click()
    expect(page.get_by_role("heading", name=FIRST_QUESTION)).to_be_visible()
    shoot("question.png")

    page.goto("/tags/")
    expect(page.get_by_role("heading", name="Tags")).to_be_visible()
    shoot("tags.png")

    page.goto(asker.get_absolute_url())
    expect(page.get_by_role("heading", name=asker.name)).to_be_visible()
    shoot("user.png")

    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", name="Sign up")).to_be_visible()
    shoot("signup.png")

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(asker.username)
    page.get_by_label("Password").fill(passwords[asker.username])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto("/questions/ask/")
    expect(page.get_by_role("heading", name="Ask a question")).to_be_visible()
    shoot("ask.png")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.set_viewport_size(PHONE)
    page.goto(question.get_absolute_url())
    expect(page.get_by_role("heading", name=FIRST_QUESTION)).to_be_visible()
    shoot("question-mobile.png")

    for path in saved:
        assert os.path.isfile(path), f"{path} was not written"
        assert os.path.getsize(path) > 0, f"{path} is empty"
    assert sorted(os.path.basename(path) for path in saved) == [
        "ask.png",
        "home.png",
        "question-mobile.png",
        "question.png",
        "signup.png",
        "tags.png",
        "user.png",
    ]
