"""Digests batch what waited since the last one, claim each event once, and a failed send
loses nothing (it is recorded, visible in the admin, and retried with backoff)."""

from __future__ import annotations

import re
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from questor.notifications import actions as notification_actions
from questor.notifications.digests import send_digests
from questor.notifications.events import notify
from questor.notifications.models import Delivery, Digest, Kind, Notification
from questor.testing.factories import make_user

pytestmark = pytest.mark.django_db


def events(user, count: int, *, start: int = 0, kind: str = Kind.FLAG_OUTCOME) -> None:
    for number in range(start, start + count):
        notify(user.pk, kind=kind, text=f"Event number {number} for {user.username}", url="/")


def numbers(text: str) -> list[int]:
    return sorted(int(n) for n in re.findall(r"Event number (\d+)", text))


@pytest.fixture
def daily_member():
    member = make_user(username="daily")
    notification_actions.save_settings(user=member, choices={Kind.FLAG_OUTCOME: Delivery.DAILY})
    return member


def test_a_daily_digest_batches_what_waited_and_never_sends_it_twice(smtp_server, daily_member):
    weekly = make_user(username="weekly")
    notification_actions.save_settings(user=weekly, choices={Kind.FLAG_OUTCOME: Delivery.WEEKLY})
    events(daily_member, 3)
    events(weekly, 2)

    run = send_digests(Delivery.DAILY)
    assert (run.sent, run.notifications, run.failed) == (1, 3, 0)
    [message] = smtp_server.to("daily@example.com")
    assert "Daily digest: 3 updates" in message["Subject"]
    assert numbers(smtp_server.text_of(message)) == [0, 1, 2]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert smtp_server.to("weekly@example.com") == []  # not its period

    assert send_digests(Delivery.DAILY).sent == 0  # nothing new: nothing sent
    events(daily_member, 2, start=3)
    send_digests(Delivery.DAILY)
    latest = smtp_server.to("daily@example.com")[-1]
    assert numbers(smtp_server.text_of(latest)) == [3, 4]  # only what came since

    send_digests(Delivery.WEEKLY)
    [weekly_mail] = smtp_server.to("weekly@example.com")
    assert "Weekly digest: 2 updates" in weekly_mail["Subject"]
    assert Digest.objects.filter(status=Digest.Status.SENT).count() == 3
    assert not Notification.objects.filter(delivery__in=["daily", "weekly"], digest=None).exists()


def test_digest_html_escapes_what_members_wrote(smtp_server, daily_member):
    notify(daily_member.pk, kind=Kind.FLAG_OUTCOME, text='Your flag on <script>x()</script> "q"')
    send_digests(Delivery.DAILY)
    [message] = smtp_server.to("daily@example.com")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html


def test_a_failed_digest_claims_nothing_is_visible_and_is_retried(settings, daily_member):
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "questor.core.mail.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    events(daily_member, 2)

    with pytest.raises(CommandError, match="1 digest"):
        call_command("send-digests", "--period", "daily")

    failed = Digest.objects.get()
    assert failed.status == Digest.Status.FAILED and "ConnectionRefusedError" in failed.error
    assert Notification.objects.filter(digest=None).count() == 2  # unclaimed
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path.endswith("send_member_digest")
    assert retry.args_kwargs["kwargs"] == {"user_id": daily_member.pk, "period": "daily",
                                           "attempt": 2}  # fmt: skip
    assert retry.run_after is not None


@pytest.mark.django_db(transaction=True)  # the worker closes its connection on exit
def test_the_worker_retry_sends_the_digest(smtp_server, daily_member, run_tasks):
    from questor.notifications.digests import send_member_digest

    events(daily_member, 2)
    send_member_digest.enqueue(user_id=daily_member.pk, period="daily", attempt=2)
    run_tasks()
    [message] = smtp_server.to("daily@example.com")
    assert numbers(smtp_server.text_of(message)) == [0, 1]
    assert Digest.objects.get().attempt == 2


def test_members_without_a_verified_address_have_their_events_claimed_unsent(smtp_server):
    member = make_user(username="unverified", verified=False)
    notification_actions.save_settings(user=member, choices={Kind.FLAG_OUTCOME: Delivery.DAILY})
    events(member, 2)
    run = send_digests(Delivery.DAILY)
    assert (run.sent, run.skipped) == (0, 1)
    assert smtp_server.messages == []
    assert Digest.objects.get().status == Digest.Status.NO_ADDRESS


def test_unsubscribing_from_a_digest_in_one_click(smtp_server, daily_member, client):
    events(daily_member, 1)
    send_digests(Delivery.DAILY)
    [message] = smtp_server.to("daily@example.com")
    link = message["List-Unsubscribe"].strip().strip("<>")
    events(daily_member, 1, start=1)  # waiting for the next digest

    response = client.post(
        link.removeprefix("http://localhost:8000"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200 and b"daily digest" in response.content

    assert notification_actions.delivery_settings(daily_member)[Kind.FLAG_OUTCOME] == "never"
    assert send_digests(Delivery.DAILY).sent == 0
    assert Notification.objects.filter(recipient=daily_member).count() == 2  # still in the inbox


def test_changing_a_setting_moves_waiting_events_to_the_new_digest(smtp_server, daily_member):
    events(daily_member, 2)
    notification_actions.save_settings(
        user=daily_member, choices={Kind.FLAG_OUTCOME: Delivery.WEEKLY}
    )
    assert send_digests(Delivery.DAILY).sent == 0
    assert send_digests(Delivery.WEEKLY).notifications == 2


def test_the_command_says_what_it_sent(smtp_server, daily_member, capsys):
    events(daily_member, 2)
    call_command("send-digests", "--period", "daily")
    assert "Sent 1 daily digest (2 notifications)" in capsys.readouterr().out
