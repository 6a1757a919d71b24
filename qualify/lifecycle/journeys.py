"""Journeys as data: stage order, which event kind moves to which stage, which stages may be
skipped, and one pure transition function `(state, event) -> (state, reason)`.

Rules:
- a move goes forward to the event's target stage; an event whose target is not ahead of the
  current stage changes nothing;
- a forward jump may skip stages only if every skipped stage is in ALLOWED_SKIPS (the entry
  stage and `customer` are never skipped: expansion, advocacy and evangelist need a customer);
- a backward move (e.g. `pql_lost`: pql -> trial) happens only when `from->to` is listed in
  `lifecycle.allow_backward`;
- time never goes backward: an event older than the current stage's entry is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "ALLOWED_SKIPS",
    "BACKWARD",
    "JOURNEYS",
    "PLG",
    "TARGETS",
    "TRADITIONAL",
    "State",
    "Transition",
    "transition",
]

TRADITIONAL = ("visitor", "mql", "sql", "opportunity", "customer", "evangelist")
PLG = ("awareness", "trial", "pql", "sql", "sqo", "customer", "expansion", "advocacy")
JOURNEYS = {"traditional": TRADITIONAL, "plg": PLG}

# Event kind -> target stage, per journey (a kind missing here does not move that journey).
TARGETS: dict[str, dict[str, str]] = {
    "traditional": {
        "seen": "visitor",
        "mql": "mql",
        "sql": "sql",
        "opportunity": "opportunity",
        "customer": "customer",
        "advocacy": "evangelist",
    },
    "plg": {
        "seen": "awareness",
        "signup": "trial",
        "pql": "pql",
        "sql": "sql",
        "opportunity": "sqo",
        "customer": "customer",
        "expansion": "expansion",
        "advocacy": "advocacy",
    },
}

# Stages a forward jump may pass over. `sql` is optional in plg (sales-assisted only); a
# self-serve buyer may pay without ever being PQL or signing up through a tracked flow.
ALLOWED_SKIPS: dict[str, frozenset[str]] = {
    "traditional": frozenset({"mql", "sql", "opportunity"}),
    "plg": frozenset({"trial", "pql", "sql", "sqo", "expansion"}),
}

# Backward event kinds -> (from, to); applied only when listed in lifecycle.allow_backward.
BACKWARD: dict[str, dict[str, tuple[str, str]]] = {
    "plg": {"pql_lost": ("pql", "trial")},
    "traditional": {},
}


@dataclass(frozen=True)
class State:
    journey: str
    stage: str | None = None
    entered_at: dt.datetime | None = None


@dataclass(frozen=True)
class Transition:
    kind: str
    at: dt.datetime
    reason: str = ""


def transition(
    state: State, event: Transition, allow_backward: frozenset[str] = frozenset()
) -> tuple[State, str | None]:
    """The next state and why it moved (None when the event changes nothing)."""
    stages = JOURNEYS[state.journey]
    if state.entered_at is not None and event.at < state.entered_at:
        return state, None
    back = BACKWARD[state.journey].get(event.kind)
    if back is not None:
        move = f"{back[0]}->{back[1]}"
        if state.stage == back[0] and move in allow_backward:
            return State(
                state.journey, back[1], event.at
            ), f"back to {back[1]}: {event.reason or event.kind}"
        return state, None
    target = TARGETS[state.journey].get(event.kind)
    if target is None:
        return state, None
    cur = -1 if state.stage is None else stages.index(state.stage)
    new = stages.index(target)
    if new <= cur or not set(skipped(state.journey, cur, new)) <= ALLOWED_SKIPS[state.journey]:
        return state, None
    return State(state.journey, target, event.at), event.reason or event.kind


def skipped(journey: str, cur: int, new: int) -> tuple[str, ...]:
    """Stages strictly between positions cur and new (the entry stage counts when cur is -1
    and the target is not the entry stage)."""
    return JOURNEYS[journey][cur + 1 : new]
