"""The one place for time. Domain code receives times; only edges read the wall clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

UTC = dt.UTC
Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """The wall clock, in UTC. Only CLI and server edges call this."""
    return dt.datetime.now(UTC)


def to_utc(value: dt.datetime) -> dt.datetime:
    """A naive time is taken as UTC; an aware one is converted."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def naive_utc(value: dt.datetime) -> dt.datetime:
    """UTC without tzinfo: how the store keeps timestamps."""
    return to_utc(value).replace(tzinfo=None)


def parse_time(text: str) -> dt.datetime:
    """Parse ISO 8601 (a trailing Z allowed, a bare date means midnight) to aware UTC."""
    # Python 3.11's fromisoformat reads a trailing Z itself.
    return to_utc(dt.datetime.fromisoformat(text.strip()))


def day_floor(value: dt.datetime) -> dt.datetime:
    """Midnight UTC of the day holding `value`."""
    return to_utc(value).replace(hour=0, minute=0, second=0, microsecond=0)


def iso(value: dt.datetime) -> str:
    """ISO 8601 with a Z, second precision unless there are microseconds."""
    return to_utc(value).isoformat().replace("+00:00", "Z")
