"""How long ago a moment was, in words: what Django's `naturaltime` filter says
("3 minutes ago", "2 years, 10 months ago", "an hour from now"), for aware datetimes.

Every list row and every post shows one. Django's filter goes through its translation
machinery (lazy strings, a gettext lookup per unit) and cost a tenth of a list row; the
site ships no translations (USE_I18N is off), so the English is written here. A test
compares the two over many moments, years and months included.
"""

from __future__ import annotations

from datetime import UTC, datetime

_NBSP = "\xa0"  # between a number and its unit, as Django writes it
_UNITS = ("year", "month", "week", "day", "hour", "minute")
_CHUNKS = (7 * 24 * 3600, 24 * 3600, 3600, 60)  # a week, a day, an hour, a minute
# Django's calendar for the months between two dates (February has 28 days).
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _count(number: int, unit: str) -> str:
    return f"{number}{_NBSP}{unit}{'' if number == 1 else 's'}"


def _span(start: datetime, end: datetime) -> str:
    """Django's timesince(start, end) at depth 2: the two largest adjacent units."""
    delta = end - start
    if delta.days * 86400 + delta.seconds <= 0:
        return _count(0, "minute")
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if start.day > end.day or (start.day == end.day and start.time() > end.time()):
        months -= 1
    years, months = divmod(months, 12)
    pivot = start
    if years or months:
        year, month = start.year + years, start.month + months
        if month > 12:
            month -= 12
            year += 1
        pivot = datetime(
            year,
            month,
            min(_MONTH_DAYS[month - 1], start.day),
            start.hour,
            start.minute,
            start.second,
            tzinfo=start.tzinfo,
        )
    remaining = (end - pivot).total_seconds()
    parts = [years, months]
    for chunk in _CHUNKS:
        count = int(remaining // chunk)
        parts.append(count)
        remaining -= chunk * count
    first = next((index for index, value in enumerate(parts) if value), None)
    if first is None:
        return _count(0, "minute")
    words = [_count(parts[first], _UNITS[first])]
    if first + 1 < len(parts) and parts[first + 1]:
        words.append(_count(parts[first + 1], _UNITS[first + 1]))
    return ", ".join(words)


def _near(seconds: int, when: str) -> str:
    """Under a day: "a minute ago", "3 hours from now"."""
    if seconds < 60:
        return f"a second {when}" if seconds == 1 else f"{seconds}{_NBSP}seconds {when}"
    if seconds < 3600:
        count = seconds // 60
        return f"a minute {when}" if count == 1 else f"{count}{_NBSP}minutes {when}"
    count = seconds // 3600
    return f"an hour {when}" if count == 1 else f"{count}{_NBSP}hours {when}"


def ago(moment: datetime, now: datetime | None = None) -> str:
    """`moment` in words relative to `now` (default: this instant), as naturaltime."""
    now = now or datetime.now(UTC)
    if moment < now:
        delta = now - moment
        if delta.days:
            return f"{_span(moment, now.astimezone(moment.tzinfo))} ago"
        return "now" if delta.seconds == 0 else _near(delta.seconds, "ago")
    delta = moment - now
    if delta.days:
        return f"{_span(now.astimezone(moment.tzinfo), moment)} from now"
    return "now" if delta.seconds == 0 else _near(delta.seconds, "from now")
