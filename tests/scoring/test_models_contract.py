"""One contract test over every scorer (scikit-learn style, P(positive) as a 1-D array)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from qualify.scoring.models import (
    CalibratedScorer,
    FrequencyNBScorer,
    LightGBMScorer,
    LogisticScorer,
)
from qualify.scoring.models.base import Scorer

SCORERS: dict[str, Callable[[], Scorer]] = {
    "lightgbm": lambda: LightGBMScorer(n_estimators=40, random_state=3),
    "logistic": lambda: LogisticScorer(random_state=3),
    "frequency_nb": FrequencyNBScorer,
    "calibrated_sigmoid": lambda: CalibratedScorer(LightGBMScorer(n_estimators=20)),
    "calibrated_isotonic": lambda: CalibratedScorer(LogisticScorer(), method="isotonic"),
}


def frame(n: int = 400, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(
        {
            "visits": rng.poisson(3, n).astype(float),
            "plan": rng.choice(["free", "pro", "team"], n).astype(object),
            "spend": rng.normal(size=n),
        }
    )
    logit = 0.6 * x["visits"] - 2 + (x["plan"] == "team") * 1.5
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int).to_numpy()
    x.loc[x.index[::9], "visits"] = np.nan
    x.loc[x.index[::11], "plan"] = np.nan
    return x, y


@pytest.fixture(params=sorted(SCORERS))
def make(request: pytest.FixtureRequest) -> Callable[[], Scorer]:
    return SCORERS[request.param]


def test_fit_returns_self_and_sets_learned_state_only_then(make: Callable[[], Scorer]) -> None:
    scorer = make()
    before = {k for k in vars(scorer) if k.endswith("_")}
    x, y = frame()
    assert before == set()
    assert scorer.fit(x, y) is scorer
    assert any(k.endswith("_") for k in vars(scorer))


def test_predict_before_fit_is_a_clear_error(make: Callable[[], Scorer]) -> None:
    x, _ = frame()
    with pytest.raises(RuntimeError, match="not fitted"):
        make().predict_proba(x)


def test_probabilities_are_one_dimensional_and_in_unit_interval(
    make: Callable[[], Scorer],
) -> None:
    x, y = frame()
    p = make().fit(x, y).predict_proba(x)
    assert p.shape == (len(x),)
    assert np.all((p >= 0) & (p <= 1))
    assert np.corrcoef(p, y)[0, 1] > 0.2  # it learned the planted signal


def test_deterministic_given_a_seed(make: Callable[[], Scorer]) -> None:
    x, y = frame()
    np.testing.assert_allclose(make().fit(x, y).predict_proba(x), make().fit(x, y).predict_proba(x))


def test_missing_values_and_unseen_categories(make: Callable[[], Scorer]) -> None:
    x, y = frame()
    scorer = make().fit(x, y)
    new = x.head(5).copy()
    new["plan"] = ["enterprise", np.nan, "free", "never-seen", "pro"]
    new["visits"] = np.nan
    p = scorer.predict_proba(new)
    assert np.isfinite(p).all()


def test_clone_is_unfitted_with_same_params(make: Callable[[], Scorer]) -> None:
    x, y = frame()
    scorer = make().fit(x, y)
    twin = scorer.clone()
    assert repr(twin) == repr(scorer)
    assert not any(k.endswith("_") for k in vars(twin))


@pytest.mark.parametrize("name", ["lightgbm", "logistic", "frequency_nb"])
def test_contributions_sum_to_the_log_odds(name: str) -> None:
    x, y = frame()
    scorer = SCORERS[name]().fit(x, y)
    contributions = scorer.contributions(x)  # type: ignore[attr-defined]
    p = scorer.predict_proba(x)
    assert list(contributions.columns) == [*x.columns, "(baseline)"]
    np.testing.assert_allclose(contributions.sum(axis=1), np.log(p / (1 - p)), atol=1e-6)


def test_calibrated_contributions_come_from_the_base_model() -> None:
    x, y = frame()
    scorer = CalibratedScorer(LogisticScorer()).fit(x, y)
    assert list(scorer.contributions(x).columns) == [*x.columns, "(baseline)"]
