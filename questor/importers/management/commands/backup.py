"""`questor backup FILE`: the database, uploaded files and secret key in one archive."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from questor.importers.backup import BackupError, backup, summary_table


class Command(BaseCommand):
    help = (
        "Back up the site into one archive (FILE, e.g. questor-2026-11-27.tar.gz): the "
        "database (SQLite's online backup API, or pg_dump), uploaded files and the secret "
        "key. The site may keep running. The archive is owner-only (0600): it holds the key."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The archive to write (must not exist yet).")
        parser.add_argument(
            "--no-secret-key",
            action="store_true",
            help="Leave the secret key out (a restore then signs everyone out).",
        )
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), force_terminal=None, width=120)
        try:
            outcome = backup(
                Path(options["file"]),
                alias=options["database"],
                with_secret_key=not options["no_secret_key"],
                console=console,
            )
        except BackupError as error:
            raise CommandError(f"No backup was written: {error}") from None
        console.print(summary_table("Backup", outcome))
        console.print(f"Wrote {outcome.path}. Keep it private: it holds the site's secret key.")
