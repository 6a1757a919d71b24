from __future__ import annotations

import datetime as dt

import pandas as pd

from qualify.scoring.learned.backtest import backtest, default_as_of, pql_metrics
from qualify.workspace import Workspace


def test_pql_metrics_by_hand() -> None:
    pql = pd.Series([True, True, False, False, True])
    converted = pd.Series([True, False, True, False, False])
    stats = pql_metrics(pql, converted)
    assert stats["pqls"] == 3 and stats["converted_pqls"] == 1
    assert stats["precision"] == 1 / 3 and stats["recall"] == 0.5
    assert abs(stats["lift"] - (1 / 3) / (2 / 5)) < 1e-12


def test_backtest_enter_leave_and_metrics(ws: Workspace) -> None:
    cfg = ws.config
    looser = cfg.model_copy(
        update={
            "intent": cfg.intent.model_copy(update={"threshold": 5.0}),
            "activation": cfg.activation.model_copy(update={"threshold": 0.2}),
        }
    )
    report = backtest(ws.store, cfg, looser)
    _, last = ws.store.event_time_range()
    assert report["as_of"].startswith((default_as_of(ws.store, 90)).date().isoformat())
    assert report["window_complete"]
    assert report["left"]["count"] == 0  # looser thresholds only add PQLs
    entered = report["entered"]["count"]
    assert entered > 0
    assert report["proposed"]["pqls"] == report["current"]["pqls"] + entered
    assert {"precision", "recall", "lift"} <= set(report["proposed"])
    back = backtest(ws.store, looser, cfg, as_of=dt.datetime.fromisoformat(report["as_of"][:-1]))
    assert back["left"]["count"] == entered and back["entered"]["count"] == 0
    assert back["current"]["recall"] == report["proposed"]["recall"]
    assert last is not None
