"""The detail rebuilt on read from compact columns equals the detail built for everyone."""

from __future__ import annotations

import numpy as np
from scored import score_parts

from qualify.actions.routing import route as route_all
from qualify.config import Config
from qualify.pipeline import _with_compact, load_features
from qualify.scoring import people as sp
from qualify.scoring.compact import (
    COMPACT,
    account_detail_column,
    detail_column,
    distance_of,
    route_reasons,
)
from qualify.scoring.detail import person_detail
from qualify.scoring.distance import distance_column
from qualify.scoring.fit import fit
from qualify.scoring.intent import SignalRows, points_at
from qualify.views import explain, leads
from qualify.views.rows import parse_json
from qualify.workspace import Workspace


def _dense_signals(
    rows: SignalRows, now: np.datetime64, n: int, cfg: Config
) -> dict[str, np.ndarray]:
    """(n, signals) points at `now`, events and last times, summed over the rows by bincount."""
    k = len(cfg.intent.signals)
    cell = rows.person * k + rows.signal
    points = np.bincount(cell, weights=points_at(rows, now, cfg), minlength=n * k)
    events = np.bincount(cell, weights=rows.events, minlength=n * k)
    last = np.full(n * k, np.iinfo("int64").min)
    np.maximum.at(last, cell, rows.last_at.view("int64"))
    return {
        "points": points.reshape(n, k),
        "events": events.reshape(n, k),
        "last_at": last.view("datetime64[us]").reshape(n, k),
    }


def test_read_time_detail_equals_the_full_build(world: Workspace) -> None:
    t, persons, _accounts = score_parts(world)
    cfg = world.config
    _people, inputs = load_features(world.store, cfg, t)
    # The full build, as the pipeline stored it for every person, from the same run's values.
    now = np.datetime64(t, "us")
    sig = _dense_signals(inputs.signals, now, len(persons.table), cfg)
    table = persons.table
    scores = {
        c: table[k].to_numpy("float64")
        for c, k in [
            ("fit", "fit_score"),
            ("activation", "activation_share"),
            ("intent", "intent_score"),
            ("readiness", "readiness"),
        ]
    }
    # The route with its reason, as routing every person at scoring time gives it.
    routes = route_all(persons.frame, cfg)
    assert (table["sales_assisted"] == (routes.route == "sales_assisted")).all()
    route = (routes.route, routes.reason.to_numpy(dtype=object))
    full = person_detail(
        persons.frame, cfg, fit(persons.frame, cfg), persons.act, sig, scores, route
    )
    # The compact columns through a round trip in the store (with the route's name, as the
    # view derives it), then the read-time build.
    named = table.assign(route=routes.route)
    world.store.replace_table("_compact_check", _with_compact(named, persons.compact))
    stored = world.store.query("SELECT * FROM _compact_check")
    assert set(COMPACT) <= set(stored.columns) and "detail" not in stored.columns
    assert len(stored) > 50
    assert detail_column(stored, cfg) == full.to_pylist()
    assert route_reasons(stored, cfg) == list(routes.reason)
    assert len(set(routes.route)) == 2
    # The distance to qualify, rebuilt on read, equals the one computed for everyone at once.
    fitr = fit(persons.frame, cfg)
    intent = persons.compact["c_intent"].to_numpy()
    pql = table["is_pql"].to_numpy()
    everyone = distance_column(
        fitr.passed, fitr.disqualified, persons.act.discovered, intent, pql, cfg
    )
    assert distance_of(stored, cfg) == everyone
    assert sum(d is None for d in everyone) == pql.sum() and any(everyone)


def test_views_return_the_detail(world: Workspace) -> None:
    world.score()
    items = leads(world.store, limit=5)
    assert items and all(item["activation"]["missing"] is not None for item in items)
    one = explain(world.store, items[0]["person_id"])
    assert one["fit"]["rules"] and one["readiness_components"]["weights"]
    row = world.store.query(
        "SELECT * FROM person_verdicts WHERE person_id = ?", [items[0]["person_id"]]
    )
    text = detail_column(row, world.config)[0]
    assert parse_json(text)["fit"]["rules"] == one["fit"]["rules"]


def test_account_detail_on_read_equals_the_full_build(world: Workspace) -> None:
    _t, persons, accounts = score_parts(world)
    cfg = world.config
    table = accounts.table
    covered = np.zeros((len(table), len(cfg.activation.key_features)), dtype=bool)
    member = accounts.member_of >= 0
    np.logical_or.at(covered, accounts.member_of[member], persons.act.discovered[member])
    # Each account routed on its first member's row, as scoring routes it.
    frame = persons.frame.assign(_row=np.arange(len(persons.frame)))
    firsts = frame.dropna(subset=["account_id"]).groupby("account_id")["_row"].first()
    rep = persons.frame.iloc[firsts.loc[table["account_id"]].to_numpy()].reset_index(drop=True)
    routes = route_all(rep, cfg)
    assert (table["sales_assisted"] == (routes.route == "sales_assisted")).all()
    named = table.assign(route=routes.route, route_reason=routes.reason.to_numpy(dtype=object))
    full = sp.account_detail(named, covered, cfg).tolist()
    world.store.replace_table(
        "_account_check", _with_compact(table.assign(route=routes.route), accounts.compact)
    )
    stored = world.store.query("SELECT * FROM _account_check")
    assert len(stored) > 20 and "detail" not in stored.columns
    assert account_detail_column(stored, cfg) == full
    assert route_reasons(stored, cfg) == list(routes.reason)
    assert len(set(routes.route)) == 2
    assert any('"missing":[]' in d for d in full) and any('"covered":[]' in d for d in full)
