"""`questor serve`: the production web server (gunicorn), optionally with the task worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection


def _cores() -> int:
    """The cores this process may run on (a container's share, where it is pinned)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _default_workers() -> int:
    """On SQLite one worker per core, two at least (one slow request never holds the
    whole site) and eight at most: a request is all CPU in its worker's own process, and
    more processes than cores only take turns on them. On two cores, alternated, two
    workers served the list and question pages 11-66% faster than five or three, and
    writes 7-16% faster (docs/benchmarks.md). On PostgreSQL 2 x cores + 1 (at most
    eight), as gunicorn advises: there a worker waits for the database server."""
    cores = _cores()
    if connection.vendor == "sqlite":
        return min(max(2, cores), 8)
    return min(2 * cores + 1, 8)


def _default_threads() -> int:
    """On SQLite a request is all CPU in the worker's own process, so a worker's threads
    only wait for each other's GIL: single-threaded workers served the question page
    with a lower median (40-43 -> 28-36 ms, docs/benchmarks.md). On PostgreSQL threads
    overlap the waits for the database server."""
    return 1 if connection.vendor == "sqlite" else 4


class Command(BaseCommand):
    help = "Serve Questor with gunicorn; --with-worker also runs the background task worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", str(_default_workers()))),
            help="Web worker processes (default: one per core on SQLite, 2 x cores + 1 on "
            "PostgreSQL; 2 to 8).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", str(_default_threads()))),
            help="Threads per worker (default: 1 on SQLite, 4 on PostgreSQL).",
        )
        parser.add_argument(
            "--with-worker", action="store_true", help="Also run `questor worker` alongside."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        web = [
            sys.executable, "-m", "gunicorn", "questor.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--worker-class", "questor.core.web_worker.BalancedThreadWorker",
            "--access-logfile", "-",
            "--graceful-timeout", "10",
            "--forwarded-allow-ips", "127.0.0.1",
        ]  # fmt: skip
        # One control socket per server: the default path is shared by every gunicorn of
        # the user, so a second server would take it over and delete it on exit.
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        control = settings.VAR_DIR / f"gunicorn-{options['port']}.ctl"
        # A Unix socket path must fit in 108 bytes.
        web += (
            ["--control-socket", str(control)]
            if len(str(control)) < 100
            else ["--no-control-socket"]
        )
        processes = [subprocess.Popen(web)]  # noqa: S603 - fixed argv, no shell
        if options["with_worker"]:
            worker = [sys.executable, "-m", "questor.cli", "worker"]
            processes.append(subprocess.Popen(worker))  # noqa: S603
        extra = ", plus the task worker" if options["with_worker"] else ""
        self.stdout.write(
            f"Questor is serving on http://{options['host']}:{options['port']}/ "
            f"({options['workers']} workers{extra}). Ctrl-C stops."
        )

        def stop(*_: object) -> None:
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            # Stop everything when any one process ends, so a crash is never half-hidden.
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
