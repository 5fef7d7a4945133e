from __future__ import annotations

import socket

import pytest
from django_tasks_db.models import DBTaskResult

from questor.core.tasks import retry_delay, send_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_email_is_sent_by_the_worker(smtp_server, run_tasks):
    send_email.enqueue(to=["ann@example.com"], subject="Hello", text="Plain", html="<p>Rich</p>")
    assert smtp_server.messages == []
    run_tasks()
    [message] = smtp_server.to("ann@example.com")
    assert message["Subject"] == "Hello"
    assert smtp_server.text_of(message).strip() == "Plain"
    assert message.get_body(preferencelist=("html",)) is not None


def test_failed_email_is_retried_later_with_backoff_and_stays_visible(settings, run_tasks):
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    send_email.enqueue(to=["ann@example.com"], subject="Hello", text="Plain")
    run_tasks()

    failed = DBTaskResult.objects.get(status="FAILED")
    assert "ConnectionRefusedError" in str(failed.exception_class_path)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after is not None and retry.run_after > failed.finished_at


def test_backoff_doubles():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
