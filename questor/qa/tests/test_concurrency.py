"""Concurrency: the app served as `make run` serves it (gunicorn, several worker
processes, the task worker alongside) takes 4 writer threads x 100 votes or answers
while 4 reader threads browse: no "database is locked", no 5xx, and the database
holds exactly what was written.

Runs on the database the suite runs with (DATABASE_URL unset = SQLite, postgres://...
= PostgreSQL), but never on the pytest test database: it makes a fresh one of its own
(a file under tmp_path, or a uniquely named PostgreSQL database dropped afterwards).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from questor.testing.servers import free_port, stop_server, wait_until_healthy

ROOT = Path(__file__).resolve().parents[3]
WRITERS = 4
READERS = 4
WRITES_PER_WRITER = 100
QUESTIONS_PER_WRITER = 2
# Voting down needs 50 reputation (the default `small` preset). The writers start with
# this much (on the ledger), so their downvotes count; the votes they receive move it.
WRITER_REPUTATION = 100
WEB_WORKERS = 3
PASSWORD = "concurrency horse battery staple"
HTTP_TIMEOUT = 30
# The writers must be done within this; they take well under 20 s on two cores.
RUN_TIMEOUT = 60
STARTUP_TIMEOUT = 30
SUBPROCESS_TIMEOUT = 60

pytestmark = pytest.mark.concurrency


# The fresh database -------------------------------------------------------------------


@dataclass
class Database:
    url: str
    query: Callable[[str], list[tuple[Any, ...]]]


def _sqlite_database(tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "questor.sqlite3"

    def query(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path, timeout=20) as connection:
            return list(connection.execute(sql).fetchall())

    yield Database(url=f"sqlite:///{path}", query=query)


def _postgres_database(suite_url: str) -> Iterator[Database]:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(suite_url)
    name = f"questor_conc_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(suite_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))

    def query(text: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(url) as connection:
            return list(connection.execute(text).fetchall())

    try:
        yield Database(url=url, query=query)
    finally:
        with psycopg.connect(suite_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[Database]:
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        yield from _postgres_database(suite_url)
    elif suite_url and not suite_url.startswith("sqlite:"):
        pytest.fail(f"DATABASE_URL has a scheme this test does not know: {suite_url!r}")
    else:
        yield from _sqlite_database(tmp_path)


# The site, prepared and served as `make run` does -----------------------------------


def _site_env(database: Database, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The suite's settings module and nothing the suite set for in-process tests.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="questor.settings",
        DATABASE_URL=database.url,
        QUESTOR_VAR_DIR=str(var_dir),
        QUESTOR_DEMO="0",
        SECRET_KEY="concurrency-test-secret-key-not-for-production-use-0123456789",
        PYTHONUNBUFFERED="1",
        # A load test: writers post far faster than the limits for people allow, and
        # the factories' questions are near-duplicates the spam check would hold.
        RATE_LIMITS_ENABLED="0",
        SPAM_CHECK_ENABLED="0",
    )
    # REDIS_URL passes through if the suite has one; otherwise the database cache is used.
    return env


def _questor(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "questor.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.returncode == 0, f"questor {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


SEED_SCRIPT = """
import json, sys
import django
django.setup()
from questor.testing.factories import make_question, make_user

spec = json.loads(sys.argv[1])
questions = []
for index, username in enumerate(spec["usernames"]):
    user = make_user(
        username=username, password=spec["password"], reputation=spec["reputation"]
    )
    for number in range(spec["questions_per_user"]):
        question = make_question(
            author=user,
            title=f"How should {username} run team meeting number {number + 1}?",
            tags=["meetings", f"team-{index}"],
        )
        questions.append({"id": question.pk, "author": username})
print(json.dumps(questions))
"""


def _seed(env: dict[str, str], usernames: list[str]) -> list[dict[str, Any]]:
    spec = json.dumps(
        {
            "usernames": usernames,
            "password": PASSWORD,
            "questions_per_user": QUESTIONS_PER_WRITER,
            "reputation": WRITER_REPUTATION,
        }
    )
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", SEED_SCRIPT, spec],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.returncode == 0, f"seeding failed:\n{result.stderr}"
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path
    stopped: bool = False

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM to `questor serve` (it stops gunicorn and the task worker), then kill
        whatever is left of the process group it leads. Once only: the group id is not
        used again after the group is gone."""
        if self.stopped:
            return
        self.stopped = True
        stop_server(self.process)


