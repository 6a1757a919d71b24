"""Outcome leakage: a planted leak under a random name is flagged, excluded, and priced."""

from __future__ import annotations

import secrets

import numpy as np
import pandas as pd
import pytest

from qualify.errors import EvaluationError
from qualify.scoring.evaluate import EvaluationResult, evaluate_table
from qualify.scoring.evaluate.cv import make_folds
from qualify.scoring.evaluate.leakage import LeakSettings, find_leaks, single_column_aucs
from qualify.scoring.models import LightGBMScorer

LEAK = f"col_{secrets.token_hex(4)}"


def leads(n: int = 800, seed: int = 0) -> pd.DataFrame:
    """Raw text cells: honest signal in visits/source, a sales-entered stage that knows y."""
    rng = np.random.default_rng(seed)
    visits = rng.poisson(3, n)
    source = rng.choice(["ads", "organic", "referral"], n)
    logit = 0.45 * visits - 2.0 + (source == "referral") * 1.2
    won = rng.random(n) < 1 / (1 + np.exp(-logit))
    flips = rng.random(n) < 0.04
    stage = np.where(won ^ flips, "Closed - enrolled", "Ringing")
    return pd.DataFrame(
        {
            "id": [f"lead-{i}" for i in range(n)],
            "visits": visits.astype(str),
            "source": source,
            "noise": rng.normal(size=n).round(4).astype(str),
            LEAK: stage,
            "won": np.where(won, "yes", "no"),
        }
    )


@pytest.fixture(scope="module")
def result() -> EvaluationResult:
    return evaluate_table(leads(), label="won", positive="yes", id_columns=["id"])


def test_planted_leak_is_flagged_and_excluded(result: EvaluationResult) -> None:
    flagged = {leak.column: leak for leak in result.leakage}
    assert set(flagged) == {LEAK}
    assert flagged[LEAK].auc >= 0.9
    assert "alone" in flagged[LEAK].reason
    assert LEAK not in result.features
    assert result.to_json()["leakage"][0]["excluded"] is True


def test_auc_with_flagged_shows_what_the_leak_was_worth(result: EvaluationResult) -> None:
    assert result.auc_with_flagged > 0.9
    assert result.auc < result.auc_with_flagged - 0.1
    assert 0.6 < result.auc < 0.85


def test_keep_keeps_a_flagged_column() -> None:
    kept = evaluate_table(leads(), label="won", positive="yes", id_columns=["id"], keep=[LEAK])
    assert [leak.column for leak in kept.leakage] == [LEAK]
    assert kept.leakage[0].kept
    assert LEAK in kept.features
    assert kept.auc > 0.9


def test_keep_of_an_unknown_column_is_named() -> None:
    with pytest.raises(EvaluationError, match="--keep 'nope'"):
        evaluate_table(leads(200), label="won", positive="yes", keep=["nope"])


def test_strong_and_dominant_column_is_flagged_by_the_drop_one_test() -> None:
    rng = np.random.default_rng(2)
    n = 1500
    call = rng.exponential(size=n)
    other = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(3 * (call - 1) + 0.3 * other)))).astype(np.int64)
    x = pd.DataFrame({"call_seconds": call, "other": other})
    folds = make_folds(y, 5)
    singles = single_column_aucs(x, y, folds)
    assert singles["call_seconds"] >= 0.75
    settings = LeakSettings(alone_auc=0.99, strong_auc=0.75, dominance=0.05)
    leaks = find_leaks(x, y, folds, singles, lambda: LightGBMScorer(n_estimators=30), settings)
    assert [leak.column for leak in leaks] == ["call_seconds"]
    assert leaks[0].drop_cost is not None and leaks[0].drop_cost >= 0.05
    assert "dominant" in leaks[0].reason


def test_thresholds_are_configurable() -> None:
    x = pd.DataFrame({"a": np.r_[np.zeros(50), np.ones(50)]})
    y = np.r_[np.zeros(45), np.ones(5), np.ones(45), np.zeros(5)].astype(np.int64)
    folds = make_folds(y, 5)
    singles = single_column_aucs(x, y, folds)
    assert 0.8 < singles["a"] < 0.92
    quick = LightGBMScorer
    strict = find_leaks(x, y, folds, singles, quick, LeakSettings(alone_auc=0.95, strong_auc=0.95))
    loose = find_leaks(x, y, folds, singles, quick, LeakSettings(alone_auc=0.8))
    assert strict == []
    assert [leak.column for leak in loose] == ["a"]
