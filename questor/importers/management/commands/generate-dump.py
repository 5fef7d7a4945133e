"""`questor generate-dump DIR --posts N`: a realistic synthetic Stack Exchange dump."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from questor.importers.generate import generate_dump


class Command(BaseCommand):
    help = "Write a synthetic Stack Exchange dump of N posts (for benchmarks and load tests)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory")
        parser.add_argument("--posts", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--new-tag-encoding", action="store_true", help="Write tags as |a|b| (2024 dumps)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        counts = generate_dump(
            Path(options["directory"]),
            posts=options["posts"],
            seed=options["seed"],
            new_tag_encoding=options["new_tag_encoding"],
        )
        listed = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(
            f"Wrote {listed} to {options['directory']} in {time.monotonic() - started:.1f} s."
        )
