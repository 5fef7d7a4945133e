"""`questor export-stackexchange DIR`: write the site in the Stack Exchange dump format."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from questor.importers.export import Exporter


class Command(BaseCommand):
    help = (
        "Write the whole site as a Stack Exchange data dump (Posts.xml, Users.xml, …), with "
        "attribution; deleted and held content is left out unless --all."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", help="Where to write the files (created if needed).")
        parser.add_argument(
            "--all", action="store_true", help="Include deleted, hidden and held content."
        )
        parser.add_argument(
            "--site",
            default=(settings.ALLOWED_HOSTS or ["localhost"])[0],
            help="This site's host name, written into the export (default: the first of "
            "ALLOWED_HOSTS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), width=100)
        started = time.monotonic()
        counts = Exporter(
            Path(options["directory"]), site=options["site"], include_all=options["all"]
        ).run()
        table = Table(
            title=f"Exported to {options['directory']} ({time.monotonic() - started:.1f} s)"
        )
        table.add_column("File")
        table.add_column("Rows", justify="right")
        for name, count in counts.items():
            table.add_row(f"{name}.xml", f"{count:,}")
        console.print(table)
