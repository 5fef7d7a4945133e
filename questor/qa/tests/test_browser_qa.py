"""The question-and-answer journeys in a real browser, driven only by what a user sees."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from questor.testing.factories import (
    DEFAULT_PASSWORD,
    make_answer,
    make_category,
    make_comment,
    make_question,
    make_tags,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+")
QUESTION_URL = re.compile(r"/questions/(\d+)/[^/]+/")
PASSPHRASE = "a long and unusual passphrase"


# Helpers ------------------------------------------------------------------------------


@pytest.fixture
def new_context(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Make more browser contexts (other people, JavaScript off, other screens), each with
    the same guard as the `page` fixture: requests to other hosts and JavaScript errors
    fail the test."""
    allowed = urlsplit(live_server.url).netloc
    contexts: list[Any] = []
    foreign: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in {"data", "blob"} or urlsplit(url).netloc == allowed:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    def make(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        context.route("**/*", guard)
        context.on("page", lambda page: page.on("pageerror", lambda e: errors.append(str(e))))
        contexts.append(context)
        return context

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
    assert not foreign, f"a page requested other hosts: {foreign}"
    assert not errors, f"JavaScript errors on a page: {errors}"


def sign_up(page: Page, username: str, mailbox: Any, run_tasks: Callable[[], None]) -> None:
    """Sign up through the form and confirm the address by the emailed link."""
    email = f"{username}@example.com"
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSPHRASE)
    page.get_by_label("Password confirmation").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    run_tasks()
    messages = mailbox.to(email)
    assert messages, f"no email reached {email}"
    links = [
        link for link in LINK.findall(mailbox.text_of(messages[-1])) if "/accounts/verify/" in link
    ]
    assert links, "no confirmation link in the email"
    page.goto(links[0])
    expect(page.get_by_text("is confirmed")).to_be_visible()


