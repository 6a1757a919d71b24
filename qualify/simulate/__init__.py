"""A realistic product-led SaaS world, deterministic by seed, streamed account by account.

`iter_events` yields Segment-spec calls lazily; `simulate` writes them to JSONL or Parquet with
flat memory. Outcomes come from hidden propensities plus noise, never from the Qualify config.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from qualify.errors import SimulationError
from qualify.simulate.calls import Call, to_segment
from qualify.simulate.story import account_story
from qualify.simulate.world import DAY
from qualify.simulate.writer import PARQUET_SCHEMA, open_sink, output_format

__all__ = [
    "DEFAULT_DAYS",
    "DEFAULT_START",
    "PARQUET_SCHEMA",
    "SimulationError",
    "SimulationSummary",
    "iter_events",
    "simulate",
]

DEFAULT_START = dt.date(2026, 1, 1)
DEFAULT_DAYS = 330
# Accounts per write: big enough to amortise encoding, small enough to keep memory flat.
_ACCOUNTS_PER_WRITE = 64

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class SimulationSummary:
    """What `simulate` wrote."""

    path: Path
    format: str
    accounts: int
    people: int
    anonymous: int
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["path"] = str(self.path)
        out["events_per_second"] = round(self.events_per_second)
        return out


def iter_events(
    accounts: int, seed: int, *, start: dt.date = DEFAULT_START, days: int = DEFAULT_DAYS
) -> Iterator[dict[str, Any]]:
    """Yield the world's Segment calls lazily, account by account, each person in time order."""
    _check(accounts, seed, days)
    return _events(accounts, seed, start, days)


def _events(accounts: int, seed: int, start: dt.date, days: int) -> Iterator[dict[str, Any]]:
    for calls, message_ids, _ in _stories(accounts, seed, start, days):
        for call, mid in zip(calls, message_ids, strict=True):
            yield to_segment(call, mid)


def simulate(
    out: str | Path,
    *,
    accounts: int,
    seed: int,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    progress: Progress | None = None,
) -> SimulationSummary:
    """Write the world to `out` (FILE.jsonl or DIR.parquet); `progress(accounts, events)` ticks."""
    path = Path(out)
    kind = output_format(path)
    _check(accounts, seed, days)
    began = time.perf_counter()
    sink = open_sink(path)
    people = anonymous = events = done = 0
    calls: list[Call] = []
    message_ids: list[str] = []
    try:
        for story_calls, story_ids, counts in _stories(accounts, seed, start, days):
            calls += story_calls
            message_ids += story_ids
            people, anonymous, done = people + counts[0], anonymous + counts[1], done + 1
            if done % _ACCOUNTS_PER_WRITE == 0 or done == accounts:
                sink.write(calls, message_ids)
                events += len(calls)
                calls, message_ids = [], []
                if progress is not None:
                    progress(done, events)
    finally:
        sink.close()
    seconds = time.perf_counter() - began
    return SimulationSummary(path, kind, accounts, people, anonymous, events, seconds)


def _stories(
    accounts: int, seed: int, start: dt.date, days: int
) -> Iterator[tuple[list[Call], list[str], tuple[int, int]]]:
    epoch = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp())
    for index in range(accounts):
        account, calls = account_story(seed, index, epoch, days)
        # Ids name the account, so account k's ids never depend on the accounts before it.
        prefix = f"sim-{seed}-{index}-"
        message_ids = [f"{prefix}{n}" for n in range(len(calls))]
        end = epoch + days * DAY
        people = sum(1 for person in account.people if person.known and person.since < end)
        yield calls, message_ids, (people, account.anonymous)


def _check(accounts: int, seed: int, days: int) -> None:
    if accounts < 1:
        raise SimulationError(f"--accounts must be at least 1, not {accounts}")
    if seed < 0:
        raise SimulationError(f"--seed must be zero or more, not {seed}")
    if days < 1:
        raise SimulationError(f"--days must be at least 1, not {days}")
