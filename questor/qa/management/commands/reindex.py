"""`questor reindex`: rebuild the search index from every post, with a progress bar."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from questor.lib.dbstats import refresh_planner_statistics
from questor.qa.search import rebuild_index
from questor.search import engine


class Command(BaseCommand):
    help = "Rebuild the search index from every question and answer."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        # One transaction: searches keep seeing the old index until the new one is whole.
        with transaction.atomic():
            count = rebuild_index(
                progress=not options["no_progress"], batch_size=options["batch_size"]
            )
        refresh_planner_statistics()
        seconds = time.perf_counter() - started
        size = engine.index_size_bytes()
        shown = f", {size / 1_048_576:.1f} MiB" if size else ""
        self.stdout.write(self.style.SUCCESS(f"Indexed {count:,} posts in {seconds:.1f} s{shown}."))
