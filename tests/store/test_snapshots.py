"""Derived tables replaced whole are Parquet snapshots behind views (store.snapshots)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from qualify.store.duckdb import DuckDBStore
from qualify.store.snapshots import DIRECTORY


def _frame(n: int, tag: str) -> pa.Table:
    return pa.table(
        {
            "person_id": [f"u{i}" for i in range(n)],
            "score": [float(i) for i in range(n)],
            "kinds": [[i % 3, 1] for i in range(n)],
            "seen": pd.to_datetime(["2026-01-02 03:04:05.123456"] * n),
            "tag": [tag] * n,
        }
    )


def _files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / DIRECTORY).glob("*.parquet"))


def test_a_replace_writes_snapshots_behind_views_and_drops_the_old_files(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "qualify.duckdb")
    store.replace_tables({"scores": _frame(5, "one"), "inputs": _frame(3, "one")})
    first = _files(tmp_path)
    assert len(first) == 2 and all(f.startswith(("scores-", "inputs-")) for f in first)
    kinds = store.query("SELECT table_name, table_type FROM information_schema.tables")
    kind = dict(zip(kinds["table_name"], kinds["table_type"], strict=True))
    assert kind["scores"] == kind["inputs"] == "VIEW"
    got = store.query("SELECT * FROM scores ORDER BY person_id")
    assert got["tag"].tolist() == ["one"] * 5 and list(got["kinds"].iloc[1]) == [1, 1]
    assert str(got["seen"].iloc[0]) == "2026-01-02 03:04:05.123456"
    writes = store.start_replace({"scores": _frame(2, "two")})
    writes.publish({"top": "SELECT max(score) AS m FROM scores"}, meta={"run": "two"})
    assert store.get_meta("run") == "two"
    writes.abandon()  # too late: what is published stays
    assert store.query("SELECT DISTINCT tag FROM scores")["tag"].tolist() == ["two"]
    assert store.query("SELECT m FROM top")["m"].tolist() == [1.0]
    assert store.query("SELECT count(*) AS n FROM inputs")["n"].iloc[0] == 3
    after = _files(tmp_path)
    assert len(after) == 2 and set(after) & set(first) == {f for f in first if "inputs" in f}
    store.close()


def test_a_table_of_the_same_name_from_an_older_workspace_is_replaced(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "qualify.duckdb")
    store.replace_table("scores", _frame(4, "table"))
    store.replace_tables({"scores": _frame(2, "snapshot")})
    assert store.query("SELECT DISTINCT tag FROM scores")["tag"].tolist() == ["snapshot"]
    store.close()


def test_a_moved_workspace_reads_its_snapshots_from_anywhere(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    store = DuckDBStore(tmp_path / "a" / "qualify.duckdb")
    store.replace_tables({"scores": _frame(3, "moved")})
    store.close()
    shutil.move(tmp_path / "a", tmp_path / "b")
    cwd = os.getcwd()
    os.chdir(tmp_path)  # neither the old nor the new folder
    try:
        again = DuckDBStore(tmp_path / "b" / "qualify.duckdb")
        assert again.query("SELECT count(*) AS n FROM scores")["n"].iloc[0] == 3
        again.close()
        # Any DuckDB client of the file reads the views too, from anywhere.
        plain = duckdb.connect(str(tmp_path / "b" / "qualify.duckdb"))
        assert plain.execute("SELECT count(*) FROM scores").fetchone() == (3,)
        plain.close()
    finally:
        os.chdir(cwd)


def test_a_failed_write_keeps_the_previous_snapshot(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "qualify.duckdb")
    store.replace_tables({"scores": _frame(3, "kept")}, views={"v": "SELECT 'old' AS w"})
    before = _files(tmp_path)
    # Two columns of one name cannot be written; the good table of the same publish waits
    # for it, so neither view moves.
    bad = pa.Table.from_arrays([pa.array([1]), pa.array([2])], names=["a", "a"])
    writes = store.start_replace({"inputs": _frame(2, "new"), "scores": bad})
    with pytest.raises(Exception, match="a"):
        writes.publish({"v": "SELECT 'new' AS w"}, meta={"run": "new"})
    assert store.get_meta("run") is None
    assert store.query("SELECT DISTINCT tag FROM scores")["tag"].tolist() == ["kept"]
    assert store.query("SELECT w FROM v")["w"].tolist() == ["old"]
    assert not store.has_table("inputs")
    assert _files(tmp_path) == before  # the failed publish left no file behind
    store.close()


def test_an_abandoned_replace_keeps_the_old_tables_and_no_new_file(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "qualify.duckdb")
    store.replace_tables({"scores": _frame(3, "kept")})
    before = _files(tmp_path)
    writes = store.start_replace({"scores": _frame(5, "dropped")})
    writes.add({"inputs": _frame(1, "dropped")})
    writes.abandon()
    assert store.query("SELECT DISTINCT tag FROM scores")["tag"].tolist() == ["kept"]
    assert _files(tmp_path) == before and not store.has_table("inputs")
    store.close()


def test_in_memory_the_tables_are_tables() -> None:
    store = DuckDBStore(":memory:")
    store.replace_tables({"scores": _frame(3, "mem")})
    kind = store.query(
        "SELECT table_type FROM information_schema.tables WHERE table_name = 'scores'"
    )
    assert kind["table_type"].tolist() == ["BASE TABLE"]
    store.close()
