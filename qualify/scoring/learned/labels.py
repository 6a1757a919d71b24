"""Leads and their labels: who started when, and who became a paying customer in the window.

A lead starts at its first identified event (or signup). It is scored `delay_days` later (the
scoring moment) and is positive when a customer event (`lifecycle.customer`, by the person or
in their account) falls within `horizon_days` after the scoring moment. A lead already a
customer at its scoring moment is dropped; a lead whose window runs past the last event is
marked incomplete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qualify.config import Config
from qualify.errors import EvaluationError
from qualify.scoring.learned.match import event_condition
from qualify.store import Store, as_of

__all__ = ["LabelSpec", "LowData", "conversions", "lead_frame"]


class LowData(EvaluationError):
    """Too few leads or conversions to learn from: the rules stay in charge."""

    def __init__(self, leads: int, conversions: int, min_leads: int, min_conversions: int) -> None:
        self.leads = leads
        self.conversions = conversions
        super().__init__(
            f"low data: {leads:,} complete leads and {conversions:,} conversions, but training "
            f"needs at least {min_leads:,} leads and {min_conversions:,} conversions; Qualify "
            "keeps the rules until then (lower models.min_leads / models.min_conversions only "
            "if you accept a noisier model)"
        )


@dataclass(frozen=True)
class LabelSpec:
    """The label's windows, in days."""

    horizon_days: int = 90
    delay_days: int = 7


def _ibis_frame(expr: Any) -> pd.DataFrame:
    frame: pd.DataFrame = expr.to_pandas()
    return frame


def conversions(store: Store, config: Config, end: dt.datetime) -> pd.DataFrame:
    """First customer event as of `end`, per person (`person_id`) and account (`account_id`)."""
    view = as_of(store, end, config.typed_columns())
    ev = view.events
    if not config.lifecycle.customer:
        return pd.DataFrame({"key": [], "converted_at": []})
    cond = event_condition(ev, config.lifecycle.customer[0])
    for match in config.lifecycle.customer[1:]:
        cond = cond | event_condition(ev, match)
    hits = ev.filter(cond)
    people = hits.filter(hits.person_id.notnull()).group_by(key=hits.person_id)
    accounts = hits.filter(hits.account_id.notnull()).group_by(key=hits.account_id)
    by_person = _ibis_frame(people.aggregate(converted_at=hits.timestamp.min()))
    by_account = _ibis_frame(accounts.aggregate(converted_at=hits.timestamp.min()))
    by_person["key"] = "person:" + by_person["key"].astype(str)
    by_account["key"] = "account:" + by_account["key"].astype(str)
    return pd.concat([by_person, by_account], ignore_index=True)


def lead_frame(
    store: Store, config: Config, spec: LabelSpec = LabelSpec(), *, end: dt.datetime | None = None
) -> pd.DataFrame:
    """One row per lead, sorted by start: person_id, account_id, lead_start, cutoff (the
    scoring moment), converted_at, label (0/1) and complete (the window is fully observed)."""
    end = end or store.event_time_range()[1]
    if end is None:
        raise EvaluationError("the workspace holds no events; ingest some first")
    leads = _starts(store, config, end)
    leads["cutoff"] = leads["lead_start"] + pd.Timedelta(days=spec.delay_days)
    conv = conversions(store, config, end).set_index("key")["converted_at"]
    by_person = leads["person_id"].map(lambda p: f"person:{p}").map(conv)
    by_account = leads["account_id"].map(lambda a: f"account:{a}").map(conv)
    leads["converted_at"] = pd.concat([by_person, by_account], axis=1).min(axis=1)
    leads = leads[~(leads["converted_at"] <= leads["cutoff"])].copy()
    window_end = leads["cutoff"] + pd.Timedelta(days=spec.horizon_days)
    leads["label"] = (leads["converted_at"] <= window_end).astype("int64")
    leads["complete"] = window_end <= pd.Timestamp(end)
    return leads.sort_values(["lead_start", "person_id"], kind="stable").reset_index(drop=True)


def _starts(store: Store, config: Config, end: dt.datetime) -> pd.DataFrame:
    view = as_of(store, end, config.typed_columns())
    ev = view.events.filter(view.events.person_id.notnull())
    signup = ev.user_id.notnull()
    for match in config.lifecycle.signup:
        signup = signup | event_condition(ev, match)
    starts = ev.filter(signup).group_by("person_id").aggregate(lead_start=ev.timestamp.min())
    mem = view.memberships
    primary = mem.group_by("user_id").aggregate(
        account_id=mem.group_id.argmin(mem.since.cast("string").concat(mem.group_id))
    )
    joined = starts.left_join(primary, starts.person_id == primary.user_id)
    frame = _ibis_frame(joined.select("person_id", "account_id", "lead_start"))
    frame["lead_start"] = pd.to_datetime(frame["lead_start"])
    return frame
