"""The ibis/duckdb/sqlglot pins exist because newer releases break ibis 12 (ibis #12101,
#12124, #12108). These tests exercise exactly what broke, so lifting a pin fails here."""

from __future__ import annotations

import importlib.metadata as md

import duckdb
import ibis
import pandas as pd
from packaging.version import Version


def test_pinned_versions() -> None:
    assert md.version("ibis-framework") == "12.0.0"
    assert Version("1.5") <= Version(duckdb.__version__) < Version("2")
    assert Version("30") <= Version(md.version("sqlglot")) < Version("30.18")


def test_arrow_fetch_and_views_round_trip() -> None:
    con = ibis.duckdb.connect()
    t = con.create_table("t", pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "x"]}))
    # duckdb 2.x dropped fetch_arrow_table, which ibis 12's to_pyarrow relies on.
    table = t.group_by("b").aggregate(n=t.a.sum()).order_by("b").to_pyarrow()
    assert table.column("n").to_pylist() == [4, 2]
    # sqlglot >= 30.18 emits a nameless DROP VIEW for this.
    con.create_view("v", t.filter(t.a > 1), overwrite=True)
    con.create_view("v", t.filter(t.a > 2), overwrite=True)
    assert con.table("v").count().execute() == 1
    con.drop_view("v")
    assert "v" not in con.list_tables()
    # The connection still works after all of the above (a failed call used to poison it).
    assert con.raw_sql("SELECT 42").fetchone() == (42,)
