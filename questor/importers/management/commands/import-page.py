"""`questor import-page FILE...`: import scraped legacy Q&A pages."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from questor.importers.common import print_dropped, summary_table
from questor.importers.legacy import DEFAULT_ANSWER_MARKER, import_pages


class Command(BaseCommand):
    help = (
        "Import scraped legacy Q&A pages (plain text: title, date line, category, asker, "
        "question, then answers). Repairs scraping faults with the spam check's rules; "
        "importing a page again changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", help="The page files (UTF-8 text).")
        parser.add_argument(
            "--answer-marker",
            default=DEFAULT_ANSWER_MARKER,
            help="The regular expression that starts each answer, matched at the start of "
            f"a line and removed (default: {DEFAULT_ANSWER_MARKER!r}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), force_terminal=None, width=120)
        results = import_pages(
            [Path(name) for name in options["files"]],
            answer_marker=options["answer_marker"],
            console=console,
        )
        reports = [result.report for result in results]
        console.print(summary_table("Import of legacy pages", reports, first="Page", dropped=True))
        print_dropped(console, reports)
        failed = [report.error for report in reports if report.error]
        new = sum(1 for result in results if result.report.imported)
        console.print(
            f"{new} page(s) imported, {sum(1 for r in reports if r.existing)} already there, "
            f"{len(failed)} failed."
        )
        if failed:
            raise CommandError("Some pages were not imported: " + "; ".join(failed))
