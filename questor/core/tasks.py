"""Background work shared by every app: sending email.

Email is never sent inside a request: views enqueue `send_email`, and `questor worker`
delivers it. A failed delivery is retried with exponential backoff; each failed attempt
stays visible as a failed task result in the admin.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


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
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers or {})
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
    """Queue one email once the current transaction commits (so a rollback sends nothing)."""
    from django.db import transaction

    transaction.on_commit(
        lambda: send_email.enqueue(to=[to], subject=subject, text=text, html=html, headers=headers)
    )
