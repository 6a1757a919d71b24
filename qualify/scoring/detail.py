"""The `detail` JSON of every person, built column-wise (see jsonvec)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qualify.config import Config
from qualify.scoring.activation import ActivationResult
from qualify.scoring.fit import FitResult
from qualify.scoring.jsonvec import const, jbool, jlist, jnum, jobj, jstr, when
from qualify.scoring.rules import actual_text, rule_reason

__all__ = ["person_detail"]


def person_detail(
    frame: pd.DataFrame,
    cfg: Config,
    fitr: FitResult,
    act: ActivationResult,
    signals: dict[str, np.ndarray],
    scores: dict[str, np.ndarray],
    route: tuple[np.ndarray, Any],
) -> Any:
    n = len(frame)
    parts = [
        ("fit", _fit(frame, cfg, fitr, n)),
        ("activation", _activation(cfg, act, n)),
        ("intent", _intent(cfg, signals, scores["intent"], n)),
        ("readiness", _readiness(cfg, scores, n)),
        ("route", jobj([("route", jstr(route[0].astype(str))), ("reason", jstr(route[1]))], n)),
    ]
    return jobj(parts, n)


def _fit(frame: pd.DataFrame, cfg: Config, fitr: FitResult, n: int) -> Any:
    rules = []
    for i, r in enumerate(cfg.icp.rules):
        values = frame[r.field] if r.field in frame.columns else pd.Series([None] * n)
        actual = actual_text(values)
        fields = [
            ("name", const(r.name)),
            ("field", const(r.field)),
            ("op", const(r.op)),
            ("value", const(r.value)),
            ("actual", _actual_json(values, actual)),
            ("passed", jbool(fitr.passed[:, i])),
            ("reason", jstr(rule_reason(r, r.name, values, fitr.passed[:, i], actual))),
            ("weight", const(r.weight)),
            ("required", const(r.required)),
        ]
        rules.append(jobj(fields, n))
    gates = [when(fitr.gates_failed[:, i], const(r.name)) for i, r in enumerate(cfg.icp.rules)]
    disq = []
    for j, d in enumerate(cfg.icp.disqualifiers):
        values = frame[d.field] if d.field in frame.columns else pd.Series([None] * n)
        reason = rule_reason(d, d.code, values, fitr.disqualified[:, j])
        disq.append(
            when(
                fitr.disqualified[:, j],
                jobj([("code", const(d.code)), ("reason", jstr(reason))], n),
            )
        )
    return jobj(
        [
            ("score", jnum(fitr.score)),
            ("passed", jbool(fitr.ok)),
            ("rules", jlist(rules, n)),
            ("gates_failed", jlist(gates, n)),
            ("disqualifiers", jlist(disq, n)),
        ],
        n,
    )


def _actual_json(values: pd.Series, text: Any) -> Any:
    if pd.api.types.is_numeric_dtype(values):
        return pc.fill_null(text, "null")
    return jstr(text)


def _ts(values: np.ndarray) -> Any:
    arr = pa.array(values.astype("datetime64[s]"), pa.timestamp("s"))
    text = pc.strftime(arr, format="%Y-%m-%dT%H:%M:%SZ")
    return jstr(text)


def _activation(cfg: Config, act: ActivationResult, n: int) -> Any:
    feats = cfg.activation.key_features
    found = [when(act.discovered[:, j], const(f.name)) for j, f in enumerate(feats)]
    missing = [when(~act.discovered[:, j], const(f.name)) for j, f in enumerate(feats)]
    per = [
        jobj(
            [
                ("name", const(f.name)),
                ("count", jnum(act.counts[:, j])),
                ("min_count", const(f.min_count)),
                ("discovered", jbool(act.discovered[:, j])),
                ("first_at", _ts(act.first_at[:, j])),
            ],
            n,
        )
        for j, f in enumerate(feats)
    ]
    return jobj(
        [
            ("share", jnum(act.share, 4)),
            ("discovered", jlist(found, n)),
            ("missing", jlist(missing, n)),
            ("features", jlist(per, n)),
        ],
        n,
    )


def _intent(cfg: Config, signals: dict[str, np.ndarray], score: np.ndarray, n: int) -> Any:
    items = []
    for j, s in enumerate(cfg.intent.signals):
        has = signals["events"][:, j] > 0
        obj = jobj(
            [
                ("name", const(s.name)),
                ("points", jnum(signals["points"][:, j])),
                ("events", jnum(signals["events"][:, j])),
                ("last_at", _ts(signals["last_at"][:, j])),
            ],
            n,
        )
        items.append(when(has, obj))
    return jobj([("score", jnum(score)), ("signals", jlist(items, n))], n)


def _readiness(cfg: Config, scores: dict[str, np.ndarray], n: int) -> Any:
    w = cfg.pql.readiness_weights
    return jobj(
        [
            ("score", jnum(scores["readiness"])),
            ("fit", jnum(scores["fit"])),
            ("activation", jnum(100 * scores["activation"])),
            ("intent", jnum(scores["intent"])),
            ("weights", const({"fit": w.fit, "activation": w.activation, "intent": w.intent})),
        ],
        n,
    )
