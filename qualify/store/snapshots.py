"""Derived tables that scoring replaces whole, as Parquet snapshots beside the database.

Every score rewrites the verdict tables from scratch and nothing updates them in place, so the
DuckDB store keeps them as Parquet files under `snapshots/` in the workspace and exposes each
as a view of the same name over the file's absolute path, so any DuckDB client of the
database reads them. The meta table remembers each view's file relative to the workspace and
the folder the views point into; opening a moved workspace points them at the new folder.
Writing Parquet skips DuckDB's write-ahead log and checkpoint, costs about a third of a table
write, and leaves no dead blocks in the database file; the views of one publish switch in one
transaction, and the files they no longer name are deleted after it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeAlias

import duckdb
import pandas as pd
import pyarrow as pa

__all__ = ["DIRECTORY", "follow_move", "start_snapshots"]

DIRECTORY = "snapshots"

Frame: TypeAlias = pd.DataFrame | pa.Table


def start_snapshots(
    con: duckdb.DuckDBPyConnection, root: Path, tables: dict[str, Frame]
) -> Callable[[], None]:
    """Write each table to a new snapshot file in the background (one cursor and thread per
    table: DuckDB releases the GIL while it writes); the returned function waits for them,
    then points the views at the new files and deletes the old ones."""
    folder = root / DIRECTORY
    folder.mkdir(exist_ok=True)
    token = uuid.uuid4().hex[:12]
    files = {name: f"{DIRECTORY}/{_safe(name)}-{token}.parquet" for name in tables}
    cursors = [con.cursor() for _ in tables]
    pool = ThreadPoolExecutor(max_workers=max(1, len(tables)))
    jobs = [
        pool.submit(_write, cur, frame, root / files[name])
        for cur, (name, frame) in zip(cursors, tables.items(), strict=True)
    ]

    def publish() -> None:
        try:
            for job in jobs:
                job.result()
            _switch(con, root, files)
        except BaseException:
            pool.shutdown()  # every write has ended: none of this publish's files is kept
            for rel in files.values():
                (root / rel).unlink(missing_ok=True)
            raise
        finally:
            pool.shutdown()
            for cur in cursors:
                cur.close()
        for name, current in files.items():
            for old in folder.glob(f"{_safe(name)}-*.parquet"):
                if old.name != Path(current).name:
                    old.unlink(missing_ok=True)

    return publish


def _write(cur: duckdb.DuckDBPyConnection, frame: Frame, path: Path) -> None:
    cur.register("_frame", frame)
    try:
        cur.execute(f"COPY (SELECT * FROM _frame) TO {_lit(str(path))} (FORMAT parquet)")
    finally:
        cur.unregister("_frame")


def _switch(con: duckdb.DuckDBPyConnection, root: Path, files: dict[str, str]) -> None:
    """Point each view at its new file, all in one transaction (a table of the same name, from
    a workspace scored before snapshots, is dropped)."""
    con.execute("BEGIN TRANSACTION")
    try:
        for name, rel in files.items():
            kind = con.execute(
                "SELECT table_type FROM information_schema.tables WHERE table_name = ?", [name]
            ).fetchone()
            if kind is not None and kind[0] != "VIEW":
                con.execute(f"DROP TABLE {name}")
            _view(con, root, name, rel)
        _remember(con, ROOT_KEY, str(root))
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def follow_move(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """If the workspace was moved since its views were made, point them into `root`."""
    row = con.execute("SELECT value FROM meta WHERE key = ?", [ROOT_KEY]).fetchone()
    if row is None or row[0] == str(root):
        return
    rows = con.execute(
        "SELECT key, value FROM meta WHERE starts_with(key, ?)", [FILE_KEY]
    ).fetchall()
    con.execute("BEGIN TRANSACTION")
    try:
        for key, rel in rows:
            _view(con, root, key[len(FILE_KEY) :], rel)
        _remember(con, ROOT_KEY, str(root))
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


ROOT_KEY = "snapshot_root"  # the folder the views point into
FILE_KEY = "snapshot:"  # + name: the view's file, relative to the workspace


def _view(con: duckdb.DuckDBPyConnection, root: Path, name: str, rel: str) -> None:
    path = _lit(str(root / rel))
    con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({path})")
    _remember(con, FILE_KEY + name, rel)


def _remember(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def _safe(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"a snapshot table name is letters, digits and _, not {name!r}")
    return name


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
