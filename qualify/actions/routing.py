"""Routing: `sales_assisted` when any routing rule passes (the first one is the reason, e.g.
"employees 1200 >= 500" or "members 9 >= 8"), otherwise `self_serve` with the reason why no
rule passed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qualify.config import Config
from qualify.scoring.rules import actual_text, rule_passed, rule_text

__all__ = ["ROUTES", "Routes", "route", "route_fields", "sales_assisted"]

ROUTES = ("self_serve", "sales_assisted")


@dataclass(frozen=True)
class Routes:
    route: np.ndarray  # object array of "self_serve" | "sales_assisted"
    reason: pd.Series  # Arrow-backed strings: no Python object per row


def sales_assisted(frame: pd.DataFrame, cfg: Config) -> np.ndarray:
    """Whether any sales-assisted rule passes for each row (the route, without its reason:
    scoring stores this and the rules' field values; reads rebuild the reason with `route`)."""
    out = np.zeros(len(frame), dtype=bool)
    for rule in cfg.routing.sales_assisted:
        values = (
            frame[rule.field] if rule.field in frame.columns else pd.Series([None] * len(frame))
        )
        out |= rule_passed(rule, values)
    return out


def route_fields(cfg: Config) -> list[str]:
    """The fields the routing rules read, in config order, once each."""
    return list(dict.fromkeys(rule.field for rule in cfg.routing.sales_assisted))


def route(frame: pd.DataFrame, cfg: Config) -> Routes:
    """Route every row of a frame with `person.*`, `account.*` and `metric.*` columns."""
    n = len(frame)
    rules = cfg.routing.sales_assisted
    chosen = pa.nulls(n, pa.string())
    failed: list[pa.Array] = []
    for rule in rules:
        values = frame[rule.field] if rule.field in frame.columns else pd.Series([None] * n)
        ok = rule_passed(rule, values)
        actual = pc.fill_null(actual_text(values), "not set")
        text_ok = pc.binary_join_element_wise(
            f"{rule.key} ", actual, f" {rule_text(rule, True)}", ""
        )
        text_bad = pc.binary_join_element_wise(
            f"{rule.key} ", actual, f" {rule_text(rule, False)}", ""
        )
        chosen = pc.if_else(pc.is_null(chosen), pc.if_else(pa.array(ok), text_ok, None), chosen)
        failed.append(text_bad)
    sales = ~np.asarray(pc.is_null(chosen).to_numpy(zero_copy_only=False), dtype=bool)
    if failed:
        none = pc.binary_join_element_wise(*failed, "; ")
        none = pc.binary_join_element_wise("no sales-assisted rule passed: ", none, "")
    else:
        none = pa.array(["no sales-assisted rules configured"] * n)
    reason = pc.if_else(pa.array(sales), chosen, none)
    text = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([reason])), index=frame.index)
    return Routes(np.where(sales, "sales_assisted", "self_serve"), text)
