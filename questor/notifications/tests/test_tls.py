"""Email over STARTTLS and over implicit TLS, verified against a private CA.

The CA and the server's certificate are made offline by trustme; Questor's SMTP backend
(questor/core/mail.py) verifies the server against EMAIL_CA_FILE, and refuses a server
whose certificate that CA did not sign."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from conftest import Mailbox
from questor.lib.env import email_config
from questor.testing.factories import make_answer, make_question, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


class StartTLSController(Controller):
    """aiosmtpd that offers STARTTLS and refuses mail until the client switched to TLS."""

    def __init__(self, handler: Any, *, tls_context: ssl.SSLContext, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.tls_context = tls_context

    def factory(self) -> SMTP:
        return SMTP(
            self.handler, tls_context=self.tls_context, require_starttls=True, hostname="localhost"
        )


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def starttls_server(ca: trustme.CA, settings: Any, ca_file: str) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    port = _free_port()
    controller = StartTLSController(
        mailbox, tls_context=_server_context(ca), hostname="127.0.0.1", port=port
    )
    controller.start()
    for key, value in email_config(f"smtp+tls://127.0.0.1:{port}").items():
        setattr(settings, key, value)
    settings.EMAIL_CA_FILE = ca_file
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def implicit_tls_server(ca: trustme.CA, settings: Any, ca_file: str) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        ssl_context=_server_context(ca),
        server_hostname="localhost",
    )
    controller.start()
    for key, value in email_config(f"smtps://127.0.0.1:{port}").items():
        setattr(settings, key, value)
    settings.EMAIL_CA_FILE = ca_file
    try:
        yield mailbox
    finally:
        controller.stop()


def _answer_for(username: str) -> None:
    make_answer(question=make_question(author=make_user(username=username)))


def test_notification_email_over_starttls(starttls_server, run_tasks, settings):
    assert settings.EMAIL_BACKEND == "questor.core.mail.EmailBackend" and settings.EMAIL_USE_TLS
    _answer_for("tlsreader")
    run_tasks()
    [message] = starttls_server.to("tlsreader@example.com")
    assert "answered your question" in message["Subject"]


def test_notification_email_over_implicit_tls(implicit_tls_server, run_tasks, settings):
    assert settings.EMAIL_USE_SSL and not settings.EMAIL_USE_TLS
    _answer_for("sslreader")
    run_tasks()
    [message] = implicit_tls_server.to("sslreader@example.com")
    assert message.get_body(preferencelist=("html",)) is not None


def test_a_server_certificate_from_another_ca_is_refused(starttls_server, settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    settings.EMAIL_CA_FILE = str(other)
    _answer_for("careful")
    from django.core.management import call_command

    call_command("worker", "--batch")
    assert starttls_server.messages == []
    failed = DBTaskResult.objects.get(status="FAILED", task_path__endswith="send_email")
    assert "SSLCertVerificationError" in str(failed.exception_class_path)
