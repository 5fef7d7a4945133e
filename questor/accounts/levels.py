"""Levels: named steps of reputation, as Yahoo Answers had. Configurable with the
QUESTOR_LEVELS setting, a list of (minimum reputation, name) from lowest to highest."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DEFAULT_LEVELS: list[tuple[int, str]] = [
    (1, "Newcomer"),
    (50, "Member"),
    (200, "Regular"),
    (1000, "Trusted"),
    (3000, "Expert"),
    (10000, "Guru"),
]


@dataclass(frozen=True)
class Level:
    number: int  # 1 for the lowest
    name: str
    minimum: int


def levels() -> list[Level]:
    table: list[tuple[int, str]] = getattr(settings, "QUESTOR_LEVELS", DEFAULT_LEVELS)
    return [
        Level(number=index, name=name, minimum=minimum)
        for index, (minimum, name) in enumerate(sorted(table), start=1)
    ]


def level_for(reputation: int) -> Level:
    reached = [level for level in levels() if reputation >= level.minimum]
    return reached[-1] if reached else levels()[0]
