"""Waiting for a `questor serve` started in a child process: the live-server tests and
`make bench` start real servers and must know when they answer."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable


class ServerDidNotStart(Exception):  # noqa: N818 - the name says what happened
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(
    process: subprocess.Popen[bytes],
    base_url: str,
    *,
    timeout: float,
    log_text: Callable[[], str],
    request_timeout: float = 2.0,
    path: str = "/healthz",
) -> None:
    """Return once `base_url` + `path` answers 200 (a server without a migrated database
    can be asked for a page that reads none). Raises ServerDidNotStart, with the server's
    log, when the process exits first or `timeout` seconds pass; stopping the process is
    the caller's business."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ServerDidNotStart(f"the server exited:\n{log_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}{path}", timeout=request_timeout) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise ServerDidNotStart(f"{path} did not answer within {timeout} s:\n{log_text()}")
        time.sleep(0.2)


def stop_server(process: subprocess.Popen[bytes], *, grace: float = 20) -> None:
    """SIGTERM to `questor serve` (it stops gunicorn and the task worker), then, after at
    most `grace` seconds, kill whatever is left of the process group it leads (started
    with start_new_session)."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait(timeout=10)
