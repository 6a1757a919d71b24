"""Column-wise scoring of every person and account from the feature frames."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from qualify.actions.routing import route_fields, sales_assisted
from qualify.config import Config
from qualify.core.numbers import EPS
from qualify.lifecycle.journeys import JOURNEYS, TARGETS
from qualify.lifecycle.stages import Source, StageTimes, entry_times
from qualify.scoring.activation import ActivationResult, activation, share_of
from qualify.scoring.compact import field_columns, fit_columns, lists, signal_columns
from qualify.scoring.fit import fit
from qualify.scoring.hysteresis import first_entry, run_grid
from qualify.scoring.inputs import PersonInputs
from qualify.scoring.intent import SignalRows, points_at
from qualify.scoring.verdict import readiness

__all__ = [
    "Accounts",
    "Persons",
    "account_detail",
    "history_sources",
    "score_accounts",
    "score_people",
    "stage_frames",
]

NAT = np.datetime64("NaT", "us")
ACTIVE_DAYS = 30  # metric.active_members: members seen in the last 30 days
# Scores are sums of float weights (94.00000000000001); the written columns keep 2 decimals,
# the verdicts are decided on the unrounded values.
SCORE_DIGITS = 2


@dataclass
class Persons:
    table: pd.DataFrame
    act: ActivationResult
    times: dict[str, np.ndarray]
    lost_at: np.ndarray
    frame: pd.DataFrame
    # The detail's inputs as Arrow LIST columns (qualify.scoring.compact), written beside table.
    compact: dict[str, Any] = field(default_factory=dict)


@dataclass
class Accounts:
    table: pd.DataFrame
    # Each person's row in `table` (-1 without an account).
    member_of: np.ndarray = field(default_factory=lambda: np.zeros(0, "int64"))
    # Arrow columns written beside table (the detail's inputs).
    compact: dict[str, Any] = field(default_factory=dict)


def score_people(
    people: pd.DataFrame, inputs: PersonInputs, cfg: Config, t: dt.datetime
) -> Persons:
    """Every person's verdict as of `t` from the people frame and the rolled-up inputs (the
    same rows, in the same order)."""
    n = len(people)
    now = np.datetime64(t, "us")
    rows = inputs.signals
    # The per-signal cells need neither fit nor activation, and the PQL entry time does not
    # depend on the grid; numpy releases the GIL in its loops, so they run on a second core
    # meanwhile.
    with ThreadPoolExecutor(max_workers=1) as pool:
        cells = pool.submit(_signal_cells, rows, now, cfg)
        act = activation(inputs, cfg)
        frame = _metrics(people, act, cfg, now)
        fitr = fit(frame, cfg)
        entry = pool.submit(first_entry, rows, act.discovered_at, fitr.ok, cfg)
        fitted = fit_columns(frame, cfg, fitr, act)
        sales = sales_assisted(frame, cfg)
        g = run_grid(rows, act.discovered_at, fitr.ok, t, cfg)
        intent = g.intent
        barred = np.asarray(fitr.disqualified.any(axis=1), dtype=bool)
        ready = readiness(fitr.score, act.share, intent, cfg, barred)
        compact = {**fitted, **signal_columns(cells.result(), n, intent)}
        first = entry.result()
    first = np.where(np.isnat(first), g.entered_at, first)
    times = {"seen": people["first_seen"].to_numpy("datetime64[us]"), **inputs.times}
    times["pql"] = first
    window = np.datetime64(t - dt.timedelta(days=cfg.pql.hysteresis.lookback_days), "us")
    lost = np.where(
        ~g.is_pql & ~np.isnat(first), np.where(np.isnat(g.left_at), window, g.left_at), NAT
    )
    table = pd.DataFrame(
        {
            # Text columns as they are (Arrow-backed): to numpy and back costs more than the rest.
            "person_id": people["person_id"].array,
            "account_id": people["account_id"].array,
            "is_pql": g.is_pql,
            "fit_score": np.round(fitr.score, SCORE_DIGITS),
            "fit_ok": fitr.ok,
            "activation_share": act.share,
            "activated": act.ok,
            "intent_score": np.round(intent, SCORE_DIGITS),
            "intent_ok": intent >= cfg.intent.threshold - EPS,
            "readiness": np.round(ready, SCORE_DIGITS),
            # The route's name and reason are derived on read (scoring.derived, compact).
            "sales_assisted": sales,
            "trial_kind": inputs.signup_kind.array,
            "pql_entered_at": pd.to_datetime(first),
        }
    )
    return Persons(table, act, times, lost, frame, compact)


def _metrics(
    people: pd.DataFrame, act: ActivationResult, cfg: Config, now: np.datetime64
) -> pd.DataFrame:
    seat = act.share >= cfg.activation.seat_threshold - EPS
    active = people["last_seen"].to_numpy("datetime64[us]") >= now - np.timedelta64(
        ACTIVE_DAYS, "D"
    )
    codes, uniq = pd.factorize(people["account_id"])
    metrics = {
        "metric.members": people["members"].to_numpy("float64"),
        "metric.activated_members": _per_account(codes, len(uniq), seat),
        "metric.active_members": _per_account(codes, len(uniq), active),
    }
    return people.assign(**metrics)


def _per_account(codes: np.ndarray, m: int, flags: np.ndarray) -> np.ndarray:
    """Each person's account total of `flags` (NaN without an account)."""
    has = codes >= 0
    totals = np.bincount(codes[has], weights=flags[has], minlength=m)
    out = np.full(len(codes), np.nan)
    out[has] = totals[codes[has]]
    return out


