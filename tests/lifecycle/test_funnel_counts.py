"""Funnel counts, conversions, medians, headline rates and cohorts on a hand-built history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from funnel_tables import AS_OF, CONFIG, d, fill

from qualify.config import Config, parse_config
from qualify.errors import NotScored
from qualify.lifecycle.funnel import JOURNEYS, funnel
from qualify.lifecycle.stats import wilson
from qualify.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "f.duckdb") as st:
        fill(st)
        yield st


def by_name(stages: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return {s["name"]: s[key] for s in stages}


def test_top_level_shape_and_stage_order(store: Store) -> None:
    out = funnel(store, CONFIG)
    assert set(out) == {"plg", "traditional", "accounts", "as_of", "conversion_window_days"}
    assert out["as_of"] == AS_OF
    assert set(out["accounts"]) == {"plg", "traditional"}
    for journey, names in JOURNEYS.items():
        for part in (out[journey], out["accounts"][journey]):
            assert [s["name"] for s in part["stages"]] == list(names)
            assert set(part["stages"][0]) == {
                "name", "count", "conversion_to_next", "median_days_in_stage"
            }  # fmt: skip
    assert set(out["plg"]) == {"stages", "cohorts", "pql_to_paid"}
    assert set(out["traditional"]) == {"stages", "cohorts", "lead_to_customer"}


def test_plg_counts_conversions_and_medians(store: Store) -> None:
    stages = funnel(store, CONFIG)["plg"]["stages"]
    assert by_name(stages, "count") == {
        "awareness": 4, "trial": 3, "pql": 2, "sql": 0, "sqo": 0, "customer": 2,
        "expansion": 0, "advocacy": 0,
    }  # fmt: skip
    # u3 skipped pql yet counts as converting from trial; the empty and last stages are null.
    assert by_name(stages, "conversion_to_next") == {
        "awareness": 0.75, "trial": 1.0, "pql": 0.5, "sql": None, "sqo": None, "customer": 0.0,
        "expansion": None, "advocacy": None,
    }  # fmt: skip
    medians = by_name(stages, "median_days_in_stage")
    # trial stints: 10, 10, 10 and u2's open one since Jan 30 (151 days to as_of).
    assert medians["trial"] == 10.0
    assert medians["pql"] == 13.5
    assert medians["customer"] == 143.0  # Feb 1 and Feb 13 to Jun 30: 149 and 137
    assert medians["awareness"] == 0.0
    assert medians["sql"] is None


def test_traditional_counts_include_anonymous_visitors(store: Store) -> None:
    stages = funnel(store, CONFIG)["traditional"]["stages"]
    assert by_name(stages, "count") == {
        "visitor": 5, "mql": 1, "sql": 1, "opportunity": 0, "customer": 2, "evangelist": 0
    }  # fmt: skip
    assert by_name(stages, "conversion_to_next")["visitor"] == 0.4
    assert by_name(stages, "conversion_to_next")["evangelist"] is None


def test_headline_rates_with_wilson_intervals(store: Store) -> None:
    out = funnel(store, CONFIG)
    # PQLs u1 and u2; u1 paid. u3 paid without ever being a PQL, so it is not counted.
    assert out["plg"]["pql_to_paid"] == wilson(1, 2).to_json()
    # Leads are the five identified people (u5 has no stages); anon1 is not a lead.
    assert out["traditional"]["lead_to_customer"] == wilson(2, 5).to_json()
    assert out["accounts"]["plg"]["pql_to_paid"] == wilson(1, 1).to_json()
    assert out["accounts"]["traditional"]["lead_to_customer"] == wilson(0, 2).to_json()


def test_cohorts_by_signup_month(store: Store) -> None:
    out = funnel(store, CONFIG)
    plg = out["plg"]["cohorts"]
    assert [(c["cohort"], c["n"], c["rate"]) for c in plg] == [("2026-01", 2, 0.5)]
    trad = out["traditional"]["cohorts"]
    # u5 has no visitor stint: its cohort is the month it was first seen.
    assert [(c["cohort"], c["n"], c["rate"]) for c in trad] == [
        ("2026-01", 2, 0.5), ("2026-02", 1, 1.0), ("2026-03", 1, 0.0), ("2026-04", 1, 0.0)
    ]  # fmt: skip
    first = trad[0]
    assert (first["low"], first["high"]) == (wilson(1, 2).low, wilson(1, 2).high)


@pytest.mark.parametrize(
    ("as_of", "march_complete"),
    # March's last member signs up before Apr 1; Apr 1 + 90 days is Jun 30, 00:00.
    [("2026-06-30T00:00:00Z", True), ("2026-06-29T23:59:59Z", False)],
)
def test_cohort_completeness_at_the_window_boundary(
    tmp_path: Path, as_of: str, march_complete: bool
) -> None:
    with open_store(tmp_path / "b.duckdb") as st:
        fill(st, as_of)
        cohorts = funnel(st, CONFIG)["traditional"]["cohorts"]
    complete = {c["cohort"]: c["complete"] for c in cohorts}
    assert complete == {
        "2026-01": True, "2026-02": True, "2026-03": march_complete, "2026-04": False
    }  # fmt: skip


def test_a_longer_window_makes_cohorts_incomplete(store: Store) -> None:
    cfg = parse_config({"lifecycle": {"conversion_window_days": 365}})
    assert not any(c["complete"] for c in funnel(store, cfg)["traditional"]["cohorts"])


def test_json_is_strict_even_for_empty_stages(store: Store) -> None:
    json.dumps(funnel(store, CONFIG), allow_nan=False)


def test_as_of_falls_back_to_the_verdicts(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.duckdb") as st:
        fill(st)
        st.replace_table("person_verdicts", pd.DataFrame({"person_id": ["u1"], "as_of": [d(6, 1)]}))
        st.set_meta("scored_as_of", "")
        assert funnel(st, Config())["as_of"] == "2026-06-01T00:00:00Z"


def test_unscored_store_says_run_score(tmp_path: Path) -> None:
    with open_store(tmp_path / "e.duckdb") as st, pytest.raises(NotScored, match="qualify score"):
        funnel(st, CONFIG)
