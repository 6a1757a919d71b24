"""Benchmark: the scoring pipeline against one hand-written DuckDB query.

Simulates ~N events once into bench/out/ (reused), ingests them into a workspace once, then in
separate processes: (1) a hand-written SQL query computing the per-person feature table, (2) the
pipeline's feature step computing the same table (equality asserted), (3) the whole pipeline.
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


SQL = """
WITH ev AS (
  SELECT coalesce(e.user_id, i.user_id) AS person_id, e.type, e.event
  FROM events e LEFT JOIN identities i ON e.anonymous_id = i.anonymous_id AND i.merged_at <= $t
  WHERE e.timestamp <= $t)
SELECT person_id, {cols} FROM ev WHERE person_id IS NOT NULL GROUP BY person_id ORDER BY person_id
"""


def child(mode: str, ws: str, out: str) -> None:
    from qualify.features.facts import items
    from qualify.workspace import open_workspace

    with open_workspace(ws) as w:
        t = w.store.event_time_range()[1]
        cfg = w.config
        its = [it for it in items(cfg) if it.kind in ("kf", "signal")]
        start = time.perf_counter()
        if mode == "sql":
            cols = ", ".join(
                f"count(*) FILTER (WHERE type = '{it.match.type}' AND event = '{it.match.event}')"
                f' AS "{it.code}"'
                for it in its
                if not it.match.where
            )
            con = w.store.connection  # type: ignore[attr-defined]
            frame = con.execute(SQL.format(cols=cols).replace("$t", "?"), [t, t]).df()
        elif mode == "features":
            from qualify.pipeline import load_features

            _people, fx = load_features(w.store, cfg, t)
            codes = [it.code for it in its if not it.match.where]
            sub = fx[fx["item"].isin(codes)]
            frame = sub.pivot_table(
                index="person_id", columns="item", values="n", aggfunc="sum", fill_value=0
            )
            frame = frame.reindex(columns=codes, fill_value=0).reset_index()
            frame = frame[(frame[codes] > 0).any(axis=1)].sort_values("person_id")
        else:
            w.score(as_of=t)
            frame = None
        elapsed = time.perf_counter() - start
    if frame is not None:
        if mode == "sql":
            codes = [c for c in frame.columns if c != "person_id"]
            frame = frame[(frame[codes] > 0).any(axis=1)]
        frame.reset_index(drop=True).to_parquet(out)
    Path(out + ".json").write_text(json.dumps({"seconds": elapsed}))


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
    import pandas as pd

    ws = prepare(a.events, a.seed)
    tmp = ws.parent
    sql_s, rss1 = run("sql", ws, tmp / "sql.parquet")
    feat_s, rss2 = run("features", ws, tmp / "features.parquet")
    left = pd.read_parquet(tmp / "sql.parquet").astype({"person_id": str}).reset_index(drop=True)
    right = pd.read_parquet(tmp / "features.parquet").reset_index(drop=True)
    right = right[list(left.columns)].astype(left.dtypes.to_dict())
    right.columns.name = None
    pd.testing.assert_frame_equal(left, right, check_dtype=False)
    pipe_s, rss3 = run("pipeline", ws, tmp / "pipeline.out")
    print(f"sql={sql_s:.2f}s features={feat_s:.2f}s pipeline={pipe_s:.2f}s people={len(left)}")
    print(
        f"ratio={pipe_s / sql_s:.3f} features_ratio={feat_s / sql_s:.3f} peak_rss_mb={max(rss1, rss2, rss3):.0f}"
    )


if __name__ == "__main__":
    main()
