"""Distance to qualify: applying the suggested steps makes a non-PQL a PQL."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_world import default_config

from qualify.scoring.distance import apply_steps, distance
from qualify.scoring.verdict import Vector, is_pql

CFG = default_config()
R, D, K = len(CFG.icp.rules), len(CFG.icp.disqualifiers), len(CFG.activation.key_features)

vectors = st.builds(
    Vector,
    st.tuples(*[st.booleans()] * R),
    st.tuples(*[st.booleans()] * D),
    st.tuples(*[st.booleans()] * K),
    st.floats(0, 100, allow_nan=False),
)


@settings(max_examples=300, deadline=None)
@given(vectors)
def test_applying_the_distance_flips_is_pql(v: Vector) -> None:
    steps = distance(v, CFG)
    if is_pql(v, CFG):
        assert steps is None
        return
    assert steps and all(s["text"] for s in steps)
    assert is_pql(apply_steps(v, steps, CFG), CFG)


@settings(max_examples=200, deadline=None)
@given(vectors)
def test_distance_is_minimal_per_part(v: Vector) -> None:
    """Dropping any one fit rule or key feature from the suggestion leaves it short."""
    steps = distance(v, CFG)
    if steps is None:
        return
    for i, step in enumerate(steps):
        if step["kind"] == "key_features" and step["count"] > 0:
            fewer = {**step, "features": step["features"][:-1], "count": step["count"] - 1}
            assert not is_pql(apply_steps(v, [*steps[:i], fewer, *steps[i + 1 :]], CFG), CFG)
        elif step["kind"] in ("rule", "gate", "disqualifier"):
            assert not is_pql(apply_steps(v, steps[:i] + steps[i + 1 :], CFG), CFG)
        elif step["kind"] == "points" and step["points"] > 1:
            less = {**step, "points": step["points"] - 1}
            assert not is_pql(apply_steps(v, [*steps[:i], less, *steps[i + 1 :]], CFG), CFG)
