"""The Django side of `make bench`, run as a subprocess against the benchmark's own
database: prepare members and pages to measure, count SQL queries per page, profile.

    python -m questor.bench.probe prepare OUT.json
    python -m questor.bench.probe queries IN.json OUT.json
    python -m questor.bench.probe profile IN.json OUT.json
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
from pathlib import Path
from typing import Any

import django

MEMBERS = 220  # "established" writers: 1,000 reputation, verified
MEMBER_REPUTATION = 1000
LONG_QUESTION_ANSWERS = 30
HOST = "127.0.0.1"


def _setup() -> None:
    django.setup()


def prepare(out: Path) -> None:
    """Members with sessions, and the URLs of each page to measure."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.db.models import Count, Q

    from questor.accounts.models import User
    from questor.qa import actions
    from questor.qa.models import Post, PostType, Tag

    password = make_password("bench horse battery staple")
    existing = set(
        User.objects.filter(username__startswith="bench").values_list("username", flat=True)
    )
    User.objects.bulk_create(
        [
            User(
                username=f"bench{number}",
                email=f"bench{number}@example.com",
                email_verified=True,
                reputation=MEMBER_REPUTATION,
                password=password,
            )
            for number in range(MEMBERS)
            if f"bench{number}" not in existing
        ]
    )
    members = list(User.objects.filter(username__startswith="bench").order_by("id")[:MEMBERS])
    sessions = []
    for member in members:
        store = SessionStore()
        store[SESSION_KEY] = str(member.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = member.get_session_auth_hash()
        store.create()
        sessions.append({"user_id": member.pk, "session": store.session_key})

    live = Post.objects.public().filter(post_type=PostType.QUESTION, closed_at=None)
    five = live.filter(answer_count=5).order_by("id").first()
    if five is None:  # a small dump: give a question five answers
        five = live.order_by("-answer_count", "id").first()
        assert five is not None, "the dump has no question"
        for number in range(five.answer_count, 5):
            actions.post_answer(
                author=members[number],
                question=five,
                body=f"A benchmark answer, number {number}, long enough to pass the rules. " * 3,
            )
    long_question = live.exclude(pk=five.pk).order_by("id").first()
    assert long_question is not None
    for number in range(long_question.answer_count, LONG_QUESTION_ANSWERS):
        actions.post_answer(
            author=members[number % len(members)],
            question=long_question,
            body=f"A benchmark answer, number {number}, long enough to pass the rules. " * 3,
        )
    five.refresh_from_db()
    long_question.refresh_from_db()
    tag = Tag.objects.order_by("-question_count", "name").first()
    assert tag is not None
    author = (
        User.objects.filter(is_active=True, is_imported=True)
        .annotate(post_total=Count("posts", filter=Q(posts__is_deleted=False)))
        .order_by("-post_total", "id")
        .first()
    ) or members[0]
    words = five.title.rstrip("?").split()
    plain = " ".join(words[:2])
    operators = f"[{tag.name}] {words[0]} score:1..50 answers:1.."
    # Targets for writes: open questions, and their answers for votes and comments.
    targets = list(
        live.exclude(pk__in=[five.pk, long_question.pk])
        .order_by("-id")
        .values_list("id", flat=True)[:400]
    )
    answers = list(
        Post.objects.public()
        .filter(post_type=PostType.ANSWER, question_id__in=targets)
        .values_list("id", flat=True)[:400]
    )
    urls: dict[str, str] = {
        "question (5 answers)": five.get_absolute_url(),
        f"question ({long_question.answer_count} answers)": long_question.get_absolute_url(),
        "home: newest": "/",
        "home: active": "/?tab=active",
        "home: votes": "/?tab=votes",
        "home: unanswered": "/?tab=unanswered",
        "home: hot": "/?tab=hot",
        "tag page": f"/tags/{tag.name}/",
        "user page": author.get_absolute_url(),
        "search: plain": "/search/?" + _query({"q": plain}),
        "search: operators": "/search/?" + _query({"q": operators}),
        "similar titles": "/questions/similar/?" + _query({"title": five.title}),
    }
    if _resolves("/2.3/questions"):  # the Stack Exchange API, when it is there
        from importlib import import_module

        site = import_module("questor.seapi.conf").api_site_parameter()
        urls["/2.3/questions"] = "/2.3/questions?" + _query({"site": site, "pagesize": "30"})
    result = {
        "urls": urls,
        "sessions": sessions,
        "questions": targets,
        "answers": answers,
        "five": five.pk,
        "counts": {
            "posts": Post.objects.count(),
            "questions": Post.objects.filter(post_type=PostType.QUESTION).count(),
            "users": User.objects.count(),
            "tags": Tag.objects.count(),
        },
    }
    out.write_text(json.dumps(result, indent=1))


def _query(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _resolves(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        try:
            resolve(path + "/")
        except Resolver404:
            return False
    return True


def _client(session: str | None) -> Any:
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def queries(spec_path: Path, out: Path) -> None:
    """SQL queries per request for each page: anonymous (with the page cache on, the
    second request: a hit), and the question page for a member."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spec = json.loads(spec_path.read_text())
    session = spec["sessions"][0]["session"]
    rows: dict[str, int] = {}

    def count(url: str, member: str | None) -> int:
        client = _client(member)
        client.get(url)  # warm: privilege thresholds, the page cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            return -int(response.status_code)  # shown as an error in the report
        return len(captured)

    for name, url in spec["urls"].items():
        rows[name] = count(url, None)
    rows["question (5 answers), logged in"] = count(spec["urls"]["question (5 answers)"], session)
    out.write_text(json.dumps(rows, indent=1))


def profile(spec_path: Path, out: Path, rounds: int = 30) -> None:
    """Where the time goes: cProfile over some requests of the question and home pages."""
    spec = json.loads(spec_path.read_text())
    result: dict[str, str] = {}
    for name in ("question (5 answers)", "home: newest"):
        url = spec["urls"][name]
        client = _client(None)
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(rounds):
            client.get(url)
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats("tottime").print_stats(14)
        text.write("\n--- by cumulative time ---\n")
        stats.sort_stats("cumulative").print_stats(22)
        result[name] = _trim(text.getvalue())
    out.write_text(json.dumps(result, indent=1))


def _trim(report: str) -> str:
    keep = []
    for line in report.splitlines():
        if line.strip().startswith(("Ordered by", "List reduced")) or not line.strip():
            continue
        keep.append(line.rstrip())
    return "\n".join(keep)


def main(argv: list[str]) -> None:
    _setup()
    command, *paths = argv
    if command == "prepare":
        prepare(Path(paths[0]))
    elif command == "queries":
        queries(Path(paths[0]), Path(paths[1]))
    elif command == "profile":
        profile(Path(paths[0]), Path(paths[1]), int(paths[2]) if len(paths) > 2 else 30)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
