"""The detail rebuilt on read from compact columns equals the detail built for everyone."""

from __future__ import annotations

import datetime as dt

import numpy as np

from qualify.pipeline import load_features
from qualify.scoring.compact import COMPACT, detail_column
from qualify.scoring.detail import person_detail
from qualify.scoring.people import score_people
from qualify.views import explain, leads
from qualify.views.rows import parse_json
from qualify.workspace import Workspace


def _persons(world: Workspace) -> tuple[object, dt.datetime]:
    t = world.store.event_time_range()[1]
    assert t is not None
    people, fx = load_features(world.store, world.config, t)
    return score_people(people, fx, world.config, t), t


def test_read_time_detail_equals_the_full_build(world: Workspace) -> None:
    world.score()
    stored = world.store.query("SELECT * FROM person_verdicts ORDER BY person_id")
    assert set(COMPACT) <= set(stored.columns) and "detail" not in stored.columns
    # The full build, from the scoring internals, as the pipeline used to store it.
    from qualify.scoring import people as sp
    from qualify.scoring.activation import activation
    from qualify.scoring.fit import fit
    from qualify.scoring.intent import signal_rows
    from qualify.scoring.verdict import readiness

    t = world.store.event_time_range()[1]
    assert t is not None
    people, fx = load_features(world.store, world.config, t)
    cfg = world.config
    persons = score_people(people, fx, cfg, t)
    pidx = people["person_id"].astype(str).pipe(lambda s: s).tolist()
    index = {p: i for i, p in enumerate(pidx)}
    fx = fx.assign(person_id=fx["person_id"].astype(str))
    p = fx["person_id"].map(index).to_numpy()
    now = np.datetime64(t, "us")
    fx = fx.assign(
        day_end=np.minimum(fx["day"].to_numpy("datetime64[us]") + np.timedelta64(1, "D"), now)
    )
    act = activation(fx, p, len(people), cfg)
    fitr = fit(persons.frame, cfg)
    sig = sp._signal_matrix(signal_rows(fx, p, cfg), now, len(people), cfg)
    table = persons.table
    scores = {
        "fit": fitr.score,
        "activation": act.share,
        "intent": table["intent_score"].to_numpy(),
        "readiness": readiness(fitr.score, act.share, table["intent_score"].to_numpy(), cfg),
    }
    route = (table["route"].to_numpy(dtype=object), table["route_reason"].to_numpy(dtype=object))
    full = person_detail(persons.frame, cfg, fitr, act, sig, scores, route).to_pylist()
    assert stored["person_id"].tolist() == pidx
    assert detail_column(stored, cfg) == full


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
