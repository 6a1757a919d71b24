"""Benchmark: the scoring pipeline against one hand-written DuckDB query.

Simulates ~N events once into bench/out/ (reused), ingests them into a workspace once, then in
separate processes: (1) hand-written DuckDB SQL computing the feature step's two tables (one
row per person, item and UTC day; one row per person), (2) the pipeline's feature step computing
the same tables (equality asserted on every row and column), (3) the whole pipeline (features,
verdicts, stages, writes).
Last line: ratio=<pipeline/SQL> features_ratio=<features/SQL> peak_rss_mb=<max child RSS>.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
EVENTS_PER_ACCOUNT = 89  # what the simulator produces on average
QUALIFY = str(Path(sys.executable).with_name("qualify"))


def prepare(events: int, seed: int) -> Path:
    accounts = max(10, events // EVENTS_PER_ACCOUNT)
    base = ROOT / "out" / f"pipeline-a{accounts}-s{seed}"
    ws = base / "ws"
    if (base / "done").exists():
        return ws
    base.mkdir(parents=True, exist_ok=True)
    subprocess.run([QUALIFY, "init", str(ws), "--force"], check=True, capture_output=True)
    out = base / "events.parquet"
    subprocess.run(
        [QUALIFY, "simulate", "--accounts", str(accounts), "--seed", str(seed), "--out", str(out)],
        check=True,
    )
    subprocess.run([QUALIFY, "ingest", "-w", str(ws), str(out)], check=True)
    (base / "done").touch()
    return ws


FACTS = """
WITH ev AS (
  SELECT coalesce(e.user_id, i.user_id) AS person_id, e.type, e.event, e.timestamp{props}
  FROM events e
  LEFT JOIN (SELECT anonymous_id, user_id FROM identities WHERE merged_at <= $t) i
    ON e.anonymous_id = i.anonymous_id
  WHERE e.timestamp <= $t),
items(type, event, item) AS (VALUES {items})
SELECT ev.person_id, items.item, date_trunc('day', ev.timestamp) AS day, count(*) AS n,
       min(ev.timestamp) AS first_at, max(ev.timestamp) AS last_at,
       first(CAST(ev.{kind} AS VARCHAR) ORDER BY ev.timestamp)
         FILTER (WHERE starts_with(items.item, 'signup:')) AS kind
FROM ev JOIN items ON ev.type = items.type AND ev.event = items.event
WHERE ev.person_id IS NOT NULL AND ({where})
GROUP BY ALL
"""

PEOPLE = """
WITH ev AS (
  SELECT coalesce(e.user_id, i.user_id) AS person_id, e.timestamp
  FROM events e
  LEFT JOIN (SELECT anonymous_id, user_id FROM identities WHERE merged_at <= $t) i
    ON e.anonymous_id = i.anonymous_id
  WHERE e.timestamp <= $t),
people AS (SELECT person_id, min(timestamp) AS first_seen, max(timestamp) AS last_seen
           FROM ev WHERE person_id IS NOT NULL GROUP BY person_id),
mem AS (SELECT user_id, group_id, since FROM memberships WHERE since <= $t),
prim AS (SELECT user_id, arg_min(group_id, CAST(since AS VARCHAR) || group_id) AS account_id
         FROM mem GROUP BY user_id),
sizes AS (SELECT group_id, count(DISTINCT user_id) AS members FROM mem GROUP BY group_id),
pt AS (SELECT user_id{ptraits} FROM events
       WHERE timestamp <= $t AND type = 'identify' AND user_id IS NOT NULL GROUP BY user_id),
ats AS (SELECT group_id{atraits} FROM events
       WHERE timestamp <= $t AND type = 'group' AND group_id IS NOT NULL GROUP BY group_id)
SELECT p.person_id, prim.account_id, p.first_seen, p.last_seen,
       coalesce(sizes.members, 0) AS members{cols}
