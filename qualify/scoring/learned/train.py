"""`qualify train`: learn P(customer within N days) from the workspace's own history.

Leads are ordered by start and cut in time: the earliest train, the next validate (which
model), the latest test (every reported number). LightGBM and a regularised logistic
regression compete on validation; the winner is refitted on train + validation with a
calibrator fitted on time-ordered out-of-fold predictions, then judged on test beside two
baselines: the configured rules' readiness and the Odoo-style naive Bayes. It becomes active
only if its test AUC beats both by `min_gain`; otherwise it is stored inactive with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from qualify.config import Config, config_hash
from qualify.scoring.evaluate.metrics import summary
from qualify.scoring.learned import registry
from qualify.scoring.learned.features import (
    excluded_events,
    feature_frame,
    feature_specs,
    model_columns,
)
from qualify.scoring.learned.labels import LabelSpec, LowData, lead_frame
from qualify.scoring.learned.rules import rule_verdicts
from qualify.scoring.models import (
    CalibratedScorer,
    FrequencyNBScorer,
    LightGBMScorer,
    LogisticScorer,
    Scorer,
)
from qualify.store import Store

__all__ = ["TrainOptions", "TrainResult", "gate", "split_by_time", "train"]

# At a fixed scoring delay every lead has the same age, so age would only teach the model
# that later scoring is out of distribution.
CONSTANT_AT_FIXED_DELAY = ("days_since_first_seen",)
NAMES = {"rules": "the rules", "naive_bayes": "naive Bayes"}


@dataclass(frozen=True)
class TrainOptions:
    """Training settings (the `models:` config section once wired)."""

    horizon_days: int = 90
    delay_days: int = 7
    min_leads: int = 1000
    min_conversions: int = 120
    valid_share: float = 0.2
    test_share: float = 0.2
    calibration: str = "sigmoid"
    min_gain: float = 0.0
    seed: int = 0


@dataclass
class TrainResult:
    """What one training run produced and stored."""

    version: str
    status: str
    reason: str
    chosen: str
    metrics: dict[str, dict[str, float]]
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def split_by_time(n: int, valid_share: float, test_share: float) -> tuple[range, range, range]:
    """Consecutive (train, valid, test) row ranges of rows already sorted by lead start."""
    n_test = max(1, round(n * test_share))
    n_valid = max(1, round(n * valid_share))
    n_train = n - n_valid - n_test
    if n_train < 1:
        raise ValueError(f"{n} rows cannot be split into train, validation and test")
    return range(n_train), range(n_train, n_train + n_valid), range(n_train + n_valid, n)


def candidates(seed: int) -> dict[str, Scorer]:
    """The learned models that compete for the job."""
    return {
        "lightgbm": LightGBMScorer(
            n_estimators=200,
            learning_rate=0.03,
            num_leaves=7,
            min_child_samples=30,
            random_state=seed,
        ),
        "logistic": LogisticScorer(C=0.3, random_state=seed),
    }


def gate(metrics: dict[str, dict[str, float]], min_gain: float) -> tuple[bool, str]:
    """Whether the model's test AUC beats both baselines by `min_gain`, and why (not)."""
    model = metrics["model"]["auc"]
    best_name = max(("rules", "naive_bayes"), key=lambda k: metrics[k]["auc"])
    best = metrics[best_name]["auc"]
    if model > best + min_gain:
        return True, f"test AUC {model:.3f} beats rules and naive Bayes (best {best:.3f})"
    return False, (
        f"test AUC {model:.3f} does not beat {NAMES[best_name]} ({best:.3f}) "
        f"by {min_gain:.3f}; the rules stay in charge"
    )


