"""Daily and weekly digests: every notification delivered by digest and not yet claimed,
one email per member.

Exactly once, with one documented window. For each member, ONE transaction records the
Digest, claims the notifications (sets their `digest`), sends the email over SMTP, and
commits. A process killed before the SMTP server accepts the message rolls back: nothing
was claimed, and the next run sends it. A process killed after the server accepted the
message but before the commit also rolls back, and the next run sends it again: in that
window (the few milliseconds between "250 accepted" and COMMIT) a duplicate is possible,
a loss never is.

A failed send (the SMTP server refuses or is down) rolls back the same way, is recorded
as a failed Digest (visible in the admin, with the error), and is retried by the worker
with backoff (`send_member_digest`), as well as by the next `questor send-digests`.

On SQLite the transaction holds the write lock while the email is sent (writers queue on
the busy timeout meanwhile); on PostgreSQL it locks only that member's notifications
(SKIP LOCKED, so two senders never claim the same ones).

Test hook: with QUESTOR_DIGEST_PAUSE=after-claim or after-send in the environment, the
sender prints "digest-paused <point> <user id>" and sleeps QUESTOR_DIGEST_PAUSE_SECONDS
(default 60) at that point of the first member's digest, so a test can SIGKILL it there.
Unset (always, outside tests), the hook does nothing.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from questor.accounts.models import User
from questor.core.tasks import retry_delay
from questor.notifications.emails import can_email, digest_email
from questor.notifications.models import Delivery, Digest, Notification

logger = logging.getLogger(__name__)

PERIODS = (Delivery.DAILY, Delivery.WEEKLY)
PAUSE_ENV = "QUESTOR_DIGEST_PAUSE"
PAUSE_SECONDS_ENV = "QUESTOR_DIGEST_PAUSE_SECONDS"
_paused: set[str] = set()


def _pause(point: str, user_id: int) -> None:
    """The test hook (see the module docstring); once per point per process."""
    if os.environ.get(PAUSE_ENV) != point or point in _paused:
        return
    _paused.add(point)
    print(f"digest-paused {point} {user_id}", flush=True)  # noqa: T201 - read by the test
    sys.stdout.flush()
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "60")))


@dataclass
class DigestRun:
    sent: int = 0
    notifications: int = 0
    skipped: int = 0
    failed: int = 0


def members_waiting(period: str) -> list[int]:
    return list(
        Notification.objects.filter(delivery=period, digest__isnull=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def send_digests(period: str) -> DigestRun:
    """One digest to every member with unclaimed notifications for this period."""
    if period not in PERIODS:
        raise ValueError(f"A digest period is one of {', '.join(PERIODS)}.")
    run = DigestRun()
    for user_id in members_waiting(period):
        try:
            digest = send_member_digest_now(user_id=user_id, period=period)
        except Exception as error:
            run.failed += 1
            _record_failure(user_id=user_id, period=period, error=error, attempt=1)
            _retry_later(user_id=user_id, period=period, attempt=1)
            continue
        if digest is None:
            continue
        if digest.status == Digest.Status.SENT:
            run.sent += 1
            run.notifications += digest.notification_count
        else:
            run.skipped += 1
    return run


def send_member_digest_now(*, user_id: int, period: str, attempt: int = 1) -> Digest | None:
    """Record, claim, send and commit, in one transaction (see the module docstring).

    Returns the digest, or None when nothing was waiting. Raises when the send failed;
    then nothing is claimed."""
    with transaction.atomic():
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            return None
        waiting = Notification.objects.filter(
            recipient_id=user_id, delivery=period, digest__isnull=True
        )
        ids = list(
            waiting.select_for_update(skip_locked=True)
            .order_by("created_at", "id")
            .values_list("id", flat=True)
        )
        if not ids:
            return None
        sendable = can_email(user)
        digest = Digest.objects.create(
            user=user,
            period=period,
            notification_count=len(ids),
            attempt=attempt,
            status=Digest.Status.SENT if sendable else Digest.Status.NO_ADDRESS,
        )
        Notification.objects.filter(pk__in=ids).update(digest=digest)
        _pause("after-claim", user_id)
        if sendable:
            notifications = list(
                Notification.objects.filter(pk__in=ids).order_by("created_at", "id")
            )
            email = digest_email(user, period, notifications)
            message = EmailMultiAlternatives(
                subject=email.subject, body=email.text, to=[email.to], headers=email.headers
            )
            message.attach_alternative(email.html, "text/html")
            message.send()
            _pause("after-send", user_id)
    return digest


def _record_failure(*, user_id: int, period: str, error: Exception, attempt: int) -> None:
    logger.error("The %s digest for member %s failed (attempt %d): %r", period, user_id,
                 attempt, error)  # fmt: skip
    if User.objects.filter(pk=user_id).exists():
        Digest.objects.create(
            user_id=user_id,
            period=period,
            status=Digest.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            attempt=attempt,
            created_at=timezone.now(),
        )


def _retry_later(*, user_id: int, period: str, attempt: int) -> None:
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        return
    send_member_digest.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
        user_id=user_id, period=period, attempt=attempt + 1
    )


@task()
def send_member_digest(*, user_id: int, period: str, attempt: int = 1) -> int:
    """The worker's retry of one member's failed digest; returns how many it carried."""
    try:
        digest = send_member_digest_now(user_id=user_id, period=period, attempt=attempt)
    except Exception as error:
        _record_failure(user_id=user_id, period=period, error=error, attempt=attempt)
        _retry_later(user_id=user_id, period=period, attempt=attempt)
        raise
    return digest.notification_count if digest is not None else 0


@task()
def send_digests_task(*, period: str) -> int:
    """The same as `questor send-digests --period …`, for schedulers that enqueue tasks."""
    return send_digests(period).sent
