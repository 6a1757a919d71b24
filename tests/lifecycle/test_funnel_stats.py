"""Wilson score intervals against known values and their invariants."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.lifecycle.stats import wilson


def test_ten_of_a_hundred_matches_the_textbook_interval() -> None:
    r = wilson(10, 100)
    assert r.rate == 0.1
    assert r.low == pytest.approx(0.0552, abs=5e-5)
    assert r.high == pytest.approx(0.1744, abs=5e-5)


def test_closed_form_for_one_of_two() -> None:
    z = 1.959963984540054
    centre = (0.5 + z * z / 4) / (1 + z * z / 2)
    half = z * math.sqrt(0.25 / 2 + z * z / 16) / (1 + z * z / 2)
    r = wilson(1, 2)
    assert (r.low, r.high) == pytest.approx((centre - half, centre + half))


def test_edges_stay_inside_zero_and_one() -> None:
    none, every = wilson(0, 20), wilson(20, 20)
    assert none.low == 0.0 and none.rate == 0.0 and 0 < (none.high or 0) < 0.2
    assert every.high == 1.0 and every.rate == 1.0 and 0.8 < (every.low or 0) < 1


def test_no_trials_is_all_null() -> None:
    assert wilson(0, 0).to_json() == {"rate": None, "low": None, "high": None, "n": 0}


@pytest.mark.parametrize(("hits", "n"), [(-1, 5), (6, 5), (0, -1)])
def test_impossible_counts_are_refused(hits: int, n: int) -> None:
    with pytest.raises(ValueError, match="hits"):
        wilson(hits, n)


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_interval_brackets_the_rate(case: tuple[int, int]) -> None:
    r = wilson(*case)
    assert r.low is not None and r.high is not None and r.rate is not None
    assert 0.0 <= r.low <= r.rate <= r.high <= 1.0