def log_in(page: Page, username: str, password: str = DEFAULT_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def question_id_from(page: Page) -> int:
    match = QUESTION_URL.search(urlsplit(page.url).path)
    assert match, f"not on a question page: {page.url}"
    return int(match.group(1))


def watch_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


# The whole loop -----------------------------------------------------------------------


def test_two_new_members_ask_answer_comment_vote_and_accept(
    page, new_context, smtp_server, run_tasks
):
    # An existing community: its categories and tags are there before newcomers arrive.
    make_category(slug="leadership", name="Leadership")
    make_tags("feedback", "peers")
    title = "How do I give feedback to a peer who outranks me?"
    body = (
        "A senior colleague keeps interrupting my reports in meetings. "
        "I want to raise it without making it a fight."
    )
    answer_text = "Talk to them privately, describe one concrete meeting, and ask how they see it."
    comment_text = "Which kind of meetings are these, standups or planning?"

    # A signs up and asks.
    asker = page
    sign_up(asker, "asker_ana", smtp_server, run_tasks)
    asker.get_by_role("link", name="Ask a question").first.click()
    asker.get_by_label("Title").fill(title)
    asker.get_by_label("Body").fill(body)
    asker.get_by_label("Tags").fill("feedback peers")
    asker.get_by_label("Category").select_option(label="Leadership")
    asker.get_by_role("button", name="Post your question").click()
    expect(asker.get_by_role("heading", name=title)).to_be_visible()
    question_id = question_id_from(asker)

    # B signs up in another browser, finds the question and answers it.
    answerer = new_context().new_page()
    sign_up(answerer, "answerer_ben", smtp_server, run_tasks)
    answerer.goto("/")
    answerer.get_by_role("link", name=title).click()
    expect(answerer.get_by_role("heading", name=title)).to_be_visible()
    answerer.get_by_label("Your answer").fill(answer_text)
    answerer.get_by_role("button", name="Post your answer").click()
    expect(answerer.get_by_role("heading", name="1 answer")).to_be_visible()
    expect(answerer.get_by_text(answer_text)).to_be_visible()

    # B comments on the question: the comment appears in place.
    question = answerer.locator(f"#question-{question_id}")
    answerer.evaluate("window.stillTheSamePage = true")
    question.get_by_text("Add a comment").click()
    question.get_by_label("Comment", exact=True).fill(comment_text)
    question.get_by_role("button", name="Add comment").click()
    expect(question.get_by_text(comment_text)).to_be_visible()

    # B votes the question up: the score changes without a reload.
    expect(question).to_have_attribute("data-score", "0")
    upvote = question.get_by_role("button", name="Upvote")
    upvote.click()
    expect(question).to_have_attribute("data-score", "1")
    expect(upvote).to_have_attribute("aria-pressed", "true")
    expect(question.get_by_title("score", exact=True)).to_have_text("1")
    assert answerer.evaluate("window.stillTheSamePage") is True, "the page reloaded"

    # A reloads, sees the answer and the comment, and accepts the answer.
    asker.reload()
    expect(asker.get_by_text(answer_text)).to_be_visible()
    expect(asker.get_by_text(comment_text)).to_be_visible()
    expect(asker.locator(f"#question-{question_id}")).to_have_attribute("data-score", "1")
    answer = asker.locator("article.answer", has_text=answer_text)
    answer.get_by_role("button", name="Accept this answer").click()
    expect(answer).to_have_attribute("data-accepted", "true")
    expect(answer.get_by_role("button", name="Accept this answer")).to_have_attribute(
        "aria-pressed", "true"
    )

    # B sees the acceptance too.
    answerer.reload()
    expect(answerer.locator("article.answer", has_text=answer_text)).to_have_attribute(
        "data-accepted", "true"
    )
    expect(answerer.get_by_label("Accepted answer")).to_be_visible()


# Voting without JavaScript ------------------------------------------------------------


def test_voting_works_without_javascript(new_context):
    author = make_user()
    question = make_question(author=author)
    voter = make_user()

    page = new_context(java_script_enabled=False).new_page()
    log_in(page, voter.username)
    page.goto(question.get_absolute_url())
    article = page.locator(f"#question-{question.pk}")
    expect(article).to_have_attribute("data-score", "0")

    article.get_by_role("button", name="Upvote").click()
    expect(article).to_have_attribute("data-score", "1")
    expect(article.get_by_title("score", exact=True)).to_have_text("1")
    expect(article.get_by_role("button", name="Upvote")).to_have_attribute("aria-pressed", "true")
    assert urlsplit(page.url).path == question.get_absolute_url()

    article.get_by_role("button", name="Upvote").click()  # the same vote again undoes it
    expect(article).to_have_attribute("data-score", "0")
    expect(article.get_by_title("score", exact=True)).to_have_text("0")
    expect(article.get_by_role("button", name="Upvote")).to_have_attribute("aria-pressed", "false")


# Drafts -------------------------------------------------------------------------------


def test_question_draft_survives_a_reload(page):
    make_category(slug="leadership", name="Leadership")
    make_category(slug="hiring", name="Hiring")
    member = make_user()
    log_in(page, member.username)
    title = "How long should a probation period really be?"
    body = "Our company uses six months, which feels long for junior hires. Thoughts?"

    page.goto("/questions/ask/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Body").fill(body)
    page.get_by_label("Tags").fill("probation hiring")
    page.get_by_label("Category").select_option(label="Hiring")
    expect(page.get_by_text("Draft saved")).to_be_visible()

    page.reload()
    expect(page.get_by_label("Title")).to_have_value(title)
    expect(page.get_by_label("Body")).to_have_value(body)
    expect(page.get_by_label("Tags")).to_have_value("probation hiring")
    expect(page.get_by_label("Category")).to_have_value("hiring")


def test_answer_draft_survives_a_reload(page):
    question = make_question()
    member = make_user()
    log_in(page, member.username)
    text = "Start with the smallest change you can measure, then widen it step by step."

    page.goto(question.get_absolute_url())
    page.get_by_label("Your answer").fill(text)
    expect(page.get_by_text("Draft saved")).to_be_visible()

    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value(text)


def test_draft_status_waits_for_the_latest_text(page):
    """The status never says "Draft saved" while newer typing is still unsaved."""
    question = make_question()
    member = make_user()
    log_in(page, member.username)
    page.goto(question.get_absolute_url())
    field = page.get_by_label("Your answer")
    status = page.get_by_text("Draft saved")

    field.fill("A first thought that is long enough to be kept as a draft.")
    expect(status).to_be_visible()
    field.fill("A second, better thought that replaces the first one entirely.")
    expect(status).to_be_hidden()  # typing again makes the old status stale
    expect(status).to_be_visible()

    page.reload()
    expect(field).to_have_value("A second, better thought that replaces the first one entirely.")


# Edit conflicts -----------------------------------------------------------------------


def test_edit_conflict_keeps_both_texts_and_lets_the_second_editor_merge(page):
    author = make_user()
    original = "We hold a weekly team meeting and it always runs over time. How do we fix it?"
    question = make_question(author=author, body=original)
    first_text = "We hold a weekly team meeting of ten people and it always runs 30 minutes over."
    second_text = "Our weekly team meeting always overruns; we tried a timer and it did not help."

    log_in(page, author.username)
    first_tab = page
    second_tab = page.context.new_page()
    second_tab_errors = watch_errors(second_tab)
    first_tab.goto(f"/posts/{question.pk}/edit/")
    second_tab.goto(f"/posts/{question.pk}/edit/")
    expect(second_tab.get_by_label("Body")).to_have_value(original)

    first_tab.get_by_label("Body").fill(first_text)
    first_tab.get_by_role("button", name="Save edits").click()
    expect(first_tab.get_by_text(first_text)).to_be_visible()

    second_tab.get_by_label("Body").fill(second_text)
    second_tab.get_by_role("button", name="Save edits").click()
    conflict = second_tab.get_by_role("alert").filter(has_text="Someone else saved an edit")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(first_text)  # the diff shows the other version
    expect(conflict).to_contain_text(second_text)
    expect(second_tab.get_by_label("Body")).to_have_value(second_text)

    second_tab.get_by_role("button", name="Save edits").click()
    expect(second_tab.get_by_role("heading", name=question.title)).to_be_visible()
    expect(second_tab.get_by_text(second_text)).to_be_visible()

    # Nothing was lost: the first editor's text is a revision of its own.
    second_tab.get_by_role("link", name="History").click()
    expect(second_tab.get_by_text(first_text).first).to_be_visible()
    expect(second_tab.get_by_role("heading", name=re.compile(r"^Revision 3"))).to_be_visible()
    assert not second_tab_errors, f"JavaScript errors on the page: {second_tab_errors}"


# Preview and safety -------------------------------------------------------------------


def test_live_preview_renders_markdown_and_never_runs_scripts(page):
    make_category(slug="leadership", name="Leadership")
    make_tags("pay")  # a tag the site has: a newcomer may not create new ones
    member = make_user()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    log_in(page, member.username)
    page.goto("/questions/ask/")
    body = (
        "Is it **bold** to ask for a raise after six months?\n\n"
        "<script>alert('script ran')</script>\n\n"
        '<img src="/no-such-image.png" onerror="alert(\'handler ran\')">'
    )
    page.get_by_label("Title").fill("Is it too early to ask for a raise?")
    page.get_by_label("Body").fill(body)
    preview = page.locator("#body-preview")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("script")).to_have_count(0)

    page.get_by_label("Tags").fill("pay")
    page.get_by_label("Category").select_option(label="Leadership")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name="Is it too early to ask for a raise?")).to_be_visible()
    post_body = page.locator("article.question .post-body")
    expect(post_body.locator("strong")).to_have_text("bold")
    expect(post_body.locator("script")).to_have_count(0)
    expect(post_body.locator("[onerror]")).to_have_count(0)
    assert dialogs == [], f"script in a post ran: {dialogs}"


