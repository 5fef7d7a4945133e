"""`questor import-stackexchange PATH`: import a Stack Exchange data dump."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from questor.importers.stackexchange import (
    BATCH_SIZE,
    ImportRefused,
    StackExchangeImporter,
    summary_table,
)


class Command(BaseCommand):
    help = (
        "Import a Stack Exchange data dump (a folder of Posts.xml, Users.xml, … or a site's "
        ".7z archive). Keeps the original ids; running it again changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="The dump folder or the site's .7z archive.")
        parser.add_argument(
            "--site",
            help="The source site's host name, e.g. cardano.stackexchange.com (for "
            "attribution and links). Guessed from the path when left out.",
        )
        parser.add_argument(
            "--remap-ids",
            action="store_true",
            help="Give imported content new ids (needed when the database already has "
            "posts); the old ids are kept and redirect.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--no-reindex", action="store_true", help="Do not rebuild the search index at the end."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), force_terminal=None, width=120)
        importer = StackExchangeImporter(
            Path(options["path"]),
            site=options["site"],
            remap_ids=options["remap_ids"],
            console=console,
            batch_size=options["batch_size"],
            reindex=not options["no_reindex"],
        )
        try:
            result = importer.run()
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        console.print(summary_table(result))
        if result.errors:
            raise CommandError(
                "Some files were not imported (their rows were rolled back): "
                + "; ".join(result.errors)
            )
        posts = result.files["Posts"].imported
        console.print(
            f"Imported {result.site}: {posts:,} new posts in {result.seconds:.1f} s"
            + (f" ({posts / result.seconds:,.0f} posts/s)." if result.seconds and posts else ".")
        )
