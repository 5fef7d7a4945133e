"""Two servers, one cache: a vote cast through one server is on the very next page served
by the other, for a visitor (the anonymous page cache) and for the voter, with Redis and
with the database cache, each server running several gunicorn workers as `questor serve`
runs them. Uses a fresh database of its own (see test_concurrency)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from questor.qa.tests.test_concurrency import (
    PASSWORD,
    ROOT,
    STARTUP_TIMEOUT,
    Browser,
    Database,
    Server,
    _seed,
    _site_env,
    fresh_database,  # noqa: F401 - a fixture
)
from questor.testing.servers import ServerDidNotStart, free_port, wait_until_healthy

pytestmark = pytest.mark.concurrency
WORKERS = 2


def _redis_url() -> str:
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        if os.environ.get("REDIS_URL"):
            raise
        pytest.skip(f"no Redis at {url} (set REDIS_URL to run this with Redis)")
    return url


def _serve(env: dict[str, str], log: Path) -> Server:
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-m", "questor.cli", "serve", "--port", str(port)]
            + ["--workers", str(WORKERS)],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(base_url=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        wait_until_healthy(
            process, server.base_url, timeout=STARTUP_TIMEOUT, log_text=server.log_text
        )
    except ServerDidNotStart:
        server.stop()
        raise
    return server


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Static files collected once for the module's servers (slow on a busy machine)."""
    var_dir = tmp_path_factory.mktemp("static-var")
    env = {
        **os.environ,
        "QUESTOR_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "questor.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "questor.cli", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    return var_dir / "static"


@pytest.fixture(params=["redis", "database"])
def two_servers(
    request: pytest.FixtureRequest,
    fresh_database: Database,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    static_root: Path,
) -> Iterator[tuple[Server, Server, int]]:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    (var_dir / "static").symlink_to(static_root)
    env = _site_env(fresh_database, var_dir)
    env["PAGE_CACHE_SECONDS"] = "60"
    env["VIEW_COUNT_FLUSH_THREAD"] = "1"
    if request.param == "redis":
        env["REDIS_URL"] = _redis_url()
    else:
        env.pop("REDIS_URL", None)
    # Not test_concurrency's `_questor`: its 60 s limit is short on a busy machine.
    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "questor.cli", "setup"], env=env, cwd=ROOT, check=True, timeout=600
    )
    questions = _seed(env, ["asker", "voter"])
    question_id = next(q["id"] for q in questions if q["author"] == "asker")
    first = _serve(env, tmp_path / "first.log")
    try:
        second = _serve(env, tmp_path / "second.log")
        try:
            yield first, second, question_id
        finally:
            second.stop()
    finally:
        first.stop()


def _page(browser: Browser, base_url: str, question_id: int) -> tuple[int, str, str]:
    """(score, page cache state, vote button pressed) of the question, from one server."""
    browser.base_url = base_url
    reply = browser.request(f"/q/{question_id}")
    assert reply.status == 301
    reply = browser.request(reply.headers["Location"])
    assert reply.status == 200, reply.body[:500]
    match = re.search(rf'id="vote-{question_id}" data-score="(-?\d+)"', reply.body)
    assert match, reply.body[:500]
    pressed = re.search(
        rf'id="vote-{question_id}".*?class="vote-up( on)?".*?class="vote-down( on)?"',
        reply.body,
        re.S,
    )
    assert pressed
    state = "up" if pressed[1] else "down" if pressed[2] else ""
    return int(match[1]), reply.headers.get("X-Page-Cache", ""), state


def _until_cached(browser: Browser, base_url: str, question_id: int, score: int) -> None:
    """Load until the page comes from the cache again, every load showing `score`. Any
    page write, or a gunicorn worker (re)starting on a busy machine, starts a new
    generation, so the first reload after a miss may miss too; a stale page never comes."""
    deadline = time.monotonic() + 15
    while True:
        shown, state, _ = _page(browser, base_url, question_id)
        assert shown == score
        if state == "hit":
            return
        assert time.monotonic() < deadline, "the page never came from the cache again"
        time.sleep(0.2)


def test_a_vote_through_one_server_shows_through_the_other(
    two_servers: tuple[Server, Server, int],
) -> None:
    first, second, question_id = two_servers
    visitor = Browser(first.base_url)
    # Each worker starts a new generation when it starts: wait until all have, then the
    # page is kept once, in the shared cache, and served by either server.
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while [_page(visitor, server.base_url, question_id)[1] for server in (first, second) * 3] != [
        "hit"
    ] * 6:
        assert time.monotonic() < deadline, "the page never came from the cache"
        time.sleep(0.5)

    voter = Browser(first.base_url)
    assert voter.request("/accounts/login/").status == 200
    assert voter.post("/accounts/login/", {"username": "voter", "password": PASSWORD}).status == 302
    assert _page(voter, second.base_url, question_id) == (0, "", "")

    for through, other, direction, score in [
        (first, second, "up", 1),
        (second, first, "down", -1),
        (first, second, "down", 0),  # the same vote again takes it back
    ]:
        voter.base_url = through.base_url
        reply = voter.post(f"/posts/{question_id}/vote/", {"direction": direction})
        assert reply.status == 302, reply.body[:500]
        # At once, on the other server: for the visitor (a fresh page, then a cached one;
        # pages are kept per host, and the two servers are two hosts: ports differ)...
        assert _page(visitor, other.base_url, question_id)[:2] == (score, "miss")
        _until_cached(visitor, other.base_url, question_id, score)
        assert _page(visitor, through.base_url, question_id)[:2] == (score, "miss")
        # ...and for the voter, with their own vote shown.
        expected = direction if score else ""
        assert _page(voter, other.base_url, question_id) == (score, "", expected)
