"""Levels: named steps of reputation, as Yahoo Answers had. Configurable with the
QUESTOR_LEVELS setting, a list of (minimum reputation, name) from lowest to highest."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

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
    return list(_ladder(_table())[0])


def _table() -> tuple[tuple[int, str], ...]:
    table: list[tuple[int, str]] = getattr(settings, "QUESTOR_LEVELS", DEFAULT_LEVELS)
    return tuple((minimum, name) for minimum, name in table)


@cache
def _ladder(table: tuple[tuple[int, str], ...]) -> tuple[tuple[Level, ...], list[int]]:
    """The levels of a table and their minimums, lowest first. Every row of a list shows
    its author's level: built once per table, not per row."""
    steps = tuple(
        Level(number=index, name=name, minimum=minimum)
        for index, (minimum, name) in enumerate(sorted(table), start=1)
    )
    return steps, [level.minimum for level in steps]


def level_for(reputation: int) -> Level:
    steps, minimums = _ladder(_table())
    reached = bisect_right(minimums, reputation)
    return steps[reached - 1] if reached else steps[0]
