"""A real Stack Exchange dump (conlang.meta, see questor/importers/tests/data/SOURCES.md)
imported once per test module, and Questor served over it by gunicorn (`questor serve`)
once per module for the tests that drive real client libraries.

The import is committed (outside any test's transaction) so the server process can read
it: on PostgreSQL the server is pointed at the test database itself; SQLite's test
database lives in this process's memory, so it is copied to a file (SQLite's online
backup) that the server opens. Both are removed at the module's end."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from questor.importers.tests.helpers import CONLANG, run_import, wipe
from questor.qa.models import Badge, Post
from questor.search import engine
from questor.testing.servers import free_port, stop_server, wait_until_healthy

ROOT = Path(__file__).resolve().parents[3]
SITE_URL = "https://qa.example.org"
SITE = "questor"  # the default api_site_parameter: SITE_NAME "Questor", lower-cased
STARTUP_TIMEOUT = 60


@pytest.fixture(scope="module")
def dump(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        assert not Post.objects.exists(), "the Stack Exchange API tests need an empty database"
        badges_before = set(Badge.objects.values_list("pk", flat=True))
        result = run_import(CONLANG, reindex=True)
        assert result.errors == []
        try:
            yield
        finally:
            wipe(badges_before)
            engine.clear()


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = SITE_URL


def _database_url(tmp: Path) -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        path = tmp / "questor.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{path}"
    settings = connection.settings_dict
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


@pytest.fixture(scope="module")
def live_api(
    dump: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The base URL of `questor serve` (gunicorn) over the imported dump."""
    tmp = tmp_path_factory.mktemp("seapi")
    with django_db_blocker.unblock():
        database_url = _database_url(tmp)
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="questor.settings",
        DATABASE_URL=database_url,
        QUESTOR_VAR_DIR=str(tmp / "var"),
        SECRET_KEY="seapi-test-secret-key-not-for-production-use-0123456789abcdef",
        SITE_URL=SITE_URL,
        VIEW_COUNT_FLUSH_THREAD="0",
        PYTHONUNBUFFERED="1",
    )
    port = free_port()
    log = tmp / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-m", "questor.cli", "serve", "--port", str(port),
             "--workers", "2", "--threads", "2"],
            env=env, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(process, base, timeout=STARTUP_TIMEOUT, log_text=log.read_text)
        yield base
    finally:
        stop_server(process)
