"""`questor export-openapi [--check]`: write the API's OpenAPI spec to docs/openapi.json."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from questor.api import spec


class Command(BaseCommand):
    help = "Write the API's OpenAPI spec to docs/openapi.json (--check: only compare)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if docs/openapi.json is out of date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = spec.render()
        current = spec.COMMITTED.read_text() if spec.COMMITTED.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError(
                    f"{spec.COMMITTED} is out of date: run `questor export-openapi`."
                )
            self.stdout.write(f"{spec.COMMITTED} is up to date.")
            return
        spec.COMMITTED.write_text(text)
        self.stdout.write(f"Wrote {spec.COMMITTED}.")
