"""Both journeys' funnels, measured on the workspace's own stage history.

Definitions (the JSON of `qualify funnel --json` follows them):

- A stage's `count` is the number of entities that ever entered it (a row in `stage_history`).
- `conversion_to_next` is the share of those that ever entered *any* later stage of the journey,
  so an entity that skips a stage (trial -> customer) still counts as converting; null for the
  last stage or an empty one.
- `median_days_in_stage` is the median over stints of (exited_at, or as_of if still there)
  minus entered_at, in days.
- A lead is an identified person (a row of `person_verdicts`); for accounts, a row of
  `account_verdicts`. `lead_to_customer` = leads that entered `customer` / leads;
  `pql_to_paid` = entities that entered `pql` and entered `customer` (or `expansion`, which
  means paying) / entities that entered `pql`. Both carry 95% Wilson intervals.
- Cohorts group the headline's population by signup month (plg: first `trial` entry; traditional:
  first `visitor` entry; either falling back to first seen). A cohort is complete once its last
  possible member has had the whole conversion window, i.e. the month's end plus
  `lifecycle.conversion_window_days` is at or before the scoring as_of.

The field's quoted rates (`FIELD_FIGURES`) are context for people reading the output; nothing here
computes with them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from qualify.config import Config
from qualify.core.clock import iso, naive_utc, parse_time
from qualify.errors import NotScored
from qualify.lifecycle.stats import wilson
from qualify.store import Store

__all__ = [
    "FIELD_FIGURES",
    "HEADLINE",
    "JOURNEYS",
    "PAID_STAGES",
    "funnel",
    "journey_funnel",
]

JOURNEYS: dict[str, tuple[str, ...]] = {
    "plg": ("awareness", "trial", "pql", "sql", "sqo", "customer", "expansion", "advocacy"),
    "traditional": ("visitor", "mql", "sql", "opportunity", "customer", "evangelist"),
}
HEADLINE = {"plg": "pql_to_paid", "traditional": "lead_to_customer"}
# Advocacy and evangelism can come from people who never paid, so only these mean "paid".
PAID_STAGES = {"plg": frozenset({"customer", "expansion"}), "traditional": frozenset({"customer"})}
# Where each journey's cohort clock starts, before falling back to first seen.
COHORT_STAGE = {"plg": "trial", "traditional": "visitor"}
FIELD_FIGURES = {
    "pql_to_paid": "25-30% of PQLs convert free-to-paid",
    "lead_to_customer": "2.9% average lead-to-customer rate",
}
_NEEDED = ("person_verdicts", "account_verdicts", "stage_history")
_UNIVERSE = {
    "person": ("person_verdicts", "person_id", "people", "user_id"),
    "account": ("account_verdicts", "account_id", "accounts", "group_id"),
}


def funnel(store: Store, config: Config) -> dict[str, Any]:
    """Both journeys' funnels for people, and under `accounts` for accounts."""
    missing = [t for t in _NEEDED if not store.has_table(t)]
    if missing:
        raise NotScored(f"no {', '.join(missing)} in this workspace; run `qualify score` first")
    as_of = _scored_as_of(store)
    window = config.lifecycle.conversion_window_days
    people = _entity_funnels(store, "person", as_of, window)
    return {
        **people,
        "accounts": _entity_funnels(store, "account", as_of, window),
        "as_of": iso(as_of.to_pydatetime()),
        "conversion_window_days": window,
    }


def journey_funnel(
    history: pd.DataFrame,
    leads: set[str],
    first_seen: dict[str, pd.Timestamp],
    journey: str,
    as_of: pd.Timestamp,
    window_days: int,
) -> dict[str, Any]:
    """One journey's funnel from its stage rows (entity_id, stage, entered_at, exited_at)."""
    stages = JOURNEYS[journey]
    reached = {s: set(history.loc[history["stage"] == s, "entity_id"]) for s in stages}
    population, hits = _headline_sets(reached, leads, journey)
    starts = _cohort_starts(history, population, first_seen, COHORT_STAGE[journey])
    return {
        "stages": _stage_rows(history, stages, reached, as_of),
        "cohorts": _cohorts(starts, hits, as_of, window_days),
        HEADLINE[journey]: wilson(len(hits), len(population)).to_json(),
    }


