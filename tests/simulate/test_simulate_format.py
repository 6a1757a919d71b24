"""Every call the simulator writes follows the Segment shape the ingester reads."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from qualify.simulate import PARQUET_SCHEMA, iter_events, simulate

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
TYPES = {"identify", "track", "page", "group", "alias"}


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    return list(iter_events(120, seed=11))


def _who(event: dict[str, Any]) -> str:
    return str(event.get("userId") or event["anonymousId"])


def test_every_call_has_the_common_keys(events: list[dict[str, Any]]) -> None:
    for event in events:
        assert event["type"] in TYPES
        assert ISO.match(event["timestamp"]), event
        assert event.get("userId") or event.get("anonymousId"), event
    ids = [event["messageId"] for event in events]
    assert len(set(ids)) == len(ids)


def test_each_type_carries_its_own_fields(events: list[dict[str, Any]]) -> None:
    required = {
        "track": {"event", "properties"},
        "page": {"name", "properties"},
        "identify": {"traits"},
        "group": {"groupId", "traits"},
        "alias": {"userId", "previousId"},
    }
    for event in events:
        assert required[event["type"]] <= event.keys(), event
        if event["type"] == "page":
            assert event["properties"]["path"].startswith("/")


def test_members_track_and_page_calls_carry_the_account(events: list[dict[str, Any]]) -> None:
    members = {e["userId"]: e["groupId"] for e in events if e["type"] == "group"}
    for event in events:
        if event["type"] in ("track", "page") and event.get("userId") in members:
            assert event["context"] == {"groupId": members[event["userId"]]}
        if "userId" not in event:
            assert "context" not in event


def test_each_person_is_in_time_order(events: list[dict[str, Any]]) -> None:
    last: dict[str, str] = {}
    for event in events:
        who = _who(event)
        assert event["timestamp"] >= last.get(who, ""), event
        last[who] = event["timestamp"]


def test_identify_or_alias_merges_anonymous_browsing(events: list[dict[str, Any]]) -> None:
    merged = {e["anonymousId"] for e in events if e["type"] == "identify" and "anonymousId" in e}
    aliased = {e["previousId"] for e in events if e["type"] == "alias"}
    assert merged and aliased
    anonymous_pages = {e["anonymousId"] for e in events if "userId" not in e}
    # Merged visitors browsed first; the rest are visitors who never identify.
    assert merged & anonymous_pages
    assert anonymous_pages - merged - aliased


def test_users_identify_before_they_act(events: list[dict[str, Any]]) -> None:
    first_identify: dict[str, str] = {}
    for event in events:
        user = event.get("userId")
        if user is None:
            continue
        if event["type"] in ("identify", "alias"):
            first_identify.setdefault(user, event["timestamp"])
        assert user in first_identify, event


def test_timestamps_stay_inside_the_world(events: list[dict[str, Any]]) -> None:
    days = {dt.date.fromisoformat(e["timestamp"][:10]) for e in events}
    assert min(days) >= dt.date(2026, 1, 1)
    assert max(days) < dt.date(2026, 1, 1) + dt.timedelta(days=330)


def test_parquet_rows_match_jsonl_lines(tmp_path: Path) -> None:
    simulate(tmp_path / "w.jsonl", accounts=60, seed=5)
    simulate(tmp_path / "w.parquet", accounts=60, seed=5)
    lines = [json.loads(line) for line in (tmp_path / "w.jsonl").read_text().splitlines()]
    table = pq.read_table(tmp_path / "w.parquet")
    assert table.schema.equals(PARQUET_SCHEMA)
    rows = table.to_pylist()
    assert [r["messageId"] for r in rows] == [e["messageId"] for e in lines]
    for row, line in zip(rows, lines, strict=True):
        assert row["timestamp"].strftime("%Y-%m-%dT%H:%M:%SZ") == line["timestamp"]
        assert row["event"] == line.get("event", line.get("name"))
        assert row["groupId"] == line.get("groupId", line.get("context", {}).get("groupId"))
        payload = row["properties"] or row["traits"]
        assert (json.loads(payload) if payload else None) == line.get(
            "properties", line.get("traits")
        )


def test_parquet_writes_part_files_and_replaces_old_ones(tmp_path: Path) -> None:
    out = tmp_path / "w.parquet"
    out.mkdir()
    (out / "part-00007.parquet").write_bytes(b"stale")
    summary = simulate(out, accounts=30, seed=2)
    assert [p.name for p in out.iterdir()] == ["part-00000.parquet"]
    assert pq.read_table(out).num_rows == summary.events
