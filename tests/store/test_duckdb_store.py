from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml
from event_helpers import call

from qualify.config import parse_config
from qualify.ingest import run as ingest_run
from qualify.store.duckdb import DuckDBStore
from qualify.workspace import Workspace


def test_capabilities_are_declared() -> None:
    caps = DuckDBStore.capabilities
    assert caps.embedded and caps.arrow_insert and not caps.concurrent_writers


def test_dedupe_holds_across_batches(
    workspace: Workspace, write_jsonl: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_run, "BATCH_ROWS", 3)
    calls = [
        call(
            "track",
            f"2026-01-01T00:00:{i:02d}Z",
            userId="u",
            event="Logged In",
            messageId=f"m{i % 4}",
        )
        for i in range(10)
    ]
    report = workspace.ingest([write_jsonl(calls)])
    assert report.inserted == 4 and report.duplicates == 6
    kept = workspace.store.query("SELECT message_id, timestamp FROM events ORDER BY message_id")
    # The first occurrence of a message id wins, whichever batch repeats it.
    assert kept.timestamp.dt.second.tolist() == [0, 1, 2, 3]


def test_a_config_that_reads_a_new_property_backfills_its_column(
    workspace: Workspace, write_jsonl: Callable
) -> None:
    workspace.ingest(
        [
            write_jsonl(
                [
                    call(
                        "track",
                        "2026-01-01T00:00:00Z",
                        userId="u",
                        event="Report Created",
                        properties={"kind": "custom", "pages": 12},
                    )
                ]
            )
        ]
    )
    cfg = yaml.safe_load((workspace.path / "qualify.yaml").read_text())
    cfg["activation"]["key_features"].append(
        {
            "name": "Long reports",
            "event": "Report Created",
            "where": {"pages": {"op": "gte", "value": 10}},
        }
    )
    typed = parse_config(cfg).typed_columns()
    assert "p_pages" in workspace.store.ensure_typed_columns(typed)
    row = workspace.store.query("SELECT p_pages FROM events").iloc[0]
    assert row.p_pages == 12.0
    assert workspace.store.ensure_typed_columns(typed) == []


def test_meta_round_trip(workspace: Workspace) -> None:
    store = workspace.store
    assert store.get_meta("x") is None
    store.set_meta("x", "1")
    store.set_meta("x", "2")
    assert store.get_meta("x") == "2"
