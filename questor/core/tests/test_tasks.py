from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from questor.core.tasks import enqueue_email, prune_finished_tasks, retry_delay, send_email

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


def test_waiting_emails_go_out_together_over_one_connection(smtp_server, run_tasks):
    for name in ("ann", "ben", "cy"):
        send_email.enqueue(to=[f"{name}@example.com"], subject=f"For {name}", text="Plain")
    run_tasks()
    assert sorted(str(message["To"]) for message in smtp_server.messages) == [
        "ann@example.com",
        "ben@example.com",
        "cy@example.com",
    ]
    assert len(set(smtp_server.peers)) == 1
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_an_email_refused_among_others_fails_alone_and_is_retried(smtp_server, run_tasks):
    smtp_server.refuse = {"gone@example.com"}
    for name in ("ann", "gone", "ben"):
        send_email.enqueue(to=[f"{name}@example.com"], subject=f"For {name}", text="Plain")
    run_tasks()
    assert sorted(str(message["To"]) for message in smtp_server.messages) == [
        "ann@example.com",
        "ben@example.com",
    ]
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.args_kwargs["kwargs"]["to"] == ["gone@example.com"]
    assert failed.exception_class_path.endswith("SMTPRecipientsRefused")
    retry = DBTaskResult.objects.get(status="READY")  # due later: not taken in early
    again = retry.args_kwargs["kwargs"]
    assert (again["to"], again["subject"], again["attempt"]) == (
        ["gone@example.com"],
        "For gone",
        2,
    )
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_an_email_is_queued_with_the_change_and_rolled_back_with_it():
    """Its queue row is written in the change's transaction, not after the commit."""
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_email(to="ann@example.com", subject="Hello", text="Plain")
        raise RuntimeError("roll back")
    assert not DBTaskResult.objects.exists()
    with transaction.atomic():
        enqueue_email(to="ann@example.com", subject="Hello", text="Plain")
        assert DBTaskResult.objects.count() == 1  # in this transaction
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["to"] == ["ann@example.com"]


def test_backoff_doubles():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]


def test_the_worker_prunes_results_of_tasks_that_succeeded_long_ago(settings):
    settings.TASK_RESULTS_KEEP_DAYS = 14
    ago = timezone.now() - timedelta(days=15)
    for subject, status, finished_at in [
        ("old success", "SUCCESSFUL", ago),
        ("new success", "SUCCESSFUL", timezone.now()),
        ("old failure", "FAILED", ago),
    ]:
        result = send_email.enqueue(to=["ann@example.com"], subject=subject, text="Plain")
        DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished_at)
    assert prune_finished_tasks() == 1
    kept = DBTaskResult.objects.values_list("args_kwargs__kwargs__subject", flat=True)
    assert sorted(kept) == ["new success", "old failure"]
