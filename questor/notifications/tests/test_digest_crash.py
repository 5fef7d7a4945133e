"""The digest sender killed with SIGKILL at the worst moments: each event still reaches
the SMTP server, exactly once, except in the documented window (after the server accepted
a message, before the commit), where it arrives twice, never zero times.

`questor send-digests` runs as a subprocess against a database of its own (a SQLite
file under tmp_path, or a uniquely named PostgreSQL database when the suite runs on
PostgreSQL), with QUESTOR_DIGEST_PAUSE making it stop at a chosen point so it can be
killed there (questor/notifications/digests.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 60
MEMBERS = 3
EVENTS_EACH = 4


@dataclass
class Database:
    url: str
    query: Callable[[str], list[tuple[Any, ...]]]
    settle: Callable[[], None]


def _sqlite(tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "questor.sqlite3"

    def query(sql: str) -> list[tuple[Any, ...]]:
        with contextlib.closing(sqlite3.connect(path, timeout=20)) as connection:
            return list(connection.execute(sql).fetchall())

    # A killed process's locks go with it: nothing to wait for.
    yield Database(url=f"sqlite:///{path}", query=query, settle=lambda: None)


def _postgres(suite_url: str) -> Iterator[Database]:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(suite_url)
    name = f"questor_digest_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(suite_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))

    def query(text: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(url) as connection:
            return list(connection.execute(text).fetchall())  # type: ignore[arg-type]

    def settle() -> None:
        """Wait until the server has rolled back the killed client's transaction."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with psycopg.connect(suite_url, autocommit=True) as admin:
                rows = admin.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND pid <> pg_backend_pid()",
                    [name],
                ).fetchall()
            if rows[0][0] == 0:
                return
            time.sleep(0.1)
        pytest.fail("the killed sender's session stayed open on PostgreSQL")

    try:
        yield Database(url=url, query=query, settle=settle)
    finally:
        with psycopg.connect(suite_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        yield from _postgres(suite_url)
    else:
        yield from _sqlite(tmp_path)


@pytest.fixture
def smtp() -> Iterator[tuple[int, Any]]:
    from aiosmtpd.controller import Controller

    from conftest import Mailbox

    mailbox = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


SEED = """
import json, sys
import django
django.setup()
from questor.notifications.actions import save_settings
from questor.notifications.events import notify
from questor.testing.factories import make_user
from questor.accounts.models import User

spec = json.loads(sys.argv[1])
for index in range(spec["members"]):
    name = f"member{index}"
    user = User.objects.filter(username=name).first()
    if user is None:
        user = make_user(username=name)
        save_settings(user=user, choices={"flag_outcome": "daily"})
    for number in range(spec["start"], spec["start"] + spec["each"]):
        notify(user.pk, kind="flag_outcome", text=f"event-{index}-{number}", url="/")
"""


class Site:
    def __init__(self, database: Database, tmp_path: Path, smtp_port: int) -> None:
        self.database = database
        self.env = dict(os.environ)
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.env.update(
            DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "questor.settings"),
            DATABASE_URL=database.url,
            QUESTOR_VAR_DIR=str(tmp_path / "var"),
            SECRET_KEY="digest-crash-test-secret-key-not-for-production-0123456789",
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            PYTHONUNBUFFERED="1",
        )

    def run(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [sys.executable, *args],
            env={**self.env, **extra_env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
        return result

    def seed(self, start: int) -> None:
        spec = {"members": MEMBERS, "each": EVENTS_EACH, "start": start}
        self.run("-c", SEED, json.dumps(spec))

    def send(self) -> str:
        return self.run("-m", "questor.cli", "send-digests", "--period", "daily").stdout

    def send_and_kill_at(self, point: str) -> int:
        """Start the sender, wait until it pauses at `point`, SIGKILL it; returns the
        member whose digest it was working on."""
        process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-m", "questor.cli", "send-digests", "--period", "daily"],
            env={**self.env, "QUESTOR_DIGEST_PAUSE": point, "QUESTOR_DIGEST_PAUSE_SECONDS": "120"},
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()  # blocks until the pause announces itself
            match = re.match(rf"digest-paused {point} (\d+)", line)
            if not match:  # it exited instead: say why (reading stderr waits for the end)
                error = process.stderr.read() if process.stderr else ""
                pytest.fail(f"the sender did not pause: {line!r} {error}")
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=TIMEOUT)
            assert process.returncode == -signal.SIGKILL
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        self.database.settle()
        return int(match.group(1))


def delivered(mailbox: Any) -> dict[str, int]:
    """How many times each event reached the SMTP server."""
    counts: dict[str, int] = {}
    for message in mailbox.messages:
        for event in re.findall(r"event-\d+-\d+", mailbox.text_of(message)):
            counts[event] = counts.get(event, 0) + 1
    return counts


def expected(start: int) -> set[str]:
    return {
        f"event-{index}-{number}"
        for index in range(MEMBERS)
        for number in range(start, start + EVENTS_EACH)
    }


def test_killed_digest_senders_lose_nothing_and_duplicate_only_in_the_window(
    database: Database, tmp_path: Path, smtp: tuple[int, Any]
) -> None:
    port, mailbox = smtp
    site = Site(database, tmp_path, port)
    site.run("-m", "questor.cli", "migrate", "--noinput", "--verbosity", "0")
    site.seed(start=0)
    unclaimed = "SELECT count(*) FROM notifications_notification WHERE digest_id IS NULL"
    digests = "SELECT count(*) FROM notifications_digest"

    # 1. Killed after claiming, before sending: rolled back, nothing sent, nothing claimed.
    site.send_and_kill_at("after-claim")
    assert mailbox.messages == []
    assert database.query(unclaimed) == [(MEMBERS * EVENTS_EACH,)]
    assert database.query(digests) == [(0,)]

    # 2. Killed after the SMTP server accepted the first digest, before the commit: the
    #    documented window. That message is out; its claim is rolled back.
    in_window = site.send_and_kill_at("after-send")
    assert len(mailbox.messages) == 1
    assert database.query(unclaimed) == [(MEMBERS * EVENTS_EACH,)]
    window_user = database.query(
        f"SELECT username FROM accounts_user WHERE id = {int(in_window)}"  # noqa: S608
    )[0][0]
    window_events = {e for e in expected(0) if e.startswith(f"event-{window_user[-1]}-")}

    # 3. A run to the end sends everything still unclaimed: the member in the window
    #    gets their digest a second time, everyone else exactly once; nothing is lost.
    site.send()
    counts = delivered(mailbox)
    assert set(counts) == expected(0)
    for event, count in counts.items():
        assert count == (2 if event in window_events else 1), (event, count)
    assert database.query(unclaimed) == [(0,)]
    assert database.query(digests) == [(MEMBERS,)]

    # 4. Committed digests are never sent again.
    before = len(mailbox.messages)
    assert "Sent 0 daily digests" in site.send()
    assert len(mailbox.messages) == before

    # 5. New events after a crash-free run: each exactly once, in the next digest.
    site.seed(start=EVENTS_EACH)
    site.send_and_kill_at("after-claim")
    assert len(mailbox.messages) == before
    site.send()
    counts = delivered(mailbox)
    assert all(counts[event] == 1 for event in expected(EVENTS_EACH))
    assert len(mailbox.messages) == before + MEMBERS
