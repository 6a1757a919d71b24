"""The engine's per-person roll-up against the numpy computation from daily fact rows it
replaced (tests/features/facts_oracle.py), at the end of the log and in the middle of it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from facts_oracle import inputs_from_facts

from qualify.config import Config
from qualify.features import person_frame
from qualify.features.wide import daily_facts
from qualify.pipeline import load_features
from qualify.scoring.inputs import TIME_KINDS, PersonInputs
from qualify.store.asof import as_of
from qualify.workspace import Workspace


def _oracle(world: Workspace, cfg: Config, t: dt.datetime) -> PersonInputs:
    tables = as_of(world.store, t, cfg.typed_columns())
    people = person_frame(tables, cfg).order_by("person_id").to_pyarrow().to_pandas()
    fx = daily_facts(tables, cfg).to_pyarrow().to_pandas()
    return inputs_from_facts(people, fx, cfg, t)


def _signal_set(inputs: PersonInputs) -> list[tuple[object, ...]]:
    s = inputs.signals
    cols = (s.person, s.signal, s.raw, s.events, s.day_end.view("int64"), s.last_at.view("int64"))
    return sorted(zip(*(c.tolist() for c in cols), strict=True))


def _texts(values: object) -> list[object]:
    """Text values with every kind of missing as None."""
    return [None if pd.isna(v) else v for v in pd.Series(values, dtype=object)]


def _assert_same(got: PersonInputs, want: PersonInputs) -> None:
    np.testing.assert_array_equal(got.counts, want.counts)
    np.testing.assert_array_equal(got.first_at, want.first_at)
    np.testing.assert_array_equal(got.found_at, want.found_at)
    for kind in TIME_KINDS:
        np.testing.assert_array_equal(got.times[kind], want.times[kind], err_msg=kind)
    assert _texts(got.signup_kind) == _texts(want.signup_kind)
    assert _signal_set(got) == _signal_set(want)


@pytest.mark.parametrize("where", [0.5, 1.0])
def test_rollup_equals_the_fact_rows_oracle(world: Workspace, where: float) -> None:
    lo, hi = world.store.event_time_range()
    assert lo is not None and hi is not None
    t = lo + (hi - lo) * where
    cfg = world.config
    people, got = load_features(world.store, cfg, t)
    want = _oracle(world, cfg, t)
    assert got.counts.sum() > 100 and len(got.signals.raw) > 20
    assert (~np.isnat(got.times["mql"])).sum() > 2
    assert (~np.isnat(got.found_at[:, 1])).sum() > 2  # Reports: min_count 2
    _assert_same(got, want)
    assert people["person_id"].is_monotonic_increasing


def test_rollup_without_touches_or_multi_count_features(world: Workspace) -> None:
    data = world.config.model_dump()
    data["marketing"]["touches"] = []
    for feat in data["activation"]["key_features"]:
        feat["min_count"] = 1
    cfg = Config.model_validate(data)
    t = world.store.event_time_range()[1]
    assert t is not None
    _people, got = load_features(world.store, cfg, t)
    assert np.isnat(got.times["mql"]).all()
    _assert_same(got, _oracle(world, cfg, t))
