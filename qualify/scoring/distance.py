"""Distance to qualify: the smallest change that would make a non-PQL qualify.

Steps are dicts `{"part": "activation"|"fit"|"intent", "kind": ..., "text": ..., ...}`:
- fit/disqualifier: a disqualifier must be cleared;
- fit/gate: a required rule must pass;
- fit/rule: failed rules to pass, heaviest first, until the score reaches the threshold
  (after the gates' weights are counted);
- activation/key_features: the next missing key features, in config order;
- intent/points: whole points short of the entry threshold, with an example signal (the
  smallest one that covers the gap, else the largest).
`apply_steps` applies them to a vector; `distance_json` builds the same steps column-wise.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qualify.config import Config, FieldRule
from qualify.core.numbers import EPS
from qualify.scoring.activation import need_count
from qualify.scoring.rules import rule_text, value_text
from qualify.scoring.verdict import Vector, fit_score, is_pql

__all__ = ["apply_steps", "distance", "example_signal", "needed_points", "rule_need_text"]


def rule_need_text(rule: FieldRule, label: str) -> str:
    return f"{label}: needs {rule.key} {rule_text(rule, True)}"


def disq_text(rule: FieldRule) -> str:
    return f"Clear disqualifier {rule.code}: {rule.key} {rule_text(rule, True)}"  # type: ignore[attr-defined]


def needed_points(intent: float, threshold: float) -> int:
    """Whole points that lift `intent` to `threshold`."""
    pts = max(1, math.ceil(threshold - intent - EPS))
    return pts if intent + pts >= threshold - EPS else pts + 1


def example_signal(points: float, cfg: Config) -> int | None:
    """The smallest signal covering `points`, else the largest; None with no signals."""
    sigs = cfg.intent.signals
    if not sigs:
        return None
    order = sorted(range(len(sigs)), key=lambda j: (sigs[j].points, j))
    for j in order:
        if sigs[j].points >= points:
            return j
    return order[-1]


def intent_text(points: int, cfg: Config, j: int | None) -> str:
    base = f"{points} more intent point{'s' if points != 1 else ''}"
    if j is None:
        return base
    sig = cfg.intent.signals[j]
    return f"{base}, e.g. {sig.name} (+{value_text(float(sig.points))})"


def features_text(names: list[str]) -> str:
    s = "s" if len(names) != 1 else ""
    return f"{len(names)} more key feature{s}: {', '.join(names)}"


def distance(v: Vector, cfg: Config) -> list[dict[str, Any]] | None:
    """The steps that make `v` qualify (entry semantics); None if it already does."""
    if is_pql(v, cfg):
        return None
    return [*_fit_steps(v, cfg), *_activation_steps(v, cfg), *_intent_steps(v, cfg)]


def _fit_steps(v: Vector, cfg: Config) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for d, hit in zip(cfg.icp.disqualifiers, v.disqualified, strict=True):
        if hit:
            steps.append(
                {"part": "fit", "kind": "disqualifier", "code": d.code, "text": disq_text(d)}
            )
    rules = cfg.icp.rules
    fixed = list(v.rules)
    for i, r in enumerate(rules):
        if r.required and not v.rules[i]:
            fixed[i] = True
            steps.append(
                {"part": "fit", "kind": "gate", "rule": r.name, "text": rule_need_text(r, r.name)}
            )
    for i in rule_order(cfg):
        probe = Vector(tuple(fixed), v.disqualified, v.discovered, v.intent)
        if fit_score(probe, cfg) >= cfg.icp.threshold - EPS:
            break
        if not fixed[i]:
            fixed[i] = True
            steps.append(
                {
                    "part": "fit",
                    "kind": "rule",
                    "rule": rules[i].name,
                    "text": rule_need_text(rules[i], rules[i].name),
                }
            )
    return steps


def rule_order(cfg: Config) -> list[int]:
    """Optional rules, heaviest first (fewest rules to reach the threshold), then config order."""
    rules = cfg.icp.rules
    return sorted(
        (i for i, r in enumerate(rules) if not r.required), key=lambda i: (-rules[i].weight, i)
    )


def _activation_steps(v: Vector, cfg: Config) -> list[dict[str, Any]]:
    k = len(v.discovered)
    short = need_count(k, cfg.activation.threshold) - sum(v.discovered)
    if short <= 0:
        return []
    feats = cfg.activation.key_features
    names = [feats[i].name for i in range(k) if not v.discovered[i]][:short]
    return [
        {
            "part": "activation",
            "kind": "key_features",
            "count": len(names),
            "features": names,
            "text": features_text(names),
        }
    ]


def _intent_steps(v: Vector, cfg: Config) -> list[dict[str, Any]]:
    if v.intent >= cfg.intent.threshold - EPS:
        return []
    pts = needed_points(v.intent, cfg.intent.threshold)
    j = example_signal(pts, cfg)
    step: dict[str, Any] = {"part": "intent", "kind": "points", "points": pts}
    step["signal"] = None if j is None else cfg.intent.signals[j].name
    step["text"] = intent_text(pts, cfg, j)
    return [step]


def apply_steps(v: Vector, steps: list[dict[str, Any]], cfg: Config) -> Vector:
    """The vector after the suggested changes (pure)."""
    rules, disq, disc, intent = list(v.rules), list(v.disqualified), list(v.discovered), v.intent
    names = {r.name: i for i, r in enumerate(cfg.icp.rules)}
    codes = {d.code: i for i, d in enumerate(cfg.icp.disqualifiers)}
    feats = {f.name: i for i, f in enumerate(cfg.activation.key_features)}
    for step in steps:
        kind = step["kind"]
        if kind == "disqualifier":
            disq[codes[step["code"]]] = False
        elif kind in ("gate", "rule"):
            rules[names[step["rule"]]] = True
        elif kind == "key_features":
            for name in step["features"]:
                disc[feats[name]] = True
        elif kind == "points":
            intent = min(100.0, intent + float(step["points"]))
    return Vector(tuple(rules), tuple(disq), tuple(disc), intent)


def shortfall(share: np.ndarray, k: int, threshold: float) -> np.ndarray:
    """Key features each person still needs (vectorised)."""
    short = need_count(k, threshold) - np.rint(share * k).astype("int64")
    return np.asarray(np.maximum(0, short), dtype="int64")


def distance_column(
    passed: np.ndarray,
    disqualified: np.ndarray,
    discovered: np.ndarray,
    intent: np.ndarray,
    pql: np.ndarray,
    cfg: Config,
) -> list[str | None]:
    """`distance` as JSON for every person, computed once per distinct situation.

    The steps depend only on the rule, disqualifier and feature bits and on the whole intent
    points missing, so people are grouped by those and the reference function runs per group.
    """
    import json

    thr = cfg.intent.threshold
    gap = np.ceil(np.maximum(thr - intent - EPS, 0.0)).astype("int64")
    bits = np.column_stack([passed, disqualified, discovered]).astype("int64")
    weights = (
        (1 << np.arange(bits.shape[1], dtype="int64")) if bits.shape[1] else np.zeros(0, "int64")
    )
    key = (bits @ weights if bits.shape[1] else np.zeros(len(intent), "int64")) * 128 + gap
    key = np.where(pql, -1, key)
    uniq, inverse = np.unique(key, return_inverse=True)
    texts: list[str | None] = []
    nr, nd = passed.shape[1], disqualified.shape[1]
    for code in uniq:
        if code < 0:
            texts.append(None)
            continue
        row = [(int(code) // 128 >> b) & 1 == 1 for b in range(bits.shape[1])]
        pts = int(code) % 128
        v = Vector(
            tuple(row[:nr]),
            tuple(row[nr : nr + nd]),
            tuple(row[nr + nd :]),
            thr - pts + 0.5 if pts else thr,
        )
        steps = distance(v, cfg)
        texts.append(None if steps is None else json.dumps(steps, separators=(",", ":")))
    return list(np.array(texts, dtype=object)[inverse])