# Small screens ------------------------------------------------------------------------


def _has_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]}px > {widths[1]}px"


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_phone_width_has_no_horizontal_scroll(page, signed_in):
    asker = make_user(username="someone_with_a_long_user_name")
    category = make_category(slug="people-management", name="People management")
    question = make_question(
        author=asker,
        title="How do I handle an underperforming senior engineer who used to be my peer?",
        body=(
            "Long words and links must wrap: "
            "https://example.com/a/very/long/path/that/keeps/going/and/going/without/a/break\n\n"
            "```\n"
            + "x = 'a code line that is much wider than any phone screen' "
            * 3
            + "\n```\n\n"
            "| Week | Goal | Outcome |\n|---|---|---|\n| 1 | Agree the plan | Done |"
        ),
        tags=["performance", "difficult-conversations", "former-peers", "senior-engineers"],
        category=category,
    )
    for number in range(3):
        make_question(title=f"What should a first week as a new manager include, take {number}?")
    answer = make_answer(question=question)
    make_comment(post=question, body="Supercalifragilisticexpialidocious " * 4)
    make_comment(post=answer)

    if signed_in:
        log_in(page, asker.username)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/")
    expect(page.get_by_role("link", name=question.title)).to_be_visible()
    _has_no_horizontal_scroll(page)

    page.goto(question.get_absolute_url())
    expect(page.get_by_role("heading", name=question.title)).to_be_visible()
    if signed_in:
        expect(page.get_by_role("button", name="Accept this answer")).to_be_visible()
    _has_no_horizontal_scroll(page)
