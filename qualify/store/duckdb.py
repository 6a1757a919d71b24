"""The embedded DuckDB engine: one file in the workspace, no server to start."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from qualify.config import TypedColumn
from qualify.errors import StoreError
from qualify.store.base import Capabilities, IngestCounts, Store, Writes
from qualify.store.schema import DDL, EVENT_COLUMNS, REFRESH, typed_expression
from qualify.store.snapshots import CursorWrites, SnapshotWrites, follow_move, replace_view

__all__ = ["MEMORY_LIMIT", "DuckDBStore"]

# DuckDB's own default is 80% of the machine; on a laptop that shares the process with the
# scoring arrays, a bound keeps the whole run small, and DuckDB spills to disk beyond it
# (slower, never wrong). QUALIFY_MEMORY_LIMIT overrides it.
MEMORY_LIMIT = "1.5GB"


def _replace(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame | pa.Table) -> None:
    con.register("_frame", frame)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _frame")
    finally:
        con.unregister("_frame")


class _TableWrites(CursorWrites):
    """In memory: tables, each written on its own cursor and thread (a table write runs on
    about one core), side by side with each other and with the caller."""

    def add(self, tables: dict[str, pd.DataFrame | pa.Table]) -> None:
        for name, frame in tables.items():
            self._submit(_replace, name, frame)

    def publish(
        self, views: dict[str, str] | None = None, meta: dict[str, str] | None = None
    ) -> None:
        self._wait()
        super().publish(views, meta)

    def abandon(self) -> None:
        with suppress(Exception):
            self._wait()


class DuckDBStore(Store):
    """A workspace's tables in one DuckDB file (or in memory with `:memory:`)."""

    capabilities = Capabilities(
        embedded=True, concurrent_writers=False, arrow_insert=True, json_extract=True
    )

    def __init__(self, path: Path | str, memory_limit: str | None = None) -> None:
        limit = memory_limit or os.environ.get("QUALIFY_MEMORY_LIMIT") or MEMORY_LIMIT
        try:
            self._con = duckdb.connect(str(path), config={"memory_limit": limit})
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open {path}: {exc}") from None
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot open {path} with memory limit {limit!r}: {exc}; set"
                " QUALIFY_MEMORY_LIMIT to a size such as 2GB"
            ) from None
        for ddl in DDL:
            self._con.execute(ddl)
        self._ibis: Any = None
        # Derived tables replaced whole live as files in the workspace (see store.snapshots).
        self._root = None if str(path) == ":memory:" else Path(path).resolve().parent
        if self._root is not None:
            follow_move(self._con, self._root)

    def ensure_typed_columns(self, columns: Sequence[TypedColumn]) -> list[str]:
        existing = self._columns("events")
        added = []
        for col in columns:
            if col.column in existing:
                continue
            self._con.execute(f"ALTER TABLE events ADD COLUMN {col.column} {col.sql_type}")
            self._con.execute(f"UPDATE events SET {col.column} = {typed_expression(col)}")
            added.append(col.column)
        return added

    def insert_events(self, batch: pa.Table, typed: Sequence[TypedColumn]) -> IngestCounts:
        con = self._con
        con.register("_batch", batch)
        try:
            # Probe the stored keys with a semi join built on the small batch side, so a
            # batch costs one scan of the key column however large the store grows.
            con.execute(
                """CREATE OR REPLACE TEMP TABLE _b AS
                   SELECT md5_number(message_id) AS key, * FROM _batch
                   QUALIFY row_number() OVER (PARTITION BY message_id ORDER BY seq) = 1"""
            )
            con.execute(
                """CREATE OR REPLACE TEMP TABLE _seen AS
                   SELECT key FROM events WHERE key IN (SELECT key FROM _b)"""
            )
            cols = ", ".join(EVENT_COLUMNS)
            typed_cols = "".join(f", {c.column}" for c in typed)
            typed_vals = "".join(f", {typed_expression(c)}" for c in typed)
            row = con.execute(
                f"""INSERT INTO events (key, {cols}{typed_cols})
                    SELECT key, {cols}{typed_vals} FROM _b
                    WHERE key NOT IN (SELECT key FROM _seen) ORDER BY seq"""
            ).fetchone()
        finally:
            con.unregister("_batch")
        return IngestCounts(offered=batch.num_rows, inserted=int(row[0]) if row else 0)

    def insert_rejections(self, batch: pa.Table) -> int:
        con = self._con
        con.register("_rej", batch)
        try:
            row = con.execute(
                """INSERT INTO rejections
                   SELECT DISTINCT md5_number(source || ':' || line || ':' || raw) AS key,
                          source, line, reason, raw, received_at FROM _rej
                   WHERE md5_number(source || ':' || line || ':' || raw)
                         NOT IN (SELECT key FROM rejections)"""
            ).fetchone()
        finally:
            con.unregister("_rej")
        return int(row[0]) if row else 0

    def refresh_entities(self) -> None:
        for sql in REFRESH:
            self._con.execute(sql)
        self._ibis = None

    def ibis(self) -> Any:
        if self._ibis is None:
            import ibis  # lazily: a second of import time that ingest and status never need

            self._ibis = ibis.duckdb.from_connection(self._con)
        return self._ibis

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self._con.execute(sql, list(params)).df()

    def replace_table(self, name: str, frame: pd.DataFrame | pa.Table) -> None:
        _replace(self._con, name, frame)

    def replace_view(self, name: str, sql: str) -> None:
        replace_view(self._con, name, sql)

    def start_replace(self, tables: dict[str, pd.DataFrame | pa.Table]) -> Writes:
        writes: Writes
        if self._root is not None:
            writes = SnapshotWrites(self, self._con, self._root)
        else:
            writes = _TableWrites(self, self._con)
        writes.add(tables)
        return writes

    def append_table(self, name: str, frame: pd.DataFrame | pa.Table) -> None:
        self._con.register("_frame", frame)
        try:
            self.append_query(name, "SELECT * FROM _frame")
        finally:
            self._con.unregister("_frame")

    def append_query(self, name: str, sql: str, params: Sequence[Any] = ()) -> None:
        if not self.has_table(name):
            self._con.execute(f"CREATE TABLE {name} AS {sql}", list(params))
            return
        # A newer writer's extra columns are added (NULL in older rows) instead of failing.
        have = self._columns(name)
        for column, sql_type, *_ in self._con.execute(f"DESCRIBE {sql}", list(params)).fetchall():
            if column not in have:
                self._con.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" {sql_type}')
        self._con.execute(f"INSERT INTO {name} BY NAME {sql}", list(params))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    def has_table(self, name: str) -> bool:
        row = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    def get_meta(self, key: str) -> str | None:
        row = self._con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def event_time_range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        row = self._con.execute("SELECT min(timestamp), max(timestamp) FROM events").fetchone()
        return (row[0], row[1]) if row else (None, None)

    def close(self) -> None:
        self._con.close()

    def _columns(self, table: str) -> set[str]:
        rows = self._con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
        return {r[0] for r in rows}

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The raw connection, for benchmarks and engine-specific tests only."""
        return self._con
