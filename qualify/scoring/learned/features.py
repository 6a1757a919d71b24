"""The training (and scoring) feature frame: per lead, everything known at its own cutoff.

Each lead carries its own cutoff (a per-lead table joined to the events), so one query serves
50k leads scored at 50k different moments and no event after a lead's cutoff is ever read.
Sales-rep and CRM outcome events (opportunity, customer, expansion, advocacy, churn and a
fixed list) are never features: they may be labels only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import pandas as pd

from qualify.config import Config, EventMatch
from qualify.scoring.learned.match import decay_factor, event_condition, property_column, slug
from qualify.scoring.learned.rules import rule_verdicts
from qualify.store import Store, as_of

__all__ = ["FeatureSpec", "excluded_events", "feature_frame", "feature_specs", "model_columns"]

WINDOWS = (7, 30)
OUTCOME_EVENTS = ("Sales Call Completed",)
OUTCOME_PREFIXES = ("Opportunity ", "Subscription ")
DAY = 86400.0


@dataclass(frozen=True)
class FeatureSpec:
    """One column: its name, and how to say its value in plain words (`{v}` is the value)."""

    name: str
    text: str
    kind: str = "numeric"


def excluded_events(config: Config) -> list[str]:
    """Event names never used as features: rep actions, CRM outcomes, lifecycle stages."""
    lc = config.lifecycle
    stages = [*lc.opportunity, *lc.customer, *lc.expansion, *lc.advocacy, *lc.churn]
    return sorted({m.event for m in stages} | set(OUTCOME_EVENTS))


def _is_outcome(name: str, excluded: Sequence[str]) -> bool:
    return name in excluded or name.startswith(OUTCOME_PREFIXES)


def _counted(config: Config) -> list[tuple[str, str, EventMatch]]:
    """(column stem, plain name, match) for key features, intent signals and touches."""
    excluded = excluded_events(config)
    out: list[tuple[str, str, EventMatch]] = [
        (f"kf_{slug(k.name)}", k.name, k) for k in config.activation.key_features
    ]
    out += [(f"sig_{slug(s.name)}", s.name, s) for s in config.intent.signals]
    return [(stem, name, m) for stem, name, m in out if not _is_outcome(m.event, excluded)]


def _touches(config: Config) -> list[EventMatch]:
    excluded = excluded_events(config)
    return [t for t in config.marketing.touches if not _is_outcome(t.event, excluded)]


def _trait_keys(config: Config, scope: str) -> list[str]:
    rules = [*config.icp.rules, *config.icp.disqualifiers, *config.routing.sales_assisted]
    return sorted({r.key for r in rules if r.scope == scope})


def _text_only(config: Config) -> set[str]:
    """Trait columns only ever matched by a pattern (emails, names): rules read them, models
    do not (one level per person teaches nothing)."""
    rules = [*config.icp.rules, *config.icp.disqualifiers, *config.routing.sales_assisted]
    regex = {f"{r.scope}_{r.key}" for r in rules if r.op == "regex"}
    other = {f"{r.scope}_{r.key}" for r in rules if r.op != "regex"}
    return regex - other


def feature_specs(config: Config) -> list[FeatureSpec]:
    """Every column `feature_frame` returns, with its plain-words template."""
    specs: list[FeatureSpec] = []
    for stem, name, _ in _counted(config):
        specs += [
            FeatureSpec(f"{stem}_{w}d", f"{name} {{v}} times in the last {w} days") for w in WINDOWS
        ]
        specs.append(FeatureSpec(f"{stem}_total", f"{name} {{v}} times in all"))
    specs += [
        FeatureSpec("touches_total", "{v} marketing touches"),
        FeatureSpec("active_days", "Active on {v} days"),
        FeatureSpec("days_since_first_seen", "First seen {v} days ago"),
        FeatureSpec("signup_kind", "Signed up for {v}", "category"),
        FeatureSpec("signup_card", "Card at signup: {v}", "category"),
        FeatureSpec("members", "{v} members in the account"),
    ]
    for key in _trait_keys(config, "person"):
        specs.append(FeatureSpec(f"person_{key}", f"Person {key} is {{v}}", "trait"))
    for key in _trait_keys(config, "account"):
        specs.append(FeatureSpec(f"account_{key}", f"Account {key} is {{v}}", "trait"))
    specs += [
        FeatureSpec("intent_points", "Intent signals worth {v} points"),
        FeatureSpec("rule_fit", "ICP fit {v}/100"),
        FeatureSpec("rule_activation", "Discovered {v} of the key features"),
    ]
    return specs


def model_columns(config: Config) -> list[str]:
    """The columns models learn from (rule-only text traits left out)."""
    skip = _text_only(config)
    return [s.name for s in feature_specs(config) if s.name not in skip]


def feature_frame(store: Store, config: Config, cutoffs: pd.DataFrame) -> pd.DataFrame:
    """Per row of `cutoffs` (person_id, account_id, cutoff): the features as of its cutoff,
    indexed by person_id, in `feature_specs` order."""
    if cutoffs.empty:
        return pd.DataFrame(columns=[s.name for s in feature_specs(config)])
    cut_frame = cutoffs[["person_id", "account_id", "cutoff"]].copy()
    cut_frame["cutoff"] = pd.to_datetime(cut_frame["cutoff"]).astype("datetime64[us]")
    cut_frame["account_id"] = cut_frame["account_id"].astype(object)
    view = as_of(store, cut_frame["cutoff"].max().to_pydatetime(), config.typed_columns())
    con = store.ibis()
    cut = con.create_table("_learned_cutoffs", cut_frame, temp=True, overwrite=True)
    try:
        parts = [
            _event_counts(view, cut, config),
            _signup(view, cut, config),
            _person_traits(view, cut, config),
            _account_traits(view, cut, config),
            _members(view, cut),
        ]
        intent = _intent_points(view, cut, config)
    finally:
        con.drop_table("_learned_cutoffs", force=True)
    frame = pd.DataFrame(index=pd.Index(cut_frame["person_id"], name="person_id"))
    for part in parts:
        frame = frame.join(part)
    frame["intent_points"] = intent.reindex(frame.index).fillna(0.0)
    frame = _tidy(frame, config)
    verdicts = rule_verdicts(frame, config)
    frame["rule_fit"] = verdicts["fit"]
    frame["rule_activation"] = verdicts["activation"]
    return frame


def _tidy(frame: pd.DataFrame, config: Config) -> pd.DataFrame:
    for spec in feature_specs(config):
        if spec.name not in frame.columns:
            frame[spec.name] = None
        if spec.kind == "numeric":
            frame[spec.name] = pd.to_numeric(frame[spec.name], errors="coerce").astype("float64")
        else:
            frame[spec.name] = frame[spec.name].astype(object).where(frame[spec.name].notna(), None)
    counts = [c for c in frame.columns if c.endswith(("_7d", "_30d", "_total"))]
    frame[[*counts, "active_days", "members"]] = frame[[*counts, "active_days", "members"]].fillna(
        0.0
    )
    return frame[[s.name for s in feature_specs(config)]]


def _own_events(view: Any, cut: Any) -> Any:
    ev = view.events.filter(view.events.person_id.notnull())
    joined = ev.inner_join(cut, ev.person_id == cut.person_id)
    joined = joined.filter(joined.timestamp <= joined.cutoff)
    age = (joined.cutoff.epoch_seconds() - joined.timestamp.epoch_seconds()) / DAY
    return joined.mutate(_age=age)


def _pandas(expr: Any) -> pd.DataFrame:
    frame: pd.DataFrame = expr.to_pandas()
    return frame.set_index("person_id")


def _event_counts(view: Any, cut: Any, config: Config) -> pd.DataFrame:
    ev = _own_events(view, cut)
    excluded = excluded_events(config)
    aggs: dict[str, Any] = {}
    for stem, _, match in _counted(config):
        cond = event_condition(ev, match)
        for w in WINDOWS:
            aggs[f"{stem}_{w}d"] = ev.timestamp.count(where=cond & (ev._age <= w))
        aggs[f"{stem}_total"] = ev.timestamp.count(where=cond)
    touch = ibis.literal(False)
    for match in _touches(config):
        touch = touch | event_condition(ev, match)
    aggs["touches_total"] = ev.timestamp.count(where=touch)
    product = ev.event.isnull() | ~(ev.event.isin(excluded) | _outcome_prefix(ev.event))
    aggs["active_days"] = ev.timestamp.date().nunique(where=product)
    aggs["days_since_first_seen"] = ev._age.max()
    return _pandas(ev.group_by("person_id").aggregate(**aggs))


def _outcome_prefix(name: Any) -> Any:
    cond = ibis.literal(False)
    for prefix in OUTCOME_PREFIXES:
        cond = cond | name.startswith(prefix).fill_null(False)
    return cond


def _signup(view: Any, cut: Any, config: Config) -> pd.DataFrame:
    ev = _own_events(view, cut)
    cond = ibis.literal(False)
    for match in config.lifecycle.signup:
        cond = cond | event_condition(ev, match)
    aggs: dict[str, Any] = {}
    kind = property_column(config.lifecycle.signup_kind_property)
    if kind in ev.columns:
        aggs["signup_kind"] = ev[kind].cast("string").argmin(ev.timestamp, where=cond)
    if "p_credit_card" in ev.columns:
        aggs["signup_card"] = ev.p_credit_card.cast("string").argmin(ev.timestamp, where=cond)
    if not aggs:
        return pd.DataFrame(index=pd.Index([], name="person_id"))
    return _pandas(ev.group_by("person_id").aggregate(**aggs))


def _latest(calls: Any, names: dict[str, str]) -> dict[str, Any]:
    aggs = {}
    for out, col in names.items():
        if col in calls.columns:
            aggs[out] = calls[col].argmax(calls.timestamp, where=calls[col].notnull())
    return aggs


def _person_traits(view: Any, cut: Any, config: Config) -> pd.DataFrame:
    ev = _own_events(view, cut)
    calls = ev.filter(ev.type == "identify")
    names = {f"person_{k}": f"t_{slug(k)}" for k in _trait_keys(config, "person")}
    aggs = _latest(calls, names)
    if not aggs:
        return pd.DataFrame(index=pd.Index([], name="person_id"))
    return _pandas(calls.group_by("person_id").aggregate(**aggs))


def _account_traits(view: Any, cut: Any, config: Config) -> pd.DataFrame:
    ev = view.events.filter((view.events.type == "group") & view.events.group_id.notnull())
    joined = ev.inner_join(cut, ev.group_id == cut.account_id)
    calls = joined.filter(joined.timestamp <= joined.cutoff)
    names = {f"account_{k}": f"t_{slug(k)}" for k in _trait_keys(config, "account")}
    aggs = _latest(calls, names)
    if not aggs:
        return pd.DataFrame(index=pd.Index([], name="person_id"))
    return _pandas(calls.group_by("person_id").aggregate(**aggs))


def _members(view: Any, cut: Any) -> pd.DataFrame:
    mem = view.memberships
    joined = mem.inner_join(cut, mem.group_id == cut.account_id)
    joined = joined.filter(joined.since <= joined.cutoff)
    return _pandas(joined.group_by("person_id").aggregate(members=joined.user_id.nunique()))


def _intent_points(view: Any, cut: Any, config: Config) -> pd.Series:
    """The rules' intent 0-100 at each cutoff: decayed points, capped per UTC day, summed."""
    signals = [s for s in config.intent.signals if s.event not in excluded_events(config)]
    if not signals:
        return pd.Series(dtype="float64")
    ev = _own_events(view, cut)
    any_signal = ibis.literal(False)
    aggs = {}
    for i, sig in enumerate(signals):
        cond = event_condition(ev, sig)
        any_signal = any_signal | cond
        value = ibis.ifelse(cond, sig.points * decay_factor(ev._age, sig.decay), 0.0)
        aggs[f"s{i}"] = value.sum()
    hits = ev.filter(any_signal)
    daily: pd.DataFrame = (
        hits.group_by([hits.person_id, hits.timestamp.date().name("day")])
        .aggregate(**aggs)
        .to_pandas()
    )
    total = pd.Series(0.0, index=daily.index)
    for i, sig in enumerate(signals):
        points = daily[f"s{i}"].astype("float64")
        if sig.cap_per_day is not None:
            # Approximation: the cap bounds the day's decayed points.
            points = points.clip(upper=sig.cap_per_day)
        total = total + points
    # Rounded: the engine's parallel float sums differ in the last digits from run to run.
    return total.groupby(daily["person_id"]).sum().clip(upper=100.0).round(6)
