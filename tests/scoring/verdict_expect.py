"""Expected values for the end-to-end verdict tests, computed from the config and the events a
test wrote (never from an output): decay fractions, daily-capped signal points, activation
shares, fit scores and readiness. A unique module name, safe to import."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from scoring_world import load

from qualify.config import Config, Decay, FieldRule, IntentSignal
from qualify.workspace import Workspace

EPS = 1e-9
DAY = dt.timedelta(days=1)


def decay_fraction(decay: Decay, age_days: float) -> float:
    """The share of a signal's points left after `age_days`, per the documented decay kinds."""
    age = max(age_days, 0.0)
    if decay.kind == "linear":
        assert decay.lifespan_days is not None
        return min(1.0, max(0.0, 1.0 - age / decay.lifespan_days))
    if decay.kind == "exponential":
        assert decay.half_life_days is not None
        return float(0.5 ** (age / decay.half_life_days))
    if decay.kind == "window":
        assert decay.window_days is not None
        return 1.0 if age <= decay.window_days else 0.0
    for days, fraction in decay.steps or []:
        if age <= days:
            return fraction
    return 0.0


def signal_points(sig: IntentSignal, times: Iterable[dt.datetime], as_of: dt.datetime) -> float:
    """Points of one signal: per UTC day min(points * events, cap_per_day), decayed by the age
    of that day's last event at `as_of`."""
    by_day: dict[dt.date, list[dt.datetime]] = {}
    for t in times:
        by_day.setdefault(t.date(), []).append(t)
    total = 0.0
    for events in by_day.values():
        raw = sig.points * len(events)
        if sig.cap_per_day is not None:
            raw = min(raw, sig.cap_per_day)
        age = (as_of - max(events)) / DAY
        total += raw * decay_fraction(sig.decay, age)
    return total


def signal(cfg: Config, name: str) -> IntentSignal:
    return next(s for s in cfg.intent.signals if s.name == name)


def discovered_names(cfg: Config, events: Iterable[str]) -> list[str]:
    """Key features (config order) whose events reach min_count."""
    counts = Counter(events)
    feats = cfg.activation.key_features
    return [f.name for f in feats if counts[f.event] >= f.min_count]


def share(cfg: Config, names: list[str]) -> float:
    return len(names) / len(cfg.activation.key_features)


def rule_holds(rule: FieldRule, value: Any) -> bool:
    """The ops the default ICP uses, evaluated by hand; an unset value fails."""
    if value is None:
        return False
    if rule.op == "in":
        return value in rule.value
    if rule.op == "gte":
        return float(value) >= float(rule.value)
    if rule.op == "eq":
        return bool(value == rule.value)
    if rule.op == "regex":
        return re.search(str(rule.value), str(value)) is not None
    raise AssertionError(f"op {rule.op} not covered by these tests")


def fit_expected(cfg: Config, values: dict[str, Any]) -> tuple[float, list[bool]]:
    """(fit score, passed per rule) for `values` keyed by field (`person.role`, ...)."""
    passed = [rule_holds(r, values.get(r.field)) for r in cfg.icp.rules]
    total = sum(r.weight for r in cfg.icp.rules)
    won = sum(r.weight for r, ok in zip(cfg.icp.rules, passed, strict=True) if ok)
    return 100.0 * won / total, passed


def readiness_expected(
    cfg: Config, fit: float, activation: float, intent: float, disqualified: bool = False
) -> float:
    """The formula of qualify.scoring.verdict's docstring (0 for a disqualified lead)."""
    if disqualified:
        return 0.0
    w = cfg.pql.readiness_weights
    total = w.fit + w.activation + w.intent
    return (w.fit * fit + w.activation * 100.0 * activation + w.intent * intent) / total


def scored(
    ws: Workspace,
    write_jsonl: Callable[..., Path],
    calls: list[dict[str, Any]],
    as_of: dt.datetime,
) -> None:
    load(ws, write_jsonl, calls)
    ws.score(as_of=as_of)


def signals_of(explained: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in explained["intent"]["signals"]}