FROM people p
LEFT JOIN prim ON p.person_id = prim.user_id
LEFT JOIN sizes ON prim.account_id = sizes.group_id
LEFT JOIN pt ON p.person_id = pt.user_id
LEFT JOIN ats ON prim.account_id = ats.group_id
ORDER BY p.person_id
"""


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def hand_sql(cfg: Any) -> tuple[str, str]:
    """The two hand-written queries for this config (equality filters only, as simulated)."""
    from qualify.features.facts import items
    from qualify.features.people import trait_keys

    its = items(cfg)
    rows = ", ".join(
        f"({_literal(i.match.type)}, {_literal(i.match.event)}, '{i.code}')" for i in its
    )
    where = ["TRUE"]
    props = {"p_" + cfg.lifecycle.signup_kind_property}
    for it in its:
        if not it.match.where:
            continue
        conds = []
        for key, cond in it.match.where.items():
            assert cond.op == "eq", "the benchmark's SQL handles eq filters only"
            conds.append(f"coalesce(ev.p_{key} = {_literal(cond.value)}, FALSE)")
            props.add("p_" + key)
        where.append(f"(items.item <> '{it.code}' OR ({' AND '.join(conds)}))")
    facts = FACTS.format(
        props="".join(f", e.{p}" for p in sorted(props)),
        items=rows,
        kind="p_" + cfg.lifecycle.signup_kind_property,
        where=" AND ".join(where),
    )

    def traits(keys: list[str], scope: str) -> str:
        return "".join(
            f', arg_max(t_{k}, timestamp) FILTER (WHERE t_{k} IS NOT NULL) AS "{scope}.{k}"'
            for k in keys
        )

    pkeys, akeys = trait_keys(cfg, "person"), trait_keys(cfg, "account")
    cols = "".join(f', pt."person.{k}"' for k in pkeys) + "".join(
        f', ats."account.{k}"' for k in akeys
    )
    people = PEOPLE.format(
        ptraits=traits(pkeys, "person"), atraits=traits(akeys, "account"), cols=cols
    )
    return facts, people


def child(mode: str, ws: str, out: str) -> None:
    import pyarrow.parquet as pq

    # Imported before the clock starts, as the SQL side imports duckdb before it.
    import qualify.pipeline  # noqa: F401
    from qualify.workspace import open_workspace

    with open_workspace(ws) as w:
        t = w.store.event_time_range()[1]
        assert t is not None
        cfg = w.config
        w.store.ibis()
        start = time.perf_counter()
        if mode == "sql":
            con = w.store.connection  # type: ignore[attr-defined]
            facts_sql, people_sql = hand_sql(cfg)
            facts = _table(con.execute(facts_sql.replace("$t", "$1"), [t]).arrow())
            people = _table(con.execute(people_sql.replace("$t", "$1"), [t]).arrow())
        elif mode == "features":
            from qualify.pipeline import load_features

            people_frame, fact_frame = load_features(w.store, cfg, t)
        else:
            w.score(as_of=t)
        elapsed = time.perf_counter() - start
    if mode == "sql":
        pq.write_table(facts, out + ".facts")
        pq.write_table(people, out + ".people")
    elif mode == "features":
        people_frame.to_parquet(out + ".people")
        fact_frame.to_parquet(out + ".facts")
    Path(out + ".json").write_text(json.dumps({"seconds": elapsed}))


def _table(t: Any) -> Any:
    return t.read_all() if hasattr(t, "read_all") else t


def _same(left_path: Path, right_path: Path, keys: list[str]) -> int:
    """Assert two feature tables hold the same rows (any order, any string dtype)."""
    import pandas as pd

    left = pd.read_parquet(left_path)
    right = pd.read_parquet(right_path)
    assert list(left.columns) == list(right.columns), (list(left.columns), list(right.columns))

    def norm(f: Any) -> Any:
        f = f.copy()
        for c in f.columns:
            if not pd.api.types.is_numeric_dtype(f[c]) and not pd.api.types.is_datetime64_any_dtype(
                f[c]
            ):
                f[c] = f[c].astype("string")
        return f.sort_values(keys).reset_index(drop=True)

    pd.testing.assert_frame_equal(norm(left), norm(right), check_dtype=False)
    return len(left)


def run(mode: str, ws: Path, out: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, __file__, "--child", mode, "--ws", str(ws), "--out", str(out)], check=True
    )
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds = json.loads(Path(str(out) + ".json").read_text())["seconds"]
    return float(seconds), max(rss, before) / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--child")
    ap.add_argument("--ws")
    ap.add_argument("--out")
    a = ap.parse_args()
    if a.child:
        child(a.child, a.ws, a.out)
        return
    ws = prepare(a.events, a.seed)
    tmp = ws.parent
    sql_s, rss1 = run("sql", ws, tmp / "sql")
    feat_s, rss2 = run("features", ws, tmp / "features")
    people = _same(tmp / "sql.people", tmp / "features.people", ["person_id"])
    rows = _same(tmp / "sql.facts", tmp / "features.facts", ["person_id", "item", "day"])
    pipe_s, rss3 = run("pipeline", ws, tmp / "pipeline")
    print(
        f"sql={sql_s:.2f}s features={feat_s:.2f}s pipeline={pipe_s:.2f}s "
        f"people={people} fact_rows={rows}"
    )
    print(
        f"ratio={pipe_s / sql_s:.3f} features_ratio={feat_s / sql_s:.3f} "
        f"peak_rss_mb={max(rss1, rss2, rss3):.0f}"
    )


if __name__ == "__main__":
    main()
