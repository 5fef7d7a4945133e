"""questor.lib.timeago says what Django's naturaltime says, for any two moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.contrib.humanize.templatetags import humanize
from hypothesis import example, given, settings
from hypothesis import strategies as st

from questor.lib.timeago import ago

moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)
# Mostly near each other, where the wording changes most; sometimes years apart.
offsets = st.one_of(
    st.integers(min_value=-90_000, max_value=90_000).map(lambda s: timedelta(seconds=s)),
    st.integers(min_value=-40 * 366 * 86400, max_value=40 * 366 * 86400).map(
        lambda s: timedelta(seconds=s)
    ),
    st.timedeltas(min_value=timedelta(days=-800), max_value=timedelta(days=800)),
)


def _django(moment: datetime, now: datetime) -> str:
    """naturaltime(moment) as if it were `now`."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return now.astimezone(tz) if tz else now.replace(tzinfo=None)

    original = humanize.datetime
    humanize.datetime = Frozen  # type: ignore[misc]
    try:
        return str(humanize.naturaltime(moment))
    finally:
        humanize.datetime = original  # type: ignore[misc]


@settings(max_examples=3000, deadline=None)
@given(moment=moments, offset=offsets)
# Month ends, leap days and exact units, where calendars trip.
@example(moment=datetime(2024, 1, 31, 12, tzinfo=UTC), offset=timedelta(days=29))
@example(moment=datetime(2024, 2, 29, 0, tzinfo=UTC), offset=timedelta(days=366))
@example(moment=datetime(2023, 3, 31, 23, 59, 59, tzinfo=UTC), offset=timedelta(days=61))
@example(moment=datetime(2020, 1, 1, tzinfo=UTC), offset=timedelta(days=1))
@example(moment=datetime(2020, 1, 1, tzinfo=UTC), offset=timedelta(hours=1))
@example(moment=datetime(2020, 1, 1, tzinfo=UTC), offset=timedelta(seconds=1))
@example(moment=datetime(2020, 1, 1, tzinfo=UTC), offset=timedelta(0))
@example(moment=datetime(2020, 1, 1, tzinfo=UTC), offset=timedelta(microseconds=-5))
def test_it_says_what_naturaltime_says(moment, offset):
    now = moment + offset
    assert ago(moment, now) == _django(moment, now)


@pytest.mark.parametrize("zone", [timezone(timedelta(hours=5, minutes=30)), UTC])
def test_a_moment_in_another_zone_reads_the_same(zone):
    moment = datetime(2024, 1, 31, 23, 30, tzinfo=UTC).astimezone(zone)
    now = datetime(2024, 3, 1, 1, 0, tzinfo=UTC)
    assert ago(moment, now) == _django(moment, now) == "1\xa0month ago"
