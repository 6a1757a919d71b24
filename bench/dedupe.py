"""Benchmark: what deduplication costs as the store grows.

Offers one 250k-event batch, all already stored, to the 10M-event bench workspace (built by
bench/pipeline.py), against the same batch inserted into an empty store, side by side in one
process. Every stored key is probed by a semi join built on the batch side, so the cost should
grow with one scan of the 16-byte key column, not with an index per event.
Last line: `ratio=<dedupe at N events / insert into empty> per_batch_s=<...> store_events=<N>`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from qualify.config import TypedColumn
from qualify.store.duckdb import DuckDBStore
from qualify.workspace import open_workspace

ROOT = Path(__file__).resolve().parent
BATCH = 250_000


def stored_batch(store: DuckDBStore) -> pa.Table:
    cols = "message_id, type, event, user_id, anonymous_id, group_id, previous_id, timestamp, "
    cols += "received_at, properties, traits, context, source"
    table = store.connection.execute(
        f"SELECT row_number() OVER () - 1 AS seq, {cols} FROM events USING SAMPLE {BATCH} ROWS"
    ).arrow()
    return table if isinstance(table, pa.Table) else table.read_all()


def timed(store: DuckDBStore, batch: pa.Table, typed: Sequence[TypedColumn]) -> tuple[float, int]:
    start = time.perf_counter()
    counts = store.insert_events(batch, typed)
    return time.perf_counter() - start, counts.inserted


def main() -> None:
    found = [p for p in (ROOT / "out").glob("pipeline-a*-s*/ws") if (p.parent / "done").exists()]
    if not found:
        sys.exit("no bench workspace; run bench/pipeline.py first")
    ws_path = max(found, key=lambda p: (p / "qualify.duckdb").stat().st_size)
    with open_workspace(ws_path) as ws:
        store = ws.store
        assert isinstance(store, DuckDBStore)
        typed = ws.config.typed_columns()
        n = int(store.query("SELECT count(*) AS n FROM events").n[0])
        batch = stored_batch(store)
        big, inserted = timed(store, batch, typed)
        assert inserted == 0, "a stored batch was inserted again"
    empty = DuckDBStore(":memory:")
    empty.ensure_typed_columns(typed)
    small, fresh = timed(empty, batch, typed)
    assert fresh == batch.num_rows
    print(
        f"dedupe of {batch.num_rows:,} events against {n:,} stored: {big:.2f}s; "
        f"into an empty store: {small:.2f}s"
    )
    print(f"ratio={big / small:.3f} per_batch_s={big:.3f} store_events={n}")


if __name__ == "__main__":
    main()
