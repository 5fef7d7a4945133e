"""`questor privileges [--preset small|large]`: show or switch the privilege thresholds."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from questor.qa.privileges import PRESETS, PRIVILEGES, apply_preset, thresholds


class Command(BaseCommand):
    help = "Show the privilege thresholds, or switch them to a preset (small or large)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS), help="Apply this preset.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["preset"]:
            try:
                apply_preset(options["preset"])
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(self.style.SUCCESS(f"Applied the {options['preset']} preset."))
        current = thresholds()
        for key, value in sorted(current.items(), key=lambda item: (item[1], item[0])):
            self.stdout.write(f"{value:>7,}  {PRIVILEGES[key].name}")
