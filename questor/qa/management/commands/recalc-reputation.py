"""`questor recalc-reputation`: recompute every member's reputation from the ledger."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Sum
from tqdm import tqdm

from questor.accounts.models import User
from questor.qa.models import ReputationEvent
from questor.qa.reputation import reputation_from_ledger


class Command(BaseCommand):
    help = "Recompute reputation totals from the reputation ledger (1 + the sum, at least 1)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        sums = dict(
            ReputationEvent.objects.values("user_id")
            .annotate(total=Sum("points"))
            .values_list("user_id", "total")
        )
        users = User.objects.only("id", "reputation").order_by("id")
        changed: list[User] = []
        checked = 0
        with tqdm(total=users.count(), unit="user", disable=None, file=self.stderr) as bar:
            for user in users.iterator(chunk_size=options["batch_size"]):
                expected = reputation_from_ledger(sums.get(user.pk))
                if user.reputation != expected:
                    user.reputation = expected
                    changed.append(user)
                checked += 1
                bar.update(1)
        with transaction.atomic():
            User.objects.bulk_update(changed, ["reputation"], batch_size=options["batch_size"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked {checked:,} members against {sum(1 for _ in sums):,} ledgers; "
                f"corrected {len(changed):,}."
            )
        )
