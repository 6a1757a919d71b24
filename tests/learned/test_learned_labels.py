from __future__ import annotations

import pandas as pd

from qualify.scoring.learned.labels import LabelSpec, lead_frame
from qualify.scoring.learned.train import split_by_time
from qualify.workspace import Workspace


def test_leads_are_sorted_and_windows_marked(ws: Workspace) -> None:
    spec = LabelSpec(horizon_days=90, delay_days=7)
    leads = lead_frame(ws.store, ws.config, spec)
    assert leads["lead_start"].is_monotonic_increasing
    assert (leads["cutoff"] - leads["lead_start"] == pd.Timedelta(days=7)).all()
    _, last = ws.store.event_time_range()
    window_end = leads["cutoff"] + pd.Timedelta(days=90)
    assert (leads["complete"] == (window_end <= pd.Timestamp(last))).all()
    assert not (leads["converted_at"] <= leads["cutoff"]).any()
    positive = leads[leads["label"] == 1]
    assert (positive["converted_at"] <= positive["cutoff"] + pd.Timedelta(days=90)).all()
    assert 0 < leads["label"].sum() < len(leads)


def test_time_split_keeps_order() -> None:
    train, valid, test = split_by_time(100, 0.2, 0.2)
    assert (train.stop, valid.start, valid.stop, test.start, test.stop) == (60, 60, 80, 80, 100)
