"""`questor restore FILE`: put a `questor backup` archive back, into an empty site."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from questor.importers.backup import BackupError, restore, summary_table


class Command(BaseCommand):
    help = (
        "Restore a `questor backup` archive: the database, uploaded files and secret key. "
        "Stop the web servers and workers first. Refuses a database that already has "
        "content unless --force (which replaces it)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The archive made by `questor backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and uploaded files that are not empty.",
        )
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), force_terminal=None, width=120)
        try:
            outcome = restore(
                Path(options["file"]),
                alias=options["database"],
                force=options["force"],
                console=console,
            )
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from None
        console.print(summary_table("Restore", outcome))
        for message in outcome.messages:
            console.print(message)
        console.print(f"Restored {outcome.path}.")