def train(
    store: Store,
    config: Config,
    *,
    created_at: dt.datetime,
    options: TrainOptions = TrainOptions(),
    activate: bool = True,
) -> TrainResult:
    """Train, compare with the baselines, store a new version; raise LowData below the
    cold-start thresholds. `activate=False` stores even a winning model inactive."""
    spec = LabelSpec(options.horizon_days, options.delay_days)
    leads = lead_frame(store, config, spec)
    leads = leads[leads["complete"]].reset_index(drop=True)
    positives = int(leads["label"].sum())
    if len(leads) < options.min_leads or positives < options.min_conversions:
        raise LowData(len(leads), positives, options.min_leads, options.min_conversions)
    frame = feature_frame(store, config, leads)
    columns = [c for c in model_columns(config) if c not in CONSTANT_AT_FIXED_DELAY]
    x, y = frame[columns].reset_index(drop=True), leads["label"].to_numpy(np.int64)
    train_rows, valid_rows, test_rows = split_by_time(
        len(leads), options.valid_share, options.test_share
    )
    fit_rows = np.arange(valid_rows.stop)
    valid_auc = _valid_aucs(x, y, train_rows, valid_rows, options.seed)
    chosen = max(valid_auc, key=lambda k: valid_auc[k])
    model = CalibratedScorer(
        candidates(options.seed)[chosen], method=options.calibration, cv=3, time_ordered=True
    ).fit(x.iloc[fit_rows], y[fit_rows])
    metrics = _test_metrics(model, x, y, frame, config, fit_rows, test_rows, options.seed)
    passed, reason = gate(metrics, options.min_gain)
    if passed and _inverted(model):
        passed, reason = (
            False,
            (
                "the calibrator had to invert the model's held-out ranking (no real signal); "
                "the rules stay in charge"
            ),
        )
    status = "active" if passed and activate else "inactive"
    if passed and not activate:
        reason += "; stored inactive as asked"
    metadata = _metadata(config, options, leads, columns, chosen, valid_auc, metrics, reason)
    metadata |= {"ranges": _ranges(leads, train_rows, valid_rows, test_rows)}
    payload = {
        "scorer": model,
        "config": config.model_dump(mode="json"),
        "columns": columns,
        "texts": metadata["feature_texts"],
    }
    version = registry.save_model(store, payload, metadata, status, created_at)
    return TrainResult(version, status, reason, chosen, metrics, metadata)


def _inverted(model: CalibratedScorer) -> bool:
    """A Platt calibrator with a non-positive slope turns the ranking upside down."""
    calibrator = getattr(model, "calibrator_", None)
    coef = getattr(calibrator, "coef_", None)
    return coef is not None and float(coef[0][0]) <= 0


def _valid_aucs(
    x: pd.DataFrame, y: np.ndarray[Any, Any], train_rows: range, valid_rows: range, seed: int
) -> dict[str, float]:
    out = {}
    tr, va = (
        np.arange(train_rows.start, train_rows.stop),
        np.arange(valid_rows.start, valid_rows.stop),
    )
    for name, scorer in candidates(seed).items():
        fitted = scorer.fit(x.iloc[tr], y[tr])
        out[name] = summary(y[va], fitted.predict_proba(x.iloc[va]))["auc"]
    return out


def _test_metrics(
    model: CalibratedScorer,
    x: pd.DataFrame,
    y: np.ndarray[Any, Any],
    frame: pd.DataFrame,
    config: Config,
    fit_rows: np.ndarray[Any, Any],
    test_rows: range,
    seed: int,
) -> dict[str, dict[str, float]]:
    te = np.arange(test_rows.start, test_rows.stop)
    x_test, y_te = x.iloc[te], y[te]
    nb = FrequencyNBScorer(alpha=0.1).fit(x.iloc[fit_rows], y[fit_rows])
    readiness = rule_verdicts(frame.iloc[te], config)["readiness"].to_numpy(np.float64)
    return {
        "model": summary(y_te, model.predict_proba(x_test)),
        "model_uncalibrated": summary(y_te, model.base_.predict_proba(x_test)),
        # Readiness is 0-100, not a probability: its ECE and log loss mean nothing.
        "rules": summary(y_te, readiness / 100.0),
        "naive_bayes": summary(y_te, nb.predict_proba(x_test)),
    }


def _ranges(leads: pd.DataFrame, *parts: range) -> dict[str, dict[str, Any]]:
    out = {}
    for name, rows in zip(("train", "valid", "test"), parts, strict=True):
        starts = leads["lead_start"].iloc[rows.start : rows.stop]
        out[name] = {
            "leads": len(rows),
            "conversions": int(leads["label"].iloc[rows.start : rows.stop].sum()),
            "first_lead_start": starts.min().isoformat(),
            "last_lead_start": starts.max().isoformat(),
        }
    return out


def _metadata(
    config: Config,
    options: TrainOptions,
    leads: pd.DataFrame,
    columns: list[str],
    chosen: str,
    valid_auc: dict[str, float],
    metrics: dict[str, dict[str, float]],
    reason: str,
) -> dict[str, Any]:
    texts = {s.name: s.text for s in feature_specs(config)}
    return {
        "label": (
            f"customer within {options.horizon_days} days of lead start + {options.delay_days}"
        ),
        "options": asdict(options),
        "config_hash": config_hash(config),
        "features": columns,
        "feature_texts": {c: texts[c] for c in columns},
        "excluded_events": excluded_events(config),
        "excluded_prefixes": ["Opportunity ", "Subscription "],
        "leads": len(leads),
        "conversions": int(leads["label"].sum()),
        "base_rate": float(leads["label"].mean()),
        "data_range": {
            "first_lead_start": leads["lead_start"].min().isoformat(),
            "last_lead_start": leads["lead_start"].max().isoformat(),
        },
        "chosen": chosen,
        "calibration": options.calibration,
        "valid_auc": valid_auc,
        "metrics": metrics,
        "reason": reason,
    }
