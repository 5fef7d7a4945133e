"""Background work shared by every app: sending email, and the jobs the worker runs every
few seconds.

Email is never sent inside a request: views enqueue `send_email`, and `questor worker`
delivers it. A failed delivery is retried with exponential backoff; each failed attempt
stays visible as a failed task result in the admin.

Periodic jobs are functions an app registers with `@periodic(interval)`; `questor worker`
runs each of them every `interval()` seconds from a thread beside the task queue, and
once per `questor worker --batch`. They suit work that many writes share, which a task
per write would repeat (badge checks), and housekeeping.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    close_old_connections,
    connections,
    router,
    transaction,
)
from django.utils import timezone
from django_tasks import TaskResultStatus, task

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[[], Any])


# Periodic jobs -------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodicJob:
    run: Callable[[], Any]
    interval: Callable[[], float]  # seconds; read before each wait, so settings may change


_JOBS: list[PeriodicJob] = []


def periodic(interval: Callable[[], float]) -> Callable[[F], F]:
    """Register a function for the worker to run every `interval()` seconds."""

    def register(function: F) -> F:
        _JOBS.append(PeriodicJob(function, interval))
        return function

    return register


def run_periodic_jobs() -> None:
    """Every periodic job once, in the order registered (`questor worker --batch`)."""
    for job in _JOBS:
        job.run()


class PeriodicJobs(threading.Thread):
    """Runs the periodic jobs until stopped; a job that fails is logged and runs again at
    its next turn."""

    def __init__(self) -> None:
        super().__init__(name="questor-periodic-jobs", daemon=True)
        self._stopping = threading.Event()
        self.runs = 0  # jobs run so far, failed ones included

    def run(self) -> None:
        due = [0.0] * len(_JOBS)
        try:
            while not self._stopping.is_set():
                for index, job in enumerate(_JOBS):
                    if time.monotonic() < due[index]:
                        continue
                    close_old_connections()  # as between requests: a broken one is replaced
                    try:
                        job.run()
                    except Exception:
                        logger.exception("The periodic job %s failed", job.run.__qualname__)
                    self.runs += 1
                    due[index] = time.monotonic() + max(job.interval(), 0.01)
                self._stopping.wait(max(min(due, default=1.0) - time.monotonic(), 0.01))
        finally:
            connections.close_all()

    def stop(self, timeout: float = 30) -> None:
        """Stop after the job running now, if any."""
        self._stopping.set()
        self.join(timeout)


@periodic(lambda: 3600)
def prune_finished_tasks() -> int:
    """Delete the results of tasks that succeeded more than TASK_RESULTS_KEEP_DAYS ago
    (failed ones stay for a person to look at); returns how many."""
    from django_tasks_db.models import DBTaskResult

    before = timezone.now() - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=before
    ).delete()
    return deleted


# Email ---------------------------------------------------------------------------------


def retry_delay(attempt: int) -> timedelta:
    """30 s, 60 s, 120 s, 240 s… after the first, second, third… failure."""
    return timedelta(seconds=settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str = "",
    headers: dict[str, str] | None = None,
    attempt: int = 1,
) -> int:
    """Send this email, and with it the others waiting in the queue, over one connection
    to the mail server: each email as its own task cost the worker two writes of its row
    and a connection of its own (docs/benchmarks.md, "background work off the write
    path"). Each taken email ends as its own task would have: successful, or failed with
    a retry queued."""
    from django_tasks_db.models import DBTaskResult

    taken = _take_waiting_emails()
    succeeded: list[Any] = []
    connection = get_connection()
    try:
        # Opened once for them all. If it cannot be, each email tries again, fails and
        # is retried on its own.
        with contextlib.suppress(Exception):
            connection.open()
        for result_id, kwargs in taken:
            try:
                _send(connection, **kwargs)
            except Exception as error:  # recorded on its row, as the worker records its own
                DBTaskResult.objects.get(pk=result_id).set_failed(error)
                with contextlib.suppress(Exception):
                    connection.close()  # perhaps dropped by the server: the next reopens it
            else:
                succeeded.append(result_id)
        if succeeded:
            DBTaskResult.objects.filter(pk__in=succeeded).update(
                status=TaskResultStatus.SUCCESSFUL,
                finished_at=timezone.now(),
                return_value=1,
                exception_class_path="",
                traceback="",
            )
        return _send(
            connection,
            to=to,
            subject=subject,
            text=text,
            html=html,
            headers=headers,
            attempt=attempt,
        )
    finally:
        with contextlib.suppress(Exception):
            connection.close()


# Emails taken into one run at most.
MERGED_EMAILS = 100


def _take_waiting_emails() -> list[tuple[Any, dict[str, Any]]]:
    """The other emails due in the queue (ids and arguments), claimed as the worker claims
    a task: marked running, so no other worker takes them."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    backend = send_email.get_backend()
    waiting = (
        DBTaskResult.objects.ready()
        .filter(
            backend_name=backend.alias,
            queue_name=send_email.queue_name,
            task_path=send_email.module_path,
        )
        .order_by("-priority", "run_after", "enqueued_at")
    )
    try:
        with exclusive_transaction(waiting.db):
            taken = list(
                waiting.select_for_update(skip_locked=True).values_list("id", "args_kwargs")[
                    :MERGED_EMAILS
                ]
            )
            if taken:
                DBTaskResult.objects.filter(pk__in=[pk for pk, _ in taken]).update(
                    status=TaskResultStatus.RUNNING, started_at=timezone.now()
                )
    except OperationalError as error:
        if not is_locked_database_exception(error):
            raise
        return []  # SQLite's write lock was busy past its timeout: their own tasks send them
    return [(pk, (args_kwargs or {}).get("kwargs", {})) for pk, args_kwargs in taken]


def _send(
    connection: Any,
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str = "",
    headers: dict[str, str] | None = None,
    attempt: int = 1,
) -> int:
    """Send one email over the open connection; when it fails, queue the next attempt
    (TASK_MAX_ATTEMPTS in all, further and further apart) and raise."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=to, headers=headers or {}, connection=connection
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except Exception:
        if attempt < settings.TASK_MAX_ATTEMPTS:
            delay = retry_delay(attempt)
            logger.warning("Sending %r failed; retrying in %s", subject, delay)
            send_email.using(run_after=timezone.now() + delay).enqueue(
                to=to,
                subject=subject,
                text=text,
                html=html,
                headers=headers,
                attempt=attempt + 1,
            )
        else:
            logger.error("Sending %r failed %d times; giving up", subject, attempt)
        raise


def enqueue_email(
    *, to: str, subject: str, text: str, html: str = "", headers: dict[str, str] | None = None
) -> None:
    """Queue one email with the current transaction's change: a rollback sends nothing."""

    def enqueue() -> None:
        send_email.enqueue(to=[to], subject=subject, text=text, html=html, headers=headers)

    if transaction.get_connection().in_atomic_block and queue_is_this_database():
        # The queue's row commits (or rolls back) with the change, and the worker cannot
        # see it before. Queued after the commit, it would be one more write (on SQLite,
        # one more turn at the write lock) for every change that sends an email.
        enqueue()
    else:
        transaction.on_commit(enqueue)


def queue_is_this_database() -> bool:
    """Whether the task queue is a table of the default database (django-tasks' database
    backend, routed there)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(send_email.get_backend(), DatabaseBackend) and (
        router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )
