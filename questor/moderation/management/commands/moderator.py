"""`questor moderator add|remove USER`: membership of the Moderators group."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from questor.accounts.models import User
from questor.accounts.signals import MODERATORS_GROUP


class Command(BaseCommand):
    help = "Make a member a moderator (add) or not (remove); `list` shows the moderators."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["add", "remove", "list"])
        parser.add_argument("username", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        if options["action"] == "list":
            for moderator in group.user_set.order_by("username"):
                self.stdout.write(moderator.username)
            return
        name = options["username"]
        if not name:
            raise CommandError("Name the member: questor moderator add USERNAME.")
        found = User.objects.filter(username__iexact=name).first()
        if found is None:
            raise CommandError(f"No member is called {name!r}.")
        member: User = found
        if options["action"] == "add":
            member.groups.add(group)
            self.stdout.write(self.style.SUCCESS(f"{member.username} is now a moderator."))
        else:
            member.groups.remove(group)
            self.stdout.write(self.style.SUCCESS(f"{member.username} is no longer a moderator."))
