"""The column-wise stage history agrees with running `transition` per entity."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from qualify.lifecycle.history import history
from qualify.lifecycle.journeys import TARGETS, State, Transition, transition

T0 = dt.datetime(2026, 1, 1)
KINDS = sorted({k for targets in TARGETS.values() for k in targets})
# A world: per person, each kind's first time in hours after T0 (None: never happened).
# `seen` (first seen) is always set and first, as in scoring; without it history lets a
# person skip the entry stage, which `transition` refuses.
people = st.lists(
    st.fixed_dictionaries(
        {k: st.just(0) if k == "seen" else st.one_of(st.none(), st.integers(0, 500)) for k in KINDS}
    ),
    min_size=1,
    max_size=8,
)


def _reference(journey: str, firsts: dict[str, int | None]) -> list[tuple[str, dt.datetime]]:
    events = sorted(
        (T0 + dt.timedelta(hours=h), TARGETS[journey].get(k, ""), k)
        for k, h in firsts.items()
        if h is not None and k in TARGETS[journey]
    )
    # Stage order breaks ties so a same-time chain goes forward as history assumes.
    stages = list(TARGETS[journey].values())
    events.sort(key=lambda e: (e[0], stages.index(e[1])))
    state, out = State(journey), []
    for at, _, kind in events:
        state, reason = transition(state, Transition(kind, at))
        if reason is not None:
            out.append((state.stage or "", at))
    return out


def _after_customer(w: dict[str, int | None]) -> dict[str, int | None]:
    """Post-customer kinds count only from the customer time on (as scoring feeds them)."""
    cust = w["customer"]
    post = {k: None if cust is None or w[k] is None else max(w[k] or 0, cust) for k in POST}
    return {**w, **post}


POST = ("expansion", "advocacy")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["plg", "traditional"]), people)
def test_history_matches_transition(journey: str, world: list[dict[str, int | None]]) -> None:
    world = [_after_customer(w) for w in world]
    ids = np.array([f"p{i}" for i in range(len(world))], dtype=object)
    times = {
        k: np.array(
            [
                np.datetime64(T0 + dt.timedelta(hours=w[k]), "us")
                if w[k] is not None
                else np.datetime64("NaT", "us")
                for w in world
            ],
            dtype="datetime64[us]",
        )
        for k in KINDS
    }
    frame = history(ids, journey, times, {})
    for i, w in enumerate(world):
        rows = frame[frame["entity_id"] == ids[i]]
        got = [
            (s, t.to_pydatetime()) for s, t in zip(rows["stage"], rows["entered_at"], strict=True)
        ]
        assert got == _reference(journey, w)
        exits = rows["exited_at"].tolist()
        assert all(
            e == nxt for e, nxt in zip(exits[:-1], rows["entered_at"].tolist()[1:], strict=True)
        )
        assert len(rows) == 0 or rows["exited_at"].isna().iloc[-1]