def _signal_cells(rows: SignalRows, now: np.datetime64, cfg: Config) -> dict[str, np.ndarray]:
    """Per (person, signal) with any signal day, by person then signal: the points at `now`,
    the events and the latest event time."""
    k = len(cfg.intent.signals)
    cell = rows.person * k + rows.signal
    # Stable: each cell sums its rows in their order, as a bincount over the rows would.
    order = np.argsort(cell, kind="stable")
    c = cell[order]
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]]) if len(c) else np.zeros(0, "int64")

    def per_cell(ufunc: np.ufunc, values: np.ndarray) -> np.ndarray:
        return ufunc.reduceat(values[order], starts) if len(c) else values[:0]

    return {
        "person": c[starts] // max(k, 1),
        "signal": c[starts] % max(k, 1),
        "points": per_cell(np.add, points_at(rows, now, cfg)),
        "events": per_cell(np.add, rows.events),
        "last_at": per_cell(np.maximum, rows.last_at.view("int64")).view("datetime64[us]"),
    }


PLG_REASONS = {
    "seen": "first seen",
    "signup": "signed up",
    "pql": "met the PQL entry conditions (activated, fit, intent)",
    "sql": "asked for a demo or sales contact",
    "opportunity": "opportunity created",
    "customer": "became a paying customer",
    "expansion": "expanded (upgrade or add-on)",
    "advocacy": "referred others or posted a review",
}
TRAD_REASONS = {**PLG_REASONS, "mql": "marketing touches reached mql_points"}


def stage_frames(persons: Persons, accounts: Accounts, cfg: Config) -> dict[str, dict[str, Any]]:
    """Each person's and account's stage entry times in both journeys (the columns the
    stage_history view reads, see lifecycle.stages; the current stage is derived from them on
    read). Returns {"person": columns, "account": columns}."""
    n = len(persons.table)
    lost = persons.lost_at if "pql->trial" in cfg.lifecycle.allow_backward else None
    people = {
        "plg": entry_times(n, "plg", persons.times, lost),
        "traditional": entry_times(n, "traditional", persons.times),
    }
    accts = _account_times(people, accounts)
    out: dict[str, dict[str, Any]] = {"person": {}, "account": {}}
    for journey in ("plg", "traditional"):
        out["person"].update(people[journey].columns())
        out["account"].update(accts[journey].columns())
    return out


def _account_times(people: dict[str, StageTimes], accounts: Accounts) -> dict[str, StageTimes]:
    """Accounts: each stage entered when its first member entered it (the furthest stage any
    member reached is the account's stage); a member's move back counts as a trial entry."""
    m = len(accounts.table)
    acc = accounts.member_of
    has = acc >= 0
    out = {}
    for journey, st in people.items():
        times = {}
        for kind, stage in TARGETS[journey].items():
            k = JOURNEYS[journey].index(stage)
            ent = st.entered[:, k]
            if stage == "trial":
                ent = np.fmin(ent, st.back_at)
            first = np.full(m, np.iinfo("int64").max)
            ok = has & ~np.isnat(ent)
            np.minimum.at(first, acc[ok], ent[ok].astype("int64"))
            times[kind] = np.where(
                first == np.iinfo("int64").max, NAT, first.astype("datetime64[us]")
            )
        out[journey] = entry_times(m, journey, times)
    return out


BACK_REASON = "intent decayed below the PQL exit threshold"


def history_sources(cfg: Config) -> list[Source]:
    """What the stage_history view reads: people and accounts, with each stage's reason."""

    def by_stage(prefix: str = "") -> dict[str, dict[str, str]]:
        reasons = {"plg": PLG_REASONS, "traditional": TRAD_REASONS}
        return {
            journey: {stage: prefix + reasons[journey].get(kind, kind) for kind, stage in t.items()}
            for journey, t in TARGETS.items()
        }

    back = BACK_REASON if "pql->trial" in cfg.lifecycle.allow_backward else None
    return [
        Source("person", "person_scores", "person_id", by_stage(), back, trial_kind=True),
        Source("account", "account_scores", "account_id", by_stage("a member: "), None, False),
    ]


