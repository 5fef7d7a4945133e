"""The account journeys in a real browser, with email through the worker and real SMTP."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from questor.accounts.models import User
from questor.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+")


def _link_in(mailbox, address: str, path_part: str) -> str:
    messages = mailbox.to(address)
    assert messages, f"no email reached {address}"
    links = [link for link in LINK.findall(mailbox.text_of(messages[-1])) if path_part in link]
    assert links, f"no {path_part} link in the email"
    return links[0]


def test_sign_up_verify_by_emailed_link_log_out_and_in(page, smtp_server, run_tasks):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("new_leader")
    page.get_by_label("Email").fill("new.leader@example.com")
    page.get_by_label("Password", exact=True).fill("a long and unusual passphrase")
    page.get_by_label("Password confirmation").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_text("Please confirm your email address")).to_be_visible()
    assert smtp_server.messages == [], "email must be sent by the worker, not the request"
    run_tasks()

    page.goto(_link_in(smtp_server, "new.leader@example.com", "/accounts/verify/"))
    expect(page.get_by_text("is confirmed")).to_be_visible()
    expect(page.get_by_text("Please confirm your email address")).to_have_count(0)
    assert User.objects.get(username="new_leader").email_verified is True

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("new_leader")
    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_sign_up_form_keeps_input_and_explains_each_error(page):
    make_user(username="taken_name")
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("taken_name")
    page.get_by_label("Email").fill("someone@example.com")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password confirmation").fill("short")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_text("That username is taken.")).to_be_visible()
    expect(page.get_by_text("This password is too short")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("someone@example.com")
    assert not User.objects.filter(email="someone@example.com").exists()


def test_reset_a_forgotten_password_by_email(page, smtp_server, run_tasks):
    make_user(username="forgetful", email="forgetful@example.com", password="the old passphrase 1")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("forgetful@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    run_tasks()

    page.goto(_link_in(smtp_server, "forgetful@example.com", "/accounts/password/reset/"))
    page.get_by_label("New password", exact=True).fill("a brand new passphrase")
    page.get_by_label("New password confirmation").fill("a brand new passphrase")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("forgetful@example.com")
    page.get_by_label("Password").fill("a brand new passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_login_throttle_stops_guessing_with_a_clear_message(page, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user(username="target", password="the right passphrase")
    page.goto("/accounts/login/")
    for _ in range(3):
        page.get_by_label("Username").fill("target")
        page.get_by_label("Password").fill("a wrong guess")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()

    # Even the right password is refused until the window passes.
    page.get_by_label("Username").fill("target")
    page.get_by_label("Password").fill("the right passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Too many failed log-in attempts")).to_be_visible()
    expect(page.get_by_text("try again in 15 minutes")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
