"""evaluate_table end to end on synthetic tables: folds, baselines, time order, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qualify.errors import EvaluationError
from qualify.scoring.evaluate import EvaluateSettings, evaluate_table
from qualify.scoring.evaluate.cv import make_folds

REQUIRED = ("auc", "auc_with_flagged", "pr_auc", "ece", "lift_top_decile", "model",
            "baselines", "leakage", "placeholders")  # fmt: skip


def history(n: int = 700, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.date_range("2023-01-01", periods=n, freq="12h")
    visits = rng.poisson(3, n)
    plan = rng.choice(["free", "pro", "Select"], n)
    logit = 0.5 * visits - 2 + (plan == "pro") * 1.0
    won = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "created": days.strftime("%Y-%m-%d %H:%M"),
            "visits": visits.astype(str),
            "plan": plan,
            "won": np.where(won, "TRUE", "FALSE"),
        }
    )


def test_json_has_every_required_key_and_is_strict_json(tmp_path: Path) -> None:
    path = tmp_path / "history.tsv"
    history().to_csv(path, sep="\t", index=False)
    doc = evaluate_table(path, label="won", positive="TRUE").to_json()
    assert set(REQUIRED) <= set(doc)
    json.dumps(doc, allow_nan=False)
    assert set(doc["baselines"]) == {"frequency_nb", "single_best_column"}
    assert doc["model"] in doc["models"]
    assert doc["placeholders"][0]["value"] == "Select"
    assert doc["folds"] == 5 and doc["cv"]["kind"] == "stratified"
    assert len(doc["lift"]) == 10 and len(doc["calibration"]["bins"]) == 10
    assert doc["auc"] > 0.7 and doc["ece"] < 0.1
    assert {"created month", "created weekday", "created age_days"} <= set(doc["features"])


def test_time_ordered_folds_only_look_forward() -> None:
    order = np.arange(60)[::-1]  # row 59 is the oldest
    y = np.array([0, 1] * 30)
    for train, test in make_folds(y, 5, order=order):
        assert train.min() > test.max()  # every training row is older than every test row


def test_time_option_runs_forward_in_time() -> None:
    result = evaluate_table(history(), label="won", positive="TRUE", time_column="created")
    assert result.cv["kind"] == "time-ordered"
    # Five test blocks of 700 // 6 rows; the oldest 120 rows only ever train.
    assert len(result.y) == 5 * (700 // 6)


def test_time_column_must_hold_dates() -> None:
    with pytest.raises(EvaluationError, match="--time column 'plan'"):
        evaluate_table(history(), label="won", positive="TRUE", time_column="plan")


def test_too_few_positives_for_the_folds_is_explained() -> None:
    frame = history(40)
    frame["won"] = ["TRUE"] * 3 + ["FALSE"] * 37
    with pytest.raises(EvaluationError, match="rarer class has 3 rows"):
        evaluate_table(frame, label="won", positive="TRUE")


def test_settings_change_the_folds() -> None:
    result = evaluate_table(
        history(300), label="won", positive="TRUE", settings=EvaluateSettings(n_folds=3)
    )
    assert result.cv["folds"] == 3
    assert all(len(m["fold_aucs"]) == 3 for m in result.models.values())


def test_progress_reports_every_fold_of_every_model() -> None:
    seen: list[tuple[str, int, int]] = []
    evaluate_table(history(300), label="won", positive="TRUE",
                   progress=lambda task, k, n: seen.append((task, k, n)))  # fmt: skip
    assert ("lightgbm", 5, 5) in seen and ("logistic", 1, 5) in seen
