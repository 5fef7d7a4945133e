"""The row functions (questor/importers/prepare.py) turn dump dates into SQLite's text by
slicing when they can: the text must be exactly what the general path (a datetime,
then Django's way of storing it) gives, and a date that is not one must be refused the
same way."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from questor.importers.export import dump_date
from questor.importers.prepare import db_date
from questor.importers.reader import Skip, opt_date


def _general(value: str) -> str:
    try:
        moment = opt_date({"D": value}, "D")
    except Skip as skip:
        return f"skipped: {skip.reason}"
    assert moment is not None
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _sliced(value: str) -> str:
    try:
        return str(db_date({"D": value}, "D", text_dates=True))
    except Skip as skip:
        return f"skipped: {skip.reason}"


@pytest.mark.parametrize(
    "value",
    [
        "2021-06-09T21:01:48.957",  # what dumps hold
        "2021-06-09T21:01:48.050",
        "2021-06-09T21:01:48.000",  # no fraction in Django's text
        "2021-06-09T21:01:48",
        "2021-06-09T21:01:48.100200",  # Questor's own exports keep microseconds
        "2021-06-09T21:01:48.000000",
        "2021-06-09T21:01:48Z",
        "2021-06-09T21:01+02",  # as long as a plain date, with an offset
        "2021-W23-5T21:01:48",  # a week date
        "2021-06-09T21:01:48.1234",
        "2021-06-09T21:01:48.957+02:00",  # a zone: converted to UTC
        "2021-06-09 21:01:48.957",
        "2021-02-30T21:01:48.957",  # no such day
        "2021-06-09T25:01:48.957",
        "2021-06-09T21:01:48.9a7",
        "2021-06-09T21:01:48.\u0663\u0663\u0663",  # Arabic-Indic digits
        "yesterday at noon, roughly",
    ],
)
def test_sliced_dates_are_the_text_django_would_store(value: str) -> None:
    assert _sliced(value) == _general(value)


def test_sliced_dates_agree_on_many_moments() -> None:
    rng = random.Random(7)
    start = datetime(2008, 7, 31, tzinfo=UTC)
    for _ in range(2000):
        moment = start + timedelta(seconds=rng.randrange(600_000_000))
        moment = moment.replace(microsecond=rng.choice([0, 1000 * rng.randrange(1000), 250_123]))
        value = dump_date(moment)
        assert _sliced(value) == _general(value), value


def test_postgresql_gets_aware_datetimes() -> None:
    value = db_date({"D": "2021-06-09T21:01:48.957"}, "D", text_dates=False)
    assert value == datetime(2021, 6, 9, 21, 1, 48, 957000, tzinfo=UTC)
    assert db_date({}, "D", text_dates=False) is None
