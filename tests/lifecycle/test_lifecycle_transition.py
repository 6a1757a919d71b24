import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from qualify.lifecycle.journeys import ALLOWED_SKIPS, JOURNEYS, State, Transition, transition

KINDS = [
    "seen",
    "signup",
    "pql",
    "pql_lost",
    "mql",
    "sql",
    "opportunity",
    "customer",
    "expansion",
    "advocacy",
]
T0 = dt.datetime(2026, 1, 1)


@given(
    st.sampled_from(["plg", "traditional"]),
    st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 1000)), max_size=30),
)
def test_time_forward_and_no_unallowed_skip(journey: str, events: list[tuple[str, int]]) -> None:
    stages = JOURNEYS[journey]
    state = State(journey)
    for kind, hours in sorted(events, key=lambda e: e[1]):
        new, reason = transition(
            state, Transition(kind, T0 + dt.timedelta(hours=hours)), frozenset({"pql->trial"})
        )
        if reason is None:
            assert new == state
            continue
        assert state.entered_at is None or new.entered_at >= state.entered_at  # type: ignore[operator]
        cur = -1 if state.stage is None else stages.index(state.stage)
        nxt = stages.index(new.stage)  # type: ignore[arg-type]
        if nxt > cur:
            assert set(stages[cur + 1 : nxt]) <= ALLOWED_SKIPS[journey]
        else:
            assert (state.stage, new.stage) == ("pql", "trial")
        state = new
