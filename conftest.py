"""Fixtures for the whole suite: isolation, factories, the task worker, a real SMTP
server and a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise warns on every request when the collected-static folder is missing.
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)
    settings.VIEW_COUNT_FLUSH_THREAD = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _isolated_cache(settings: Any, request: pytest.FixtureRequest) -> None:
    """A cache key prefix per test (and per xdist worker): limits and cached pages
    never leak from one test into another, on the database cache or on Redis."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    for config in caches.values():
        config["KEY_PREFIX"] = f"test:{worker}:{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _rate_limits(settings: Any, request: pytest.FixtureRequest) -> None:
    """Rate limits are off unless a test is marked `rate_limits`: most tests write as fast
    as a script can, which no limit meant for people allows."""
    settings.RATE_LIMITS_ENABLED = request.node.get_closest_marker("rate_limits") is not None


@pytest.fixture(autouse=True)
def _page_cache(settings: Any, request: pytest.FixtureRequest) -> None:
    """The anonymous page cache is off unless a test is marked `page_cache`, so query
    budgets and page tests measure the views themselves."""
    marker = request.node.get_closest_marker("page_cache")
    settings.PAGE_CACHE_SECONDS = 60 if marker is not None else 0


@pytest.fixture(autouse=True)
def _spam_check(settings: Any, request: pytest.FixtureRequest) -> None:
    """The spam check is off unless a test is marked `spam_check`: factories write the same
    text again and again, which the check rightly holds as near-duplicates."""
    settings.SPAM_CHECK_ENABLED = request.node.get_closest_marker("spam_check") is not None


@pytest.fixture(autouse=True)
def _fresh_process_state() -> Iterator[None]:
    """Process-wide buffers and caches start empty: views buffered by one test must not be
    counted against another's question, nor one test's privilege thresholds or pages leak."""
    from questor.core import pagecache
    from questor.qa import visits
    from questor.qa.privileges import forget_thresholds

    visits._pending.clear()
    forget_thresholds()  # thresholds a test set are rolled back with its transaction
    pagecache._copies.clear()
    yield
    visits._pending.clear()
    forget_thresholds()
    pagecache._copies.clear()


@pytest.fixture
def run_tasks() -> Callable[[], None]:
    """Run every queued background task, as `questor worker` does."""
    from django.core.management import call_command

    def run() -> None:
        call_command("worker", "--batch")

    return run


# Real SMTP ----------------------------------------------------------------------------


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.peers: list[Any] = []  # the client's address for each message: its connection
        self.refuse: set[str] = set()  # recipients answered "550 No such user"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.peers.append(session.peer)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    def text_of(self, message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        assert part is not None, "the message has no plain-text part"
        return str(part.get_content())


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Mailbox]:
    """An aiosmtpd server on a free local port; the site's email goes to it."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port: take a free one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield mailbox
    finally:
        controller.stop()


# Real browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is not at {CHROMIUM}. Install Debian's package (apt-get install chromium) "
            "or set CHROMIUM to its path; browser tests are never skipped."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context on the live server. Any request to another host fails the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    allowed = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in {"data", "blob"} or urlsplit(url).netloc == allowed:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not foreign, f"the page requested other hosts: {foreign}"
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def screenshot_dir() -> str:
    from django.conf import settings

    path = os.path.join(settings.VAR_DIR, "screenshots")
    os.makedirs(path, exist_ok=True)
    return path
