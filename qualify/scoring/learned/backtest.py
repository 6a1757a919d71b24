"""`qualify backtest`: what a config change would have done, judged by what really happened.

Both configs' rules are computed as of a past time T over everyone identified by then (who was
not yet a customer), and their PQL sets compared with who became a customer in (T, T + N
days]. Default T: the latest time whose N-day window is complete.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from qualify.config import Config, config_hash
from qualify.core.clock import iso, naive_utc
from qualify.errors import EvaluationError
from qualify.scoring.evaluate.metrics import auc
from qualify.scoring.learned.features import feature_frame
from qualify.scoring.learned.labels import _starts, conversions
from qualify.scoring.learned.rules import rule_verdicts
from qualify.store import Store

__all__ = ["backtest", "default_as_of", "pql_metrics"]


def default_as_of(store: Store, horizon_days: int) -> dt.datetime:
    """The latest time whose `horizon_days` window ends by the last event."""
    first, last = store.event_time_range()
    if first is None or last is None:
        raise EvaluationError("the workspace holds no events; ingest some first")
    when = last - dt.timedelta(days=horizon_days)
    if when <= first:
        raise EvaluationError(
            f"the events span {(last - first).days} days, less than the {horizon_days}-day "
            "window a backtest needs; pass --as-of or ingest more history"
        )
    return when


def pql_metrics(pql: pd.Series, converted: pd.Series) -> dict[str, float]:
    """Precision, recall and lift (precision over the base rate) of a PQL call."""
    hits = int((pql & converted).sum())
    flagged, positives = int(pql.sum()), int(converted.sum())
    base = positives / len(converted) if len(converted) else 0.0
    precision = hits / flagged if flagged else 0.0
    return {
        "pqls": flagged,
        "converted_pqls": hits,
        "precision": precision,
        "recall": hits / positives if positives else 0.0,
        "lift": precision / base if base else 0.0,
    }


def _outcomes(store: Store, config: Config, when: dt.datetime, horizon_days: int) -> pd.DataFrame:
    people = _starts(store, config, when)
    _, last = store.event_time_range()
    conv = conversions(store, config, last or when).set_index("key")["converted_at"]
    by_person = people["person_id"].map(lambda p: f"person:{p}").map(conv)
    by_account = people["account_id"].map(lambda a: f"account:{a}").map(conv)
    converted_at = pd.concat([by_person, by_account], axis=1).min(axis=1)
    people = people[~(converted_at <= pd.Timestamp(when))].copy()
    converted_at = converted_at.loc[people.index]
    people["converted"] = converted_at <= pd.Timestamp(when + dt.timedelta(days=horizon_days))
    people["cutoff"] = pd.Timestamp(when)
    return people.set_index("person_id", drop=False)


def _verdicts(store: Store, config: Config, people: pd.DataFrame) -> pd.DataFrame:
    store.ensure_typed_columns(config.typed_columns())
    frame = feature_frame(store, config, people.reset_index(drop=True))
    return rule_verdicts(frame, config).reindex(people.index)


def backtest(
    store: Store,
    current: Config,
    proposed: Config,
    *,
    as_of: dt.datetime | None = None,
    horizon_days: int = 90,
    limit: int = 50,
) -> dict[str, Any]:
    """Who enters and leaves PQL under `proposed`, and both configs' precision, recall, lift
    and readiness AUC against conversions in (T, T + horizon_days]. Adds the typed columns
    `proposed` reads to the store if missing (an additive, idempotent change)."""
    when = naive_utc(as_of) if as_of is not None else default_as_of(store, horizon_days)
    people = _outcomes(store, current, when, horizon_days)
    converted = people["converted"].astype(bool)
    old, new = _verdicts(store, current, people), _verdicts(store, proposed, people)
    entered = people.index[new["pql"] & ~old["pql"]]
    left = people.index[old["pql"] & ~new["pql"]]
    _, last = store.event_time_range()
    labels = converted.to_numpy().astype("int64")

    def side(cfg: Config, verdicts: pd.DataFrame) -> dict[str, Any]:
        stats: dict[str, Any] = pql_metrics(verdicts["pql"].astype(bool), converted)
        stats["readiness_auc"] = auc(labels, verdicts["readiness"].to_numpy("float64"))
        return {"config_hash": config_hash(cfg), **stats}

    def who(ids: pd.Index) -> list[dict[str, Any]]:
        return [{"person_id": p, "converted": bool(converted[p])} for p in sorted(ids)[:limit]]

    return {
        "as_of": iso(when),
        "horizon_days": horizon_days,
        "window_complete": bool(
            last is not None and when + dt.timedelta(days=horizon_days) <= last
        ),
        "people": len(people),
        "converted": int(converted.sum()),
        "current": side(current, old),
        "proposed": side(proposed, new),
        "entered": {
            "count": len(entered),
            "converted": int(converted[entered].sum()),
            "people": who(entered),
        },
        "left": {"count": len(left), "converted": int(converted[left].sum()), "people": who(left)},
    }
