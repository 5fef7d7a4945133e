"""`questor serve`'s worker class (questor/core/web_worker.py), in a real gunicorn: a
worker whose only thread is busy leaves new connections to the workers that are free."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from questor.testing.servers import free_port

pytestmark = pytest.mark.concurrency
ROOT = Path(__file__).resolve().parents[3]


def _get(url: str, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - our server
        return int(answer.status)


def test_a_worker_busy_with_a_request_leaves_new_connections_to_the_others(tmp_path: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "questor.settings",
        # robots.txt reads no table: the server needs no migrated database.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "QUESTOR_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "web-worker-test-secret-key-not-for-production-use-0123456789",
        "PAGE_CACHE_SECONDS": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("REDIS_URL", None)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "questor.cli", "serve", "--port", str(port)]
        + ["--workers", "2", "--threads", "1"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(f"{base}/robots.txt", timeout=2) == 200:
                    break
            except (urllib.error.URLError, OSError):
                pass
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.2)

        # A request whose headers never end holds its worker's only thread.
        stuck = socket.create_connection(("127.0.0.1", port), timeout=30)
        stuck.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(1)

        # Every new connection goes to the other worker, which answers it at once. With
        # gunicorn's own gthread worker the busy one takes about half of them, and each
        # of those waits behind the stuck request.
        for _ in range(6):
            started = time.monotonic()
            assert _get(f"{base}/robots.txt", timeout=10) == 200
            assert time.monotonic() - started < 5

        # The held request is still served once it is whole.
        stuck.sendall(b"\r\n")
        assert stuck.recv(4096).startswith(b"HTTP/1.1 200")
        stuck.close()
    finally:
        if server.poll() is None:
            server.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        log.close()
