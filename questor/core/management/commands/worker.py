"""`questor worker`: run queued background tasks (email) until stopped."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--batch", action="store_true", help="Run every waiting task, then exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        arguments = ["--interval", str(options["interval"]), "--no-reload", "--no-startup-delay"]
        if options["batch"]:
            arguments.append("--batch")
        call_command("db_worker", *arguments)
