"""Score people with stored model versions: the active one, and a shadow beside it.

A version carries the config it was trained with, so its features are computed the way it
learned them whatever the workspace config says now; with the events as of `as_of` and the
stored model, the same (as_of, version) always gives the same scores. With no model to use
(cold start) scores are NaN, which readers show as "low data".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from qualify.config import Config, TypedColumn, config_hash, parse_config
from qualify.core.clock import naive_utc
from qualify.scoring.learned import registry
from qualify.scoring.learned.explain import factors_json, to_points
from qualify.scoring.learned.features import feature_frame
from qualify.scoring.learned.labels import _starts
from qualify.store import Store

__all__ = ["AUTO", "COLUMNS", "LOW_DATA", "score_people"]

AUTO = registry.AUTO
LOW_DATA = "low_data"
COLUMNS = ["person_id", "model_score", "model_version", "shadow_score", "shadow_version", "factors"]


def score_people(
    store: Store,
    config: Config,
    as_of: dt.datetime,
    typed: Sequence[TypedColumn] | None = None,
    *,
    version: str | None = AUTO,
    shadow: str | None = AUTO,
    top: int = 3,
) -> pd.DataFrame:
    """Every identified person as of `as_of`: model_score (0-1, NaN when there is no model),
    model_version, shadow_score, shadow_version and factors (JSON text, see `explain`).

    `version`/`shadow` default to the stored active/shadow versions; pass a version name to
    reproduce a past score, or None for none. `typed` is accepted for the pipeline's calling
    convention; each model reads the typed columns of its own training config.
    """
    del typed
    when = naive_utc(as_of)
    people = _starts(store, config, when)
    people["cutoff"] = pd.Timestamp(when)
    out = pd.DataFrame({"person_id": people["person_id"].astype(object)})
    chosen = registry.current(store, "active") if version == AUTO else version
    paired = registry.current(store, "shadow") if shadow == AUTO else shadow
    cache: dict[str, pd.DataFrame] = {}
    out["model_score"], out["factors"] = _run(store, chosen, people, cache, top)
    out["model_version"] = chosen
    out["shadow_score"], _ = _run(store, paired, people, cache, 0)
    out["shadow_version"] = paired
    return out[COLUMNS].sort_values("person_id", kind="stable").reset_index(drop=True)


def _run(
    store: Store,
    version: str | None,
    people: pd.DataFrame,
    cache: dict[str, pd.DataFrame],
    top: int,
) -> tuple[np.ndarray[Any, Any], list[str]]:
    if version is None or people.empty:
        return np.full(len(people), np.nan), ["[]"] * len(people)
    payload, _ = registry.load_model(store, version)
    trained = parse_config(payload["config"], source=f"model {version}")
    key = config_hash(trained)
    if key not in cache:
        store.ensure_typed_columns(trained.typed_columns())
        cache[key] = feature_frame(store, trained, people)
    x = cache[key][payload["columns"]].reset_index(drop=True)
    scorer = payload["scorer"]
    scores = np.asarray(scorer.predict_proba(x), dtype=np.float64)
    if top == 0:
        return scores, ["[]"] * len(people)
    points = to_points(scorer.contributions(x))
    texts: dict[str, str] = payload.get("texts", {})
    return scores, factors_json(points, x, texts, top)
