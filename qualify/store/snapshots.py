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
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pandas as pd
import pyarrow as pa

from qualify.store.base import Store, Writes

__all__ = ["DIRECTORY", "CursorWrites", "SnapshotWrites", "follow_move", "replace_view"]

DIRECTORY = "snapshots"

Frame: TypeAlias = pd.DataFrame | pa.Table


class CursorWrites(Writes):
    """Writes run in the background, one DuckDB cursor and thread each (DuckDB releases the
    GIL while it writes); `_wait` joins them and raises the first error."""

    def __init__(self, store: Store, con: duckdb.DuckDBPyConnection) -> None:
        super().__init__(store)
        self._con = con
        self._pool = ThreadPoolExecutor(max_workers=4)
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._jobs: list[Future[None]] = []

    def _submit(self, write: Callable[..., None], *args: Any) -> None:
        cur = self._con.cursor()  # made here, in the caller's thread
        self._cursors.append(cur)
        self._jobs.append(self._pool.submit(write, cur, *args))

    def _wait(self) -> None:
        try:
            for job in self._jobs:
                job.result()
        finally:
            self._pool.shutdown()
            for cur in self._cursors:
                cur.close()
            self._cursors = []


class SnapshotWrites(CursorWrites):
    """Each added table written to a new snapshot file in the background; `publish` waits for
    them, then, in one transaction, points the tables' views at the new files, makes the
    other views over them and sets the meta keys; then it deletes the old files."""

    def __init__(self, store: Store, con: duckdb.DuckDBPyConnection, root: Path) -> None:
        super().__init__(store, con)
        self._root = root
        (root / DIRECTORY).mkdir(exist_ok=True)
        self._token = uuid.uuid4().hex[:12]
        self._files: dict[str, str] = {}
        self._published = False

    def add(self, tables: dict[str, Frame]) -> None:
        for name, frame in tables.items():
            rel = f"{DIRECTORY}/{_safe(name)}-{self._token}.parquet"
            self._files[name] = rel
            self._submit(_write, frame, self._root / rel)

    def publish(
        self, views: dict[str, str] | None = None, meta: dict[str, str] | None = None
    ) -> None:
        try:
            self._wait()
            _switch(self._con, self._root, self._files, views or {}, meta or {})
        except BaseException:
            self.abandon()
            raise
        self._published = True
        folder = self._root / DIRECTORY
        for name, current in self._files.items():
            for old in folder.glob(f"{_safe(name)}-*.parquet"):
                if old.name != Path(current).name:
                    old.unlink(missing_ok=True)

    def abandon(self) -> None:
        if self._published:  # the files are the views' now
            return
        with suppress(Exception):  # abandoning: the caller has an error of its own
            self._wait()
        for rel in self._files.values():  # no file of an unpublished run is kept
            (self._root / rel).unlink(missing_ok=True)


def _write(cur: duckdb.DuckDBPyConnection, frame: Frame, path: Path) -> None:
    cur.register("_frame", frame)
    try:
        cur.execute(f"COPY (SELECT * FROM _frame) TO {_lit(str(path))} (FORMAT parquet)")
    finally:
        cur.unregister("_frame")


def _switch(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    files: dict[str, str],
    views: dict[str, str],
    meta: dict[str, str],
) -> None:
    """Point each view at its new file, make the other views and set the meta keys, all in
    one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for name, rel in files.items():
            _view(con, root, name, rel)
        for name, sql in views.items():
            replace_view(con, name, sql)
        for key, value in meta.items():
            _remember(con, key, value)
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


def replace_view(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> None:
    """Make `name` a view of `sql`; a table of that name (a workspace from before the view)
    is dropped first."""
    kind = con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    if kind is not None and kind[0] != "VIEW":
        con.execute(f"DROP TABLE {name}")
    con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")


def _view(con: duckdb.DuckDBPyConnection, root: Path, name: str, rel: str) -> None:
    replace_view(con, name, f"SELECT * FROM read_parquet({_lit(str(root / rel))})")
    _remember(con, FILE_KEY + name, rel)


def _remember(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def _safe(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"a snapshot table name is letters, digits and _, not {name!r}")
    return name


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
