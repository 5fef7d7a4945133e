"""`questor import-wordpress FILE.xml`: import a WordPress export (WXR)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from questor.importers.common import summary_table
from questor.importers.wordpress import WordPressImporter, describe


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, a WXR .xml file): published posts "
        "become questions, approved comments answers (or comments, for replies). Running "
        "it again changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The WordPress export (.xml).")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), force_terminal=None, width=120)
        result = WordPressImporter(Path(options["file"]), console=console).run()
        title = f"Import of {result.site or Path(options['file']).name} ({result.seconds:.1f} s)"
        console.print(summary_table(title, list(result.reports.values()), first="Items"))
        if result.error:
            raise CommandError(f"Nothing was imported: {result.error}")
        console.print(describe(result))