def _entity_funnels(store: Store, kind: str, as_of: pd.Timestamp, window: int) -> dict[str, Any]:
    verdicts, id_col, cache, cache_id = _UNIVERSE[kind]
    leads = set(store.query(f"SELECT {id_col} AS id FROM {verdicts}")["id"].dropna())
    seen = store.query(f"SELECT {cache_id} AS id, first_seen FROM {cache}")
    first_seen = dict(zip(seen["id"], seen["first_seen"], strict=True))
    history = store.query(
        """SELECT entity_id, journey, stage, entered_at, exited_at FROM stage_history
           WHERE entity_type = ?""",
        [kind],
    )
    return {
        journey: journey_funnel(
            history[history["journey"] == journey], leads, first_seen, journey, as_of, window
        )
        for journey in JOURNEYS
    }


def _scored_as_of(store: Store) -> pd.Timestamp:
    text = store.get_meta("scored_as_of")
    if text:
        return pd.Timestamp(naive_utc(parse_time(text)))
    # Older stores lack the meta key; the verdicts' own as_of is the same instant.
    latest = store.query("SELECT max(as_of) AS t FROM person_verdicts")["t"].iloc[0]
    if pd.isna(latest):
        raise NotScored("the verdict tables are empty; run `qualify score` first")
    return pd.Timestamp(latest)


def _headline_sets(
    reached: dict[str, set[str]], leads: set[str], journey: str
) -> tuple[set[str], set[str]]:
    paid = set().union(*(reached[s] for s in PAID_STAGES[journey]))
    population = reached["pql"] if journey == "plg" else leads
    return population, population & paid


def _stage_rows(
    history: pd.DataFrame,
    stages: tuple[str, ...],
    reached: dict[str, set[str]],
    as_of: pd.Timestamp,
) -> list[dict[str, Any]]:
    rows = []
    for i, stage in enumerate(stages):
        later = set().union(*(reached[s] for s in stages[i + 1 :]))
        entered = reached[stage]
        last = i == len(stages) - 1
        conversion = None if last or not entered else len(entered & later) / len(entered)
        stints = history[history["stage"] == stage]
        rows.append(
            {
                "name": stage,
                "count": len(entered),
                "conversion_to_next": conversion,
                "median_days_in_stage": _median_days(stints, as_of),
            }
        )
    return rows


def _median_days(stints: pd.DataFrame, as_of: pd.Timestamp) -> float | None:
    if stints.empty:
        return None
    ended = stints["exited_at"].fillna(as_of)
    days = (ended - stints["entered_at"]).dt.total_seconds() / 86400
    return round(max(0.0, float(days.median())), 2)


def _cohort_starts(
    history: pd.DataFrame,
    population: set[str],
    first_seen: dict[str, pd.Timestamp],
    stage: str,
) -> dict[str, pd.Timestamp]:
    """Each member's signup time: first entry to `stage`, else first seen, else first entry."""
    rows = history[history["entity_id"].isin(population)]
    entries = rows[rows["stage"] == stage].groupby("entity_id")["entered_at"].min()
    earliest = rows.groupby("entity_id")["entered_at"].min()
    starts: dict[str, pd.Timestamp] = {}
    for entity in population:
        for source in (entries, first_seen, earliest):
            value = source.get(entity)
            if value is not None and not pd.isna(value):
                starts[entity] = pd.Timestamp(value)
                break
    return starts


def _cohorts(
    starts: dict[str, pd.Timestamp], hits: set[str], as_of: pd.Timestamp, window_days: int
) -> list[dict[str, Any]]:
    months: dict[str, list[str]] = {}
    for entity, start in starts.items():
        months.setdefault(start.strftime("%Y-%m"), []).append(entity)
    out = []
    for month in sorted(months):
        members = months[month]
        rate = wilson(sum(m in hits for m in members), len(members)).to_json()
        rate.pop("n")
        complete = _month_end(month) + dt.timedelta(days=window_days) <= as_of
        out.append({"cohort": month, "n": len(members), **rate, "complete": complete})
    return out


def _month_end(month: str) -> pd.Timestamp:
    """The first instant after the month `YYYY-MM`."""
    return pd.Timestamp(f"{month}-01") + pd.offsets.MonthBegin(1)
