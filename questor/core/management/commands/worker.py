"""`questor worker`: run queued background tasks (email) and the periodic jobs (badge
checks, pruning old task results) until stopped."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from questor.core.tasks import PeriodicJobs, run_periodic_jobs


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend) and periodic jobs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every periodic job once and every waiting task, then exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        arguments = ["--interval", str(options["interval"]), "--no-reload", "--no-startup-delay"]
        if options["batch"]:
            # The jobs first: a badge they award queues its email, which the tasks send.
            run_periodic_jobs()
            call_command("db_worker", *arguments, "--batch")
            return
        jobs = PeriodicJobs()
        jobs.start()
        try:
            call_command("db_worker", *arguments)
        finally:
            jobs.stop()