def score_accounts(persons: Persons, cfg: Config, t: dt.datetime) -> Accounts:
    pt = persons.table
    codes, ids = pd.factorize(pt["account_id"], sort=True)
    has = codes >= 0
    inv = codes[has]
    m = len(ids)
    ro = cfg.accounts
    members = np.bincount(inv, minlength=m)
    fitv = pt["fit_score"].to_numpy()[has]
    fit_score = _agg(inv, fitv, m, ro.fit)
    disc = persons.act.discovered[has]
    covered = np.zeros((m, disc.shape[1]), dtype=bool)
    np.logical_or.at(covered, inv, disc)
    coverage = share_of(covered)
    seats = pt["activation_share"].to_numpy()[has] >= cfg.activation.seat_threshold - EPS
    seat_share = np.bincount(inv, weights=seats, minlength=m) / np.maximum(members, 1)
    share = pt["activation_share"].to_numpy()[has]
    act = {"coverage": coverage, "share_of_seats": seat_share}.get(ro.activation)
    if act is None:
        act = _agg(inv, share, m, ro.activation)
    iv = pt["intent_score"].to_numpy()[has]
    if ro.intent == "capped_sum":
        intent = np.minimum(ro.intent_cap, np.bincount(inv, weights=iv, minlength=m))
        intent = np.minimum(intent, 100.0)
    else:
        intent = _agg(inv, iv, m, ro.intent)
    pql_members = np.bincount(inv, weights=pt["is_pql"].to_numpy()[has], minlength=m).astype(
        "int64"
    )
    fit_ok = np.zeros(m, dtype=bool)
    np.logical_or.at(fit_ok, inv, pt["fit_ok"].to_numpy()[has])
    rolled = (
        (act >= cfg.activation.threshold - EPS) & fit_ok & (intent >= cfg.intent.threshold - EPS)
    )
    is_pqa = (pql_members >= cfg.pql.account_threshold_members) | rolled
    ready = readiness(fit_score, act, intent, cfg)
    # Account traits and metrics are the same on every member's row; route on the first's.
    _, first = np.unique(inv, return_index=True)
    rep = persons.frame.iloc[np.flatnonzero(has)[first]].reset_index(drop=True)
    table = pd.DataFrame(
        {
            "account_id": ids,
            "is_pqa": is_pqa,
            "fit_score": np.round(fit_score, SCORE_DIGITS),
            "activation_share": act,
            "seat_share": seat_share,
            "coverage": coverage,
            "intent_score": np.round(intent, SCORE_DIGITS),
            "readiness": np.round(ready, SCORE_DIGITS),
            "sales_assisted": sales_assisted(rep, cfg),
            "members": members.astype("int64"),
            "pql_members": pql_members,
        }
    )
    member_of = np.full(len(pt), -1, dtype="int64")
    member_of[has] = inv
    # The detail JSON and the route's reason are built on read from the covered flags and
    # the routing fields' values (see account_detail, compact.route_reasons).
    compact = {"c_covered": lists(covered, "bool"), **field_columns(rep, route_fields(cfg))}
    return Accounts(table, member_of, compact)


def _agg(inv: np.ndarray, values: np.ndarray, m: int, how: str) -> np.ndarray:
    if how == "max":
        out = np.full(m, -np.inf)
        np.maximum.at(out, inv, values)
        return np.where(np.isfinite(out), out, 0.0)
    total = np.bincount(inv, weights=values, minlength=m)
    return total / np.maximum(np.bincount(inv, minlength=m), 1)


def account_detail(table: pd.DataFrame, covered: np.ndarray, cfg: Config) -> pd.Series:
    """`detail` JSON of account_verdicts rows, from their columns and covered flags."""
    from qualify.scoring.jsonvec import const, jlist, jnum, jobj, jstr, when

    n = len(table)
    feats = cfg.activation.key_features
    cov = [when(covered[:, j], const(f.name)) for j, f in enumerate(feats)]
    gaps = [when(~covered[:, j], const(f.name)) for j, f in enumerate(feats)]
    obj = jobj(
        [
            ("fit", jobj([("score", jnum(table["fit_score"]))], n)),
            (
                "activation",
                jobj(
                    [
                        ("coverage", jnum(table["coverage"], 4)),
                        ("seat_share", jnum(table["seat_share"], 4)),
                        ("covered", jlist(cov, n)),
                        # The names the read side shows, as for a person.
                        ("discovered", jlist(cov, n)),
                        ("missing", jlist(gaps, n)),
                    ],
                    n,
                ),
            ),
            ("intent", jobj([("score", jnum(table["intent_score"]))], n)),
            ("members", jnum(table["members"])),
            ("pql_members", jnum(table["pql_members"])),
            (
                "route",
                jobj(
                    [
                        ("route", jstr(table["route"].astype(str).to_numpy(dtype=object))),
                        ("reason", jstr(table["route_reason"].to_numpy(dtype=object))),
                    ],
                    n,
                ),
            ),
        ],
        n,
    )
    detail: pd.Series = obj.to_pandas() if hasattr(obj, "to_pandas") else pd.Series(obj)
    return detail