@pytest.fixture
def server(fresh_database: Database, tmp_path: Path) -> Iterator[tuple[Server, Database, Any]]:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = _site_env(fresh_database, var_dir)
    # What `make run` does: setup, collectstatic, serve (with the task worker).
    _questor(env, "setup")
    _questor(env, "collectstatic", "--noinput", "--verbosity", "0")
    usernames = [f"writer{number}" for number in range(WRITERS)]
    questions = _seed(env, usernames)

    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [
                sys.executable,
                "-m",
                "questor.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(WEB_WORKERS),
                "--with-worker",
            ],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Server(base_url=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        wait_until_healthy(
            process, served.base_url, timeout=STARTUP_TIMEOUT, log_text=served.log_text
        )
        yield served, fresh_database, {"usernames": usernames, "questions": questions}
    finally:
        served.stop()


# HTTP clients -------------------------------------------------------------------------


class _KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Hand back every response as it is: no exception on 4xx/5xx, no redirect followed."""

    def http_response(self, request: Any, response: Any) -> Any:
        return response

    https_response = http_response


@dataclass
class Reply:
    status: int
    headers: Any
    body: str


class Browser:
    """One visitor: its own cookie jar, no automatic redirects."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _KeepEveryResponse()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> Reply:
        url = urllib.parse.urljoin(self.base_url, path)
        headers = {"User-Agent": "questor-concurrency-test"}
        encoded = None
        if data is not None:
            encoded = urllib.parse.urlencode(data).encode()
            headers["Referer"] = url
        request = urllib.request.Request(url, data=encoded, headers=headers)  # noqa: S310
        with self.opener.open(request, timeout=HTTP_TIMEOUT) as response:
            return Reply(
                response.status, response.headers, response.read().decode(errors="replace")
            )

    def csrf_token(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken" and cookie.value:
                return cookie.value
        raise AssertionError("no csrftoken cookie")

    def post(self, path: str, data: dict[str, str]) -> Reply:
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf_token()})


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    failures: list[str] = field(default_factory=list)
    reads: int = 0
    votes_sent: int = 0
    answer_ids: dict[str, list[int]] = field(default_factory=dict)
    # Answers already posted (and committed: their 302 came back), with their authors.
    answers_so_far: list[tuple[int, str]] = field(default_factory=list)
    # The vote each writer should have left on each post: 1, -1 or 0.
    expected_votes: dict[tuple[str, int], int] = field(default_factory=dict)

    def fail(self, message: str) -> None:
        with self.lock:
            self.failures.append(message)


def _describe(reply: Reply) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reply.body)).strip()
    return f"{reply.status}: {text[:300]}"


ANSWER_LOCATION = re.compile(r"^/questions/(\d+)/[^/]+/#answer-(\d+)$")


def _writer(
    base_url: str,
    username: str,
    questions: list[dict[str, Any]],
    seed: int,
    results: Results,
) -> None:
    rng = random.Random(seed)
    browser = Browser(base_url)
    try:
        reply = browser.request("/accounts/login/")
        if reply.status != 200:
            results.fail(f"{username} login page: {_describe(reply)}")
            return
        reply = browser.post("/accounts/login/", {"username": username, "password": PASSWORD})
        if reply.status != 302:
            results.fail(f"{username} could not log in: {_describe(reply)}")
            return
        others = [q["id"] for q in questions if q["author"] != username]
        everything = [q["id"] for q in questions]
        votes: dict[int, int] = {}
        answer_ids: list[int] = []
        for number in range(WRITES_PER_WRITER):
            if number % 2 == 0:
                # Mostly questions by others; every third vote an answer by another writer,
                # which also recounts the answer's question (answer_count, is_answered).
                with results.lock:
                    answers = [pk for pk, author in results.answers_so_far if author != username]
                post_id = rng.choice(answers if answers and number % 6 == 4 else others)
                value = rng.choice((1, -1))
                reply = browser.post(
                    f"/posts/{post_id}/vote/", {"direction": "up" if value == 1 else "down"}
                )
                if reply.status != 302:
                    results.fail(f"{username} vote {number} on {post_id}: {_describe(reply)}")
                    continue
                # The same vote again undoes it; the other one switches it.
                votes[post_id] = 0 if votes.get(post_id, 0) == value else value
                with results.lock:
                    results.votes_sent += 1
            else:
                question_id = rng.choice(everything)
                body = (
                    f"Answer {number} from {username}: keep the agenda short, "
                    "write decisions down and end on time."
                )
                reply = browser.post(f"/questions/{question_id}/answer/", {"body": body})
                location = reply.headers.get("Location", "")
                match = ANSWER_LOCATION.match(location)
                if reply.status != 302 or not match or int(match[1]) != question_id:
                    results.fail(
                        f"{username} answer {number} on {question_id} "
                        f"(Location {location!r}): {_describe(reply)}"
                    )
                    continue
                answer_ids.append(int(match[2]))
                with results.lock:
                    results.answers_so_far.append((int(match[2]), username))
        with results.lock:
            results.answer_ids[username] = answer_ids
            for post_id, value in votes.items():
                results.expected_votes[(username, post_id)] = value
    except Exception as error:  # a refused connection or a timeout is a failure too
        results.fail(f"{username} stopped: {type(error).__name__}: {error}")


