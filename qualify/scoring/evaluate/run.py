"""The orchestrator: read, clean, detect leaks, cross-validate, measure."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from qualify.errors import EvaluationError
from qualify.scoring.evaluate import metrics
from qualify.scoring.evaluate.cv import Fold, OutOfFold, make_folds, out_of_fold
from qualify.scoring.evaluate.features import Columns, build_features, clean_table, time_order
from qualify.scoring.evaluate.leakage import Leak, LeakSettings, find_leaks, single_column_aucs
from qualify.scoring.evaluate.result import EvaluationResult
from qualify.scoring.evaluate.table import read_table
from qualify.scoring.models import (
    CalibratedScorer,
    FrequencyNBScorer,
    LightGBMScorer,
    LogisticScorer,
)
from qualify.scoring.models.base import Scorer

Progress = Callable[[str, int, int], None]
Factory = Callable[[], Scorer]


@dataclass(frozen=True)
class EvaluateSettings:
    """How hard to look. Every field has the default the CLI uses."""

    n_folds: int = 5
    seed: int = 0
    calibration: str = "sigmoid"  # Platt keeps the ranking, so calibrating cannot cost AUC
    leakage: LeakSettings = field(default_factory=LeakSettings)
    n_jobs: int = 1  # a shared 2-core box: threads fighting cost more than they give


def candidate_models(settings: EvaluateSettings) -> dict[str, Factory]:
    """The learned models that compete on out-of-fold AUC."""
    seed, jobs = settings.seed, settings.n_jobs
    return {
        "lightgbm": lambda: LightGBMScorer(n_jobs=jobs, random_state=seed),
        "logistic": lambda: LogisticScorer(random_state=seed),
    }


def _quick_model(settings: EvaluateSettings) -> Factory:
    """A cheaper booster for the drop-one leakage test, where only AUC differences matter."""
    return lambda: LightGBMScorer(
        n_estimators=80, learning_rate=0.15, n_jobs=settings.n_jobs, random_state=settings.seed
    )


def evaluate_table(
    table: str | Path | pd.DataFrame,
    *,
    label: str,
    positive: str = "1",
    id_columns: Sequence[str] = (),
    time_column: str | None = None,
    keep: Sequence[str] = (),
    drop: Sequence[str] = (),
    settings: EvaluateSettings | None = None,
    progress: Progress | None = None,
) -> EvaluationResult:
    """Evaluate how well a table's columns predict its label, honestly (out of fold).

    ``table`` is a CSV (any of , ; tab |) or Parquet path, or a frame of raw text cells.
    Raises EvaluationError when the table cannot be evaluated as given.
    """
    started = time.perf_counter()
    config = settings or EvaluateSettings()
    raw = table if isinstance(table, pd.DataFrame) else read_table(table)
    spec = Columns(label, positive, tuple(id_columns), time_column, tuple(keep), tuple(drop))
    clean = clean_table(raw.astype(object), spec)
    x, _ = build_features(clean)
    _check_keep(keep, x)
    order = time_order(clean, time_column) if time_column else None
    folds = make_folds(clean.y, config.n_folds, order, config.seed)
    with threadpool_limits(limits=config.n_jobs):
        result = _run(x, clean.y, folds, spec, config, progress)
    result.placeholders = clean.placeholders
    result.excluded = clean.excluded
    result.rows_without_label = clean.rows_without_label
    result.cv = {"kind": "time-ordered" if order is not None else "stratified",
                 "folds": len(folds), "time_column": time_column}  # fmt: skip
    result.seconds = time.perf_counter() - started
    return result


def _check_keep(keep: Sequence[str], x: pd.DataFrame) -> None:
    for name in keep:
        if name not in x.columns:
            raise EvaluationError(
                f"--keep {name!r} is not a feature column; features are: {', '.join(x.columns)}"
            )


def _run(
    x: pd.DataFrame,
    y: npt.NDArray[np.int64],
    folds: list[Fold],
    spec: Columns,
    config: EvaluateSettings,
    progress: Progress | None,
) -> EvaluationResult:
    _say(progress, "single-column AUCs", 0, 1)
    singles = single_column_aucs(x, y, folds)
    quick = _quick_model(config)
    leaks = find_leaks(x, y, folds, singles, quick, config.leakage, spec.keep, progress)
    excluded = [leak.column for leak in leaks if not leak.kept]
    honest = x.drop(columns=excluded)
    runs = {
        name: out_of_fold(make, honest, y, folds, _step(progress, name), explain=True)
        for name, make in candidate_models(config).items()
    }
    nb = out_of_fold(FrequencyNBScorer, honest, y, folds, _step(progress, "frequency_nb"))
    chosen = max(runs, key=lambda name: _pooled_auc(y, runs[name]))
    factory = candidate_models(config)[chosen]
    calibrated = out_of_fold(
        lambda: CalibratedScorer(factory(), config.calibration, 3, spec.time_column is not None),
        honest, y, folds, _step(progress, f"{chosen} calibrated"),
    )  # fmt: skip
    with_flagged = (
        _pooled_auc(y, out_of_fold(factory, x, y, folds, _step(progress, "with flagged")))
        if excluded
        else None
    )
    return _result(y, spec, chosen, config, calibrated, runs, nb, singles, excluded, leaks,
                   with_flagged, list(honest.columns))  # fmt: skip


def _result(
    y: npt.NDArray[np.int64],
    spec: Columns,
    chosen: str,
    config: EvaluateSettings,
    calibrated: OutOfFold,
    runs: dict[str, OutOfFold],
    nb: OutOfFold,
    singles: dict[str, float],
    excluded: list[str],
    leaks: list[Leak],
    with_flagged: float | None,
    features: list[str],
) -> EvaluationResult:
    seen = np.isfinite(calibrated.scores)
    ys, ps = y[seen], calibrated.scores[seen]
    summary = metrics.summary(ys, ps)
    honest_singles = {c: a for c, a in singles.items() if c not in excluded}
    best_column = max(honest_singles, key=honest_singles.__getitem__, default=None)
    baselines = {
        "frequency_nb": _pooled_auc(y, nb),
        "single_best_column": honest_singles.get(best_column, 0.5) if best_column else 0.5,
    }
    importance = dict(sorted((runs[chosen].importance or {}).items(), key=lambda kv: -kv[1]))
    return EvaluationResult(
        label=spec.label, positive=spec.positive, n_rows=len(y), base_rate=float(ys.mean()),
        model=chosen, calibration_method=config.calibration, metrics=summary,
        auc_with_flagged=summary["auc"] if with_flagged is None else with_flagged,
        cv={}, models={n: {"auc": _pooled_auc(y, r), "fold_aucs": r.fold_aucs}
                       for n, r in runs.items()},
        baselines=baselines, single_best_column=best_column, leakage=leaks,
        single_column_aucs=dict(sorted(singles.items(), key=lambda kv: -kv[1])),
        placeholders=[], excluded={}, features=features, importance=importance,
        thresholds=metrics.threshold_table(ys, ps), lift=metrics.lift_table(ys, ps),
        calibration_bins=metrics.calibration_bins(ys, ps),
        y=ys, scores=ps, baseline_scores={"frequency_nb": nb.scores[seen]},
    )  # fmt: skip


def _pooled_auc(y: npt.NDArray[np.int64], run: OutOfFold) -> float:
    seen = np.isfinite(run.scores)
    return metrics.auc(y[seen], run.scores[seen])


def _step(progress: Progress | None, task: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    report = progress
    return lambda k, n: report(task, k, n)


def _say(progress: Progress | None, task: str, k: int, n: int) -> None:
    if progress is not None:
        progress(task, k, n)
