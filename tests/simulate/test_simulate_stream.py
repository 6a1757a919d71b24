"""The world streams: nothing holds all of its events at once."""

from __future__ import annotations

import inspect
import itertools
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from qualify.simulate import SimulationError, iter_events, simulate


def test_iter_events_is_lazy() -> None:
    stream = iter_events(10_000_000, seed=1)
    first: list[dict[str, Any]] = list(itertools.islice(stream, 5))
    assert inspect.isgenerator(stream)
    assert [e["messageId"] for e in first] == [f"sim-1-0-{n}" for n in range(5)]


def _peak_bytes(out: Path, accounts: int) -> tuple[int, int]:
    tracemalloc.start()
    try:
        summary = simulate(out, accounts=accounts, seed=8)
        return tracemalloc.get_traced_memory()[1], summary.events
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["w.jsonl", "w.parquet"])
def test_memory_does_not_grow_with_the_world(tmp_path: Path, name: str) -> None:
    small_peak, small_events = _peak_bytes(tmp_path / f"small-{name}", 60)
    big_peak, big_events = _peak_bytes(tmp_path / f"big-{name}", 300)
    assert big_events > 3 * small_events
    # Loose on purpose: buffers are per batch, so peak memory must not scale with events.
    per_event = big_peak / big_events
    assert per_event < 2_000 or big_peak < 2 * small_peak + 16_000_000


def test_progress_ticks_up_to_the_total(tmp_path: Path) -> None:
    ticks: list[tuple[int, int]] = []
    summary = simulate(
        tmp_path / "w.jsonl", accounts=130, seed=1, progress=lambda a, e: ticks.append((a, e))
    )
    assert ticks[-1] == (130, summary.events)
    assert ticks == sorted(ticks)
    assert summary.people > 130 // 2 and summary.anonymous > 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"out": "w.csv"}, "--out must end in .jsonl or .parquet"),
        ({"accounts": 0}, "--accounts must be at least 1"),
        ({"days": 0}, "--days must be at least 1"),
        ({"seed": -1}, "--seed must be zero or more"),
    ],
)
def test_bad_arguments_say_the_fix(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"out": "w.jsonl", "accounts": 5, "seed": 1, "days": 30} | kwargs
    out = tmp_path / str(args.pop("out"))
    with pytest.raises(SimulationError, match=message):
        simulate(out, **args)  # type: ignore[arg-type]
    assert not out.exists()
