"""`questor setup`: migrate, create the first admin, and load the demo when asked."""

from __future__ import annotations

import secrets
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from questor.accounts.actions import create_admin
from questor.accounts.models import User
from questor.lib.dbstats import refresh_planner_statistics
from questor.qa.demo import demo_needed, load_demo
from questor.search import ranking


class Command(BaseCommand):
    help = (
        "Prepare the database: migrate, create an admin once, load the demo if QUESTOR_DEMO is on."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--demo", action="store_true", help="Load the demo even if QUESTOR_DEMO is off."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        refresh_planner_statistics()
        self.stdout.write("Database is up to date.")
        if connection.vendor == "sqlite":
            # Built here rather than by a server's first search (about a second).
            ranked = ranking.is_loaded(connection)
            self.stdout.write(
                "Search ranks with the questor_bm25 extension."
                if ranked
                else "Search ranks with bm25() (the ranking extension could not be built; "
                "see the log)."
            )
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            create_admin(username="admin", email="admin@localhost", password=password)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created the admin account. Log in at /accounts/login/ as admin with the "
                    f"password {password}  (shown once: keep it)."
                )
            )
        if (settings.QUESTOR_DEMO or options["demo"]) and demo_needed():
            passwords = load_demo()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the demo community: {len(passwords)} members. "
                    "Their passwords (shown once):"
                )
            )
            for username, password in passwords.items():
                self.stdout.write(f"  {username:16} {password}")
