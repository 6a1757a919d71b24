"""A transparent rules baseline computed from the feature frame: fit, activation, intent,
readiness 0-100 and the PQL call, as the config defines them.

Used as the rules baseline in training and for backtests, so both configs of a backtest are
judged at the same moment with the same arithmetic. `metric.members` is the account's member
count; other metrics are not known here and fail their rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qualify.config import Config, FieldRule, KeyFeature
from qualify.scoring.learned.match import rule_passes, slug

__all__ = ["rule_verdicts"]


def _field_values(frame: pd.DataFrame, rule: FieldRule) -> pd.Series:
    if rule.scope == "metric":
        if rule.key == "members":
            return frame["members"]
        return pd.Series(np.nan, index=frame.index)
    column = f"{rule.scope}_{rule.key}"
    return frame[column] if column in frame.columns else pd.Series(None, index=frame.index)


def _fit(frame: pd.DataFrame, config: Config) -> pd.Series:
    rules = config.icp.rules
    if not rules:
        return pd.Series(100.0, index=frame.index)
    total = sum(r.weight for r in rules)
    score = pd.Series(0.0, index=frame.index)
    gate = pd.Series(True, index=frame.index)
    for rule in rules:
        passed = rule_passes(_field_values(frame, rule), rule)
        score = score + passed * rule.weight
        if rule.required:
            gate = gate & passed
    return (100.0 * score / total).where(gate, 0.0)


def _discovered(frame: pd.DataFrame, feature: KeyFeature) -> pd.Series:
    column = f"kf_{slug(feature.name)}_total"
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column].fillna(0) >= feature.min_count


def _activation(frame: pd.DataFrame, config: Config) -> pd.Series:
    features = config.activation.key_features
    if not features:
        return pd.Series(0.0, index=frame.index)
    found = sum(_discovered(frame, f).astype("float64") for f in features)
    return pd.Series(found, index=frame.index) / len(features)


def _disqualified(frame: pd.DataFrame, config: Config) -> pd.Series:
    out = pd.Series(False, index=frame.index)
    for rule in config.icp.disqualifiers:
        out = out | rule_passes(_field_values(frame, rule), rule)
    return out


def rule_verdicts(frame: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Per row of a `feature_frame`: fit, activation (0-1), intent, disqualified, readiness
    (weighted 0-100, 0 when disqualified) and pql."""
    out = pd.DataFrame(index=frame.index)
    out["fit"] = _fit(frame, config)
    out["activation"] = _activation(frame, config)
    out["intent"] = frame["intent_points"].fillna(0.0).clip(0, 100)
    out["disqualified"] = _disqualified(frame, config)
    w = config.pql.readiness_weights
    weight = (w.fit + w.activation + w.intent) or 1.0
    ready = w.fit * out["fit"] + w.activation * 100 * out["activation"] + w.intent * out["intent"]
    out["readiness"] = (ready / weight).where(~out["disqualified"], 0.0)
    out["pql"] = (
        ~out["disqualified"]
        & (out["fit"] >= config.icp.threshold)
        & (out["activation"] >= config.activation.threshold)
        & (out["intent"] >= config.intent.threshold)
    )
    return out
