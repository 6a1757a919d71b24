from __future__ import annotations

import dataclasses
import importlib
from typing import Any

import numpy as np
import pandas as pd
import pytest
from learned_helpers import CREATED, SMALL

from qualify.errors import EvaluationError, QualifyError
from qualify.scoring.learned import registry
from qualify.scoring.learned.labels import LowData
from qualify.scoring.learned.train import candidates, gate, train
from qualify.workspace import Workspace

# The package re-exports the function `train`, which hides the module of the same name.
train_module = importlib.import_module("qualify.scoring.learned.train")


def test_train_reports_model_and_both_baselines(ws: Workspace) -> None:
    result = train(ws.store, ws.config, created_at=CREATED, options=SMALL)
    assert set(result.metrics) == {"model", "model_uncalibrated", "rules", "naive_bayes"}
    assert result.chosen in ("lightgbm", "logistic")
    meta = result.metadata
    assert "Subscription Started" in meta["excluded_events"]
    assert meta["config_hash"] and meta["features"]
    ranges = meta["ranges"]
    assert ranges["train"]["last_lead_start"] <= ranges["valid"]["first_lead_start"]
    assert ranges["valid"]["last_lead_start"] <= ranges["test"]["first_lead_start"]
    # Both calibrations are reported on the test leads; on a few hundred leads their ECE
    # differs by noise, so that calibration helps is shown where it can be measured:
    # tests/scoring/test_models_calibration_ece.py.
    for name in ("model", "model_uncalibrated"):
        assert 0 <= result.metrics[name]["ece"] <= 1
    passed, _ = gate(result.metrics, SMALL.min_gain)
    assert result.status == ("active" if passed else "inactive")
    assert registry.list_versions(ws.store)[0].status == result.status


def test_gate_needs_both_baselines_beaten() -> None:
    def m(model: float, rules: float, nb: float) -> dict[str, dict[str, float]]:
        return {"model": {"auc": model}, "rules": {"auc": rules}, "naive_bayes": {"auc": nb}}

    assert gate(m(0.8, 0.7, 0.75), 0.0)[0]
    ok, reason = gate(m(0.72, 0.7, 0.75), 0.0)
    assert not ok and "naive Bayes" in reason
    assert not gate(m(0.8, 0.79, 0.7), 0.02)[0]


def test_shuffled_labels_stay_inactive(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    real = train_module.lead_frame

    def shuffled(*args: Any, **kwargs: Any) -> pd.DataFrame:
        leads = real(*args, **kwargs)
        rng = np.random.default_rng(1)
        leads["label"] = rng.permutation(leads["label"].to_numpy())
        return leads

    monkeypatch.setattr(train_module, "lead_frame", shuffled)
    options = dataclasses.replace(SMALL, min_gain=0.02)
    result = train(ws.store, ws.config, created_at=CREATED, options=options)
    assert result.status == "inactive"
    assert "does not beat" in result.reason or "no real signal" in result.reason
    assert registry.current(ws.store) is None


def test_cold_start_refuses_with_counts(ws: Workspace) -> None:
    options = dataclasses.replace(SMALL, min_leads=10**6, min_conversions=10**5)
    with pytest.raises(LowData) as info:
        train(ws.store, ws.config, created_at=CREATED, options=options)
    text = str(info.value)
    assert "1,000,000 leads" in text and "100,000 conversions" in text and "low data" in text
    assert isinstance(info.value, EvaluationError | QualifyError)
    assert not registry.list_versions(ws.store)


@pytest.mark.parametrize("name", ["lightgbm", "logistic"])
def test_candidates_follow_the_scorer_contract(name: str) -> None:
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"a": rng.normal(size=300), "b": rng.choice(["x", "y"], size=300)})
    y = (x["a"] + rng.normal(size=300) > 0).astype(int).to_numpy()
    scorer = candidates(0)[name]
    assert scorer.fit(x, y) is scorer
    p = scorer.predict_proba(x)
    assert p.shape == (300,) and ((p >= 0) & (p <= 1)).all()
    contrib = scorer.contributions(x)  # type: ignore[attr-defined]
    assert "(baseline)" in contrib.columns
    assert not hasattr(scorer.clone(), "columns_")
