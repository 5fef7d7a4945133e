"""`questor send-digests --period daily|weekly`: email every member their digest.

Run it from cron (see README.md), e.g. daily at 07:00 and weekly on Mondays:

    0 7 * * *  cd /srv/questor && .venv/bin/questor send-digests --period daily
    0 7 * * 1  cd /srv/questor && .venv/bin/questor send-digests --period weekly

A run sends only what no earlier digest claimed, so running it twice sends nothing twice,
and a run that was interrupted is completed by the next one.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from questor.notifications.digests import PERIODS, send_digests


class Command(BaseCommand):
    help = "Send the daily or weekly notification digests (claims each event exactly once)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", choices=list(PERIODS), required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_digests(options["period"])
        self.stdout.write(
            f"Sent {run.sent} {options['period']} digest{'' if run.sent == 1 else 's'} "
            f"({run.notifications} notifications); {run.skipped} without a verified address; "
            f"{run.failed} failed."
        )
        if run.failed:
            raise CommandError(
                f"{run.failed} digest(s) failed; their notifications stay unclaimed and the "
                "worker retries them with backoff (see Digests and task results in the admin)."
            )
