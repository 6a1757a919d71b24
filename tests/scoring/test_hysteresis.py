"""Hysteresis on the daily grid: enter at the thresholds, stay within the exit margin, leave
when intent decays with no new events; the same as_of scores the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from scoring_world import at, good_person, load, person, track, verdicts

from qualify.workspace import Workspace


def _world(ws: Workspace, write_jsonl: Callable[..., Path]) -> None:
    # Plan limit (20, step decay: full 7 days, half to 21) and a demo request (40, linear over
    # 45 days) on day 1: intent 60 on day 2, about 51 on day 8 (half the plan limit, the
    # demo faded), below 40 (threshold) but above 30 (exit bar) a while, then below 30.
    calls = [
        *good_person("u1", "acme"),
        track("u1", "Plan Limit Reached", 1),
        track("u1", "Demo Requested", 1),
        *good_person("u2", "beta"),
        track("u2", "Plan Limit Reached", 1),  # 20 points: never enters
    ]
    load(ws, write_jsonl, calls)


def _demo(day: int) -> float:
    """The demo request's points (40, linear over 45 days) as of day-end `day`."""
    age = (at(day) - at(1, hour=12)).total_seconds() / 86_400
    return 40 * max(0.0, 1 - age / 45)


def test_enter_stay_leave_without_new_events(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    _world(workspace, write_jsonl)
    seen = []
    for day in (2, 12, 17, 25):
        workspace.score(as_of=at(day))
        row = person(workspace, "u1")
        seen.append((day, bool(row["is_pql"]), float(row["intent_score"])))
        assert not person(workspace, "u2")["is_pql"]
    by_day = {d: (p, i) for d, p, i in seen}
    assert by_day[2] == (True, round(20 + _demo(2), 2))
    # day 12: plan limit at half (10) + demo 40 * (1 - 11.5/45): below entry, above exit.
    pql12, intent12 = by_day[12]
    assert 30 <= intent12 < 40 and pql12
    # day 25: plan limit gone (> 21 days), demo alone below the exit bar.
    pql25, intent25 = by_day[25]
    assert intent25 < 30 and not pql25


def test_below_entry_never_enters(workspace: Workspace, write_jsonl: Callable[..., Path]) -> None:
    """A fresh person at the day-12 intent (between exit and entry) is not a PQL."""
    load(
        workspace,
        write_jsonl,
        [*good_person("u3", "gamma", day=10), track("u3", "Demo Requested", 10)],
    )
    workspace.score(as_of=at(10 + 12))  # the demo never reached 40 on its own
    row = person(workspace, "u3")
    assert not row["is_pql"] and row["intent_score"] < 40


def test_same_as_of_twice_is_identical(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    _world(workspace, write_jsonl)
    workspace.score(as_of=at(12))
    first = verdicts(workspace)
    workspace.score(as_of=at(3))
    workspace.score(as_of=at(12))
    pd.testing.assert_frame_equal(first, verdicts(workspace))
