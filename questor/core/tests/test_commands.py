"""The `questor` command line as an operator uses it, in a subprocess on a fresh database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _questor(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3",
        "QUESTOR_VAR_DIR": str(tmp_path),
        "REDIS_URL": "",
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own entry point
        [sys.executable, "-m", "questor.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_setup_creates_the_admin_once_and_loads_the_demo_into_an_empty_site(tmp_path):
    first = _questor(tmp_path, "setup", QUESTOR_DEMO="1")
    assert first.returncode == 0, first.stderr
    assert "Created the admin account" in first.stdout
    assert "Loaded the demo community: 8 members" in first.stdout

    second = _questor(tmp_path, "setup", QUESTOR_DEMO="1")
    assert second.returncode == 0, second.stderr
    assert "Created the admin account" not in second.stdout
    assert "Loaded the demo community" not in second.stdout

    counts = _questor(
        tmp_path,
        "shell",
        "-c",
        "from questor.qa.models import Post, Category; from questor.accounts.models import User;"
        "print(Post.objects.filter(post_type=1).count(), Category.objects.count(),"
        " User.objects.filter(is_superuser=False).count())",
    )
    questions, categories, members = map(int, counts.stdout.strip().splitlines()[-1].split())
    assert questions >= 12 and categories >= 5 and members >= 6


def test_setup_without_demo_leaves_the_site_empty(tmp_path):
    result = _questor(tmp_path, "setup")
    assert result.returncode == 0, result.stderr
    assert "Loaded the demo" not in result.stdout


def test_unknown_database_url_fails_with_a_clear_message(tmp_path):
    result = _questor(tmp_path, "check", DATABASE_URL="mysql://root@localhost/q")
    assert result.returncode != 0
    assert "use sqlite:///" in result.stderr
