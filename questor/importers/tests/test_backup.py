"""`questor backup` and `questor restore`, on the database the suite runs on (SQLite or
PostgreSQL). The restores run as real `questor` processes against an empty database of
their own (a new SQLite file, or a new PostgreSQL database dropped afterwards), and every
table's rows are compared with the original's."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from questor.importers.tests.helpers import DATA

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = DATA / "legacy-pages" / "leadership-vs-management-2009.txt"
OTHER_PAGE = DATA / "legacy-pages" / "engineering-lead-2011.txt"
BLOG = DATA / "wordpress" / "leadership-blog.xml"


# Targets: an empty database of the suite's kind ------------------------------------------


def _pg_params(name: str) -> dict[str, Any]:
    s = connection.settings_dict
    params = {"dbname": name, "host": s["HOST"], "port": s["PORT"] or None, "user": s["USER"]}
    if s["PASSWORD"]:
        params["password"] = s["PASSWORD"]
    return {key: value for key, value in params.items() if value}


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
        admin.execute(sql)


@pytest.fixture
def target(tmp_path: Path) -> Iterator[str]:
    """DATABASE_URL of a new, empty database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'questor.sqlite3'}"
        return
    name = f"h_legacy_restore_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    url = f"postgres://{quote(s['USER'], safe='')}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
    try:
        yield url
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def questor(*args: str, database_url: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `questor …` as an operator would, against `database_url`."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REDIS_URL")}
    env.update(
        DATABASE_URL=database_url,
        QUESTOR_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="questor.settings",
        COLUMNS="200",
    )
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "questor.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# Reading every row -----------------------------------------------------------------------


def _sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=repr)


def source_rows() -> dict[str, list[tuple[Any, ...]]]:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return _sqlite_rows(connection.connection)
    return _pg_rows(connection.settings_dict["NAME"])


def target_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if not Path(path).exists():
            return {}
        raw = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        try:
            return _sqlite_rows(raw)
        finally:
            raw.close()
    return _pg_rows(url.rsplit("/", 1)[1])


def _sqlite_rows(raw: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    names = [
        name
        for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: _sorted(raw.execute(f'SELECT * FROM "{n}"').fetchall()) for n in names}  # noqa: S608


def _pg_rows(name: str) -> dict[str, list[tuple[Any, ...]]]:
    import psycopg

    with psycopg.connect(**_pg_params(name)) as raw:
        tables = [
            table
            for (table,) in raw.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {t: _sorted(raw.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}  # noqa: S608


# Content --------------------------------------------------------------------------------


@pytest.fixture
def site(settings: Any, tmp_path: Path) -> Path:
    """A site with imported content and an uploaded file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "avatars").mkdir(parents=True)
    (settings.MEDIA_ROOT / "avatars" / "questor.png").write_bytes(b"\x89PNG fake picture")
    out = io.StringIO()
    call_command("import-page", str(PAGE), stdout=out)
    call_command("import-wordpress", str(BLOG), stdout=out)
    return tmp_path


def make_backup(folder: Path) -> Path:
    archive = folder / "backups" / "site.tar.gz"
    archive.parent.mkdir()
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


# Tests ----------------------------------------------------------------------------------


def test_a_backup_restored_into_an_empty_database_gives_back_every_row(site, target):
    archive = make_backup(site)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds the secret key
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"questor-backup/manifest.json", "questor-backup/secret_key"} <= names
    assert "questor-backup/media/avatars/questor.png" in names
    original = source_rows()
    assert original["qa_post"] and original["accounts_user"]

    var_dir = site / "restored-var"
    restored = questor("restore", str(archive), database_url=target, var_dir=var_dir)

    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    after = target_rows(target)
    assert after.keys() == original.keys()
    for table, rows in original.items():
        assert after[table] == rows, f"{table} differs after the restore"
    # The uploaded file and the secret key came back; the key is owner-only.
    picture = var_dir / "media" / "avatars" / "questor.png"
    assert picture.read_bytes() == b"\x89PNG fake picture"
    key = var_dir / "secret_key"
    assert key.read_text() == settings.SECRET_KEY
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    # The restored site works: a new page goes in after the restored ids.
    more = questor("import-page", str(OTHER_PAGE), "--answer-marker", r"^Reader Reply:\s*",
                   database_url=target, var_dir=var_dir)  # fmt: skip
    assert more.returncode == 0, more.stderr


def test_restore_refuses_a_database_with_content_or_in_use_unless_forced_and_idle(site, target):
    archive = make_backup(site)
    var_dir = site / "restored-var"
    assert questor("restore", str(archive), database_url=target, var_dir=var_dir).returncode == 0
    before = target_rows(target)

    again = questor("restore", str(archive), database_url=target, var_dir=var_dir)

    assert again.returncode != 0
    assert "Nothing was restored: The target is not empty" in again.stderr
    assert "--force" in again.stderr
    assert target_rows(target) == before

    # Forced, but a web server or worker still has the database open: refused too.
    if target.startswith("sqlite"):
        other: Any = sqlite3.connect(target.removeprefix("sqlite:///"))
        other.execute("SELECT COUNT(*) FROM qa_post").fetchall()
    else:
        import psycopg

        other = psycopg.connect(**_pg_params(target.rsplit("/", 1)[1]))
    try:
        busy = questor("restore", str(archive), "--force", database_url=target, var_dir=var_dir)
    finally:
        other.close()
    assert busy.returncode != 0
    assert "Stop the web servers and workers, then restore" in busy.stderr

    # Forced while nothing else runs: replaced (with the same rows).
    forced = questor("restore", str(archive), "--force", database_url=target, var_dir=var_dir)
    assert forced.returncode == 0, forced.stderr
    assert target_rows(target) == before


def test_a_damaged_archive_is_refused_before_anything_is_touched(site, target):
    archive = make_backup(site)
    damaged = archive.with_name("damaged.tar.gz")
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    var_dir = site / "restored-var"

    result = questor("restore", str(damaged), database_url=target, var_dir=var_dir)

    assert result.returncode != 0
    assert "damaged.tar.gz is not a readable Questor backup" in result.stderr
    assert "qa_post" not in target_rows(target)  # still empty
    assert not (var_dir / "media").exists()


def test_backup_never_overwrites_and_restore_refuses_this_database(site):
    archive = make_backup(site)
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("backup", str(site / "missing" / "x.tar.gz"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="The target is not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
