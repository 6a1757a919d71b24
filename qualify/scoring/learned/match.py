"""Config event matches, decays and field rules for training: the scorer's own compilers,
plus decay as an ibis expression."""

from __future__ import annotations

import re
from typing import Any

import ibis
import numpy as np
import pandas as pd

from qualify.config import Decay, FieldRule
from qualify.features.match import match_expr, prop_column
from qualify.scoring.rules import rule_passed


def slug(name: str) -> str:
    """A name as a column-safe lower-case stem."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


# One compiler for config matches and rules: training reads events exactly as scoring does.
property_column = prop_column
event_condition = match_expr


def decay_factor(age_days: Any, decay: Decay) -> Any:
    """The share of a signal's points left after `age_days` (an ibis numeric)."""
    if decay.kind == "exponential":
        return (age_days * (-np.log(2) / float(decay.half_life_days or 1))).exp()
    if decay.kind == "linear":
        return ibis.greatest(1 - age_days / float(decay.lifespan_days or 1), 0.0)
    if decay.kind == "window":
        return ibis.ifelse(age_days <= float(decay.window_days or 0), 1.0, 0.0)
    cases = [(age_days <= float(days), float(share)) for days, share in decay.steps or []]
    return ibis.cases(*cases, else_=0.0) if cases else ibis.literal(0.0)


def rule_passes(values: pd.Series, rule: FieldRule) -> pd.Series:
    """A pandas mask: which values pass `rule` (the scorer's own rule evaluation)."""
    return pd.Series(rule_passed(rule, values), index=values.index, dtype=bool)