def _reader(
    base_url: str,
    questions: list[dict[str, Any]],
    seed: int,
    writers_done: threading.Event,
    results: Results,
) -> None:
    rng = random.Random(seed)
    browser = Browser(base_url)
    try:
        while not writers_done.is_set():
            question_id = rng.choice(questions)["id"]
            for path in ("/", "/?tab=active", f"/q/{question_id}", "/tags/"):
                reply = browser.request(path)
                count = 1
                # Follow redirects (/q/<id> is a permanent redirect to the question).
                while reply.status in (301, 302) and count < 5:
                    reply = browser.request(reply.headers["Location"])
                    count += 1
                with results.lock:
                    results.reads += count
                if reply.status != 200:
                    results.fail(f"reader GET {path}: {_describe(reply)}")
    except Exception as error:
        results.fail(f"reader stopped: {type(error).__name__}: {error}")


# The test -----------------------------------------------------------------------------


def test_writers_and_readers_together(server: tuple[Server, Database, Any]) -> None:
    site, database, seeded = server
    questions = seeded["questions"]
    results = Results()
    writers_done = threading.Event()

    writers = [
        threading.Thread(
            target=_writer,
            args=(site.base_url, username, questions, index, results),
            name=f"writer-{username}",
        )
        for index, username in enumerate(seeded["usernames"])
    ]
    readers = [
        threading.Thread(
            target=_reader,
            args=(site.base_url, questions, 1000 + index, writers_done, results),
            name=f"reader-{index}",
        )
        for index in range(READERS)
    ]
    started = time.monotonic()
    for thread in readers + writers:
        thread.start()
    deadline = started + RUN_TIMEOUT
    for thread in writers:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    writers_done.set()
    for thread in readers:
        thread.join(timeout=HTTP_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    stuck = [thread.name for thread in writers + readers if thread.is_alive()]
    assert not stuck, f"threads still running after {elapsed:.0f}s: {stuck}"

    # Stop the server before looking at the log and the database: nothing is in flight.
    site.stop()
    log = site.log_text()

    assert not results.failures, (
        f"{len(results.failures)} failed requests, first ones:\n"
        + "\n".join(results.failures[:20])
        + f"\n\nserver log (end):\n{log[-4000:]}"
    )
    assert "database is locked" not in log.lower(), log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    assert not re.search(r'" 5\d\d ', log), "the access log shows a 5xx response"
    assert results.reads >= READERS, "the readers made no requests"

    # Every answer posted is in the database, and nothing else.
    posted = sorted(i for ids in results.answer_ids.values() for i in ids)
    assert len(posted) == WRITERS * WRITES_PER_WRITER // 2
    stored = sorted(row[0] for row in database.query("SELECT id FROM qa_post WHERE post_type = 2"))
    assert stored == posted

    # Every post's vote tallies agree with its vote rows; every question's answer count
    # and "answered" flag agree with its answers.
    mismatched = database.query(
        """
        SELECT q.id, q.score, q.up_votes, q.down_votes, q.answer_count, q.is_answered,
               COALESCE(v.total, 0), COALESCE(v.ups, 0), COALESCE(v.downs, 0),
               COALESCE(a.live, 0), COALESCE(a.positive, 0)
        FROM qa_post q
        LEFT JOIN (
            SELECT post_id, SUM(value) AS total,
                   SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END) AS ups,
                   SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END) AS downs
            FROM qa_vote GROUP BY post_id
        ) v ON v.post_id = q.id
        LEFT JOIN (
            SELECT question_id, COUNT(*) AS live,
                   SUM(CASE WHEN score > 0 THEN 1 ELSE 0 END) AS positive
            FROM qa_post WHERE post_type = 2 AND is_deleted = FALSE GROUP BY question_id
        ) a ON a.question_id = q.id
        WHERE q.score != COALESCE(v.total, 0)
            OR q.up_votes != COALESCE(v.ups, 0)
            OR q.down_votes != COALESCE(v.downs, 0)
            OR (q.post_type = 1 AND q.answer_count != COALESCE(a.live, 0))
            OR (q.post_type = 1 AND q.accepted_answer_id IS NULL
                AND q.is_answered != (COALESCE(a.positive, 0) > 0))
        """
    )
    assert not mismatched, (
        "(id, score, up, down, answer_count, is_answered | vote sum, ups, downs, "
        "live answers, answers scored above 0): " + repr(mismatched)
    )

    # The vote rows are exactly the votes the writers left, after undoing and switching.
    user_ids = dict(database.query("SELECT username, id FROM accounts_user"))
    expected = {
        (user_ids[username], question_id, value)
        for (username, question_id), value in results.expected_votes.items()
        if value
    }
    actual = set(database.query("SELECT user_id, post_id, value FROM qa_vote"))
    assert actual == expected

    # The reputation ledger explains the votes: one line per upvote for the author, and
    # per downvote one for the author plus, on an answer, one for the voter; no line is
    # left from an undone or switched vote.
    ledger = sorted(
        database.query(
            """
            SELECT actor_id, post_id, kind FROM qa_reputationevent
            WHERE kind IN ('question_upvoted', 'answer_upvoted', 'downvote_received',
                           'downvoted_an_answer')
            """
        )
    )
    post_types = dict(database.query("SELECT id, post_type FROM qa_post"))
    explained = []
    for user_id, post_id, value in actual:
        if value == 1:
            kind = "question_upvoted" if post_types[post_id] == 1 else "answer_upvoted"
            explained.append((user_id, post_id, kind))
        else:
            explained.append((user_id, post_id, "downvote_received"))
            if post_types[post_id] == 2:
                explained.append((user_id, post_id, "downvoted_an_answer"))
    assert ledger == sorted(explained)

    # Every member's reputation is 1 plus their ledger, never below 1: no total was
    # computed from a ledger that missed a line a concurrent request was adding.
    wrong_totals = database.query(
        """
        SELECT u.username, u.reputation, 1 + COALESCE(SUM(e.points), 0)
        FROM accounts_user u LEFT JOIN qa_reputationevent e ON e.user_id = u.id
        GROUP BY u.id, u.username, u.reputation
        HAVING u.reputation != CASE WHEN 1 + COALESCE(SUM(e.points), 0) < 1 THEN 1
                                    ELSE 1 + COALESCE(SUM(e.points), 0) END
        """
    )
    assert not wrong_totals, "(member, reputation, 1 + ledger sum): " + repr(wrong_totals)
    print(
        f"\n{WRITERS * WRITES_PER_WRITER} writes ({results.votes_sent} votes, "
        f"{len(posted)} answers) and {results.reads} reads in {elapsed:.1f}s"
    )


# The reputation total under concurrent writers ----------------------------------------

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(
    ("postgres://", "postgresql://", "pgsql://")
)


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="SQLite runs one writer at a time: a second transaction cannot overlap the first",
)
@pytest.mark.django_db(transaction=True)
def test_a_reputation_total_counts_a_ledger_line_a_concurrent_request_is_adding() -> None:
    """Two requests award the same member at once; the second has to wait for the first
    and then count its line too. (Summing before the wait stores 1 + the second's line.)"""
    from django.db import connection, transaction

    from questor.qa import reputation
    from questor.qa.models import ReputationKind
    from questor.testing.factories import make_user

    member = make_user()
    first_written = threading.Event()
    may_commit = threading.Event()
    errors: list[BaseException] = []

    def award(kind: str, *, hold: bool) -> None:
        try:
            with transaction.atomic():
                reputation.award(user_id=member.pk, kind=kind)
                if hold:
                    first_written.set()
                    may_commit.wait(timeout=20)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(
        target=award, args=(ReputationKind.ANSWER_ACCEPTED,), kwargs={"hold": True}
    )
    first.start()
    assert first_written.wait(timeout=20)
    second = threading.Thread(
        target=award, args=(ReputationKind.ACCEPTED_AN_ANSWER,), kwargs={"hold": False}
    )
    second.start()
    deadline = time.monotonic() + 20
    while True:  # until the second request waits for a lock the first one holds
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
        assert time.monotonic() < deadline, "the second request never waited for the first"
        time.sleep(0.05)
    may_commit.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert not errors, errors
    member.refresh_from_db()
    points = reputation.points_for(ReputationKind.ANSWER_ACCEPTED) + reputation.points_for(
        ReputationKind.ACCEPTED_AN_ANSWER
    )
    assert member.reputation == reputation.total_from_ledger(member.pk) == 1 + points
