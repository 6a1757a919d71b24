from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from event_helpers import call

from qualify.errors import ConfigError, UnreadableFile
from qualify.workspace import Workspace

GOOD = [
    call("page", "2026-01-01T09:00:00Z", anonymousId="anon-1", name="Pricing", messageId="m1"),
    call(
        "identify",
        "2026-01-02T09:00:00Z",
        anonymousId="anon-1",
        userId="u1",
        traits={"email": "ann@acme.io", "role": "VP"},
        messageId="m2",
    ),
    call(
        "group",
        "2026-01-02T09:01:00Z",
        userId="u1",
        groupId="g1",
        traits={"employees": 120, "industry": "Software"},
        messageId="m3",
    ),
    call(
        "track",
        "2026-01-03T09:00:00Z",
        userId="u1",
        event="Signed Up",
        properties={"plan": "trial", "credit_card": True},
        messageId="m4",
    ),
]


def count(ws: Workspace, table: str) -> int:
    return int(ws.store.query(f"SELECT count(*) AS n FROM {table}").n[0])


def test_bad_lines_are_named_and_good_ones_kept(
    workspace: Workspace, write_jsonl: Callable
) -> None:
    path = write_jsonl(
        [
            *GOOD[:3],
            '{"type": "track", "userId": "u", "event": "X", "timestamp": "yesterday-ish"}',
            "{not json",
            GOOD[3],
        ]
    )
    report = workspace.ingest([path])
    assert report.inserted == 4
    assert [(r.line, r.source) for r in report.rejected] == [(4, str(path)), (5, str(path))]
    assert "timestamp" in report.rejected[0].reason and "ISO 8601" in report.rejected[0].reason
    assert "JSON" in report.rejected[1].reason
    assert str(report.rejected[0]).startswith(f"{path}:4: ")
    assert count(workspace, "rejections") == 2


def test_reingest_adds_nothing(workspace: Workspace, write_jsonl: Callable) -> None:
    path = write_jsonl([*GOOD, "{broken"])
    first = workspace.ingest([path])
    again = workspace.ingest([path])
    assert (first.inserted, again.inserted, again.duplicates) == (4, 0, 4)
    assert count(workspace, "events") == 4 and count(workspace, "rejections") == 1


def test_records_without_message_id_dedupe_by_hash(
    workspace: Workspace, write_jsonl: Callable
) -> None:
    raw = call("track", "2026-01-05T00:00:00Z", userId="u9", event="Logged In")
    workspace.ingest([write_jsonl([raw, raw])])
    workspace.ingest([write_jsonl([raw])])
    assert count(workspace, "events") == 1


def test_identity_merge_and_membership(workspace: Workspace, write_jsonl: Callable) -> None:
    workspace.ingest([write_jsonl(GOOD)])
    status = workspace.status()
    assert (status["people"], status["accounts"], status["identities"]) == (1, 1, 1)
    assert status["anonymous_visitors"] == 0
    members = workspace.store.query("SELECT user_id, group_id FROM memberships")
    assert members.values.tolist() == [["u1", "g1"]]


def test_typed_columns_are_filled(workspace: Workspace, write_jsonl: Callable) -> None:
    workspace.ingest([write_jsonl(GOOD)])
    row = workspace.store.query(
        "SELECT t_employees, t_industry FROM events WHERE type = 'group'"
    ).iloc[0]
    assert row.t_employees == 120.0 and row.t_industry == "Software"
    card = workspace.store.query("SELECT p_credit_card FROM events WHERE event = 'Signed Up'")
    assert bool(card.p_credit_card[0]) is True


def test_segment_shaped_csv_with_json_columns(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["type", "message_id", "timestamp", "user_id", "event", "properties"])
        w.writerow(["track", "c1", "2026-02-01T00:00:00Z", "u1", "Report Created", '{"n": 1}'])
        w.writerow(["track", "c2", "2026-02-01T00:00:00Z", "", "Report Created", ""])
        w.writerow(["track", "c3", "2026-02-02T00:00:00Z", "u1", "Report Created", "{bad"])
    report = workspace.ingest([path])
    assert report.inserted == 1
    assert {r.line for r in report.rejected} == {3, 4}


def test_parquet_directory(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "events.parquet"
    folder.mkdir()
    table = pa.table(
        {
            "type": ["track", "track"],
            "messageId": ["p1", "p2"],
            "timestamp": pa.array(
                [1_767_225_600_000_000, 1_767_312_000_000_000], pa.timestamp("us", tz="UTC")
            ),
            "userId": ["u1", None],
            "event": ["Project Created", "Project Created"],
            "properties": ['{"a": 1}', None],
        }
    )
    pq.write_table(table, folder / "part-0.parquet")
    report = workspace.ingest([folder])
    assert report.inserted == 1 and report.rejected[0].line == 2


def test_mapping_turns_a_crm_export_into_events(workspace: Workspace, tmp_path: Path) -> None:
    export = tmp_path / "opportunities.csv"
    export.write_text(
        "Id,Contact,Account,Created,Amount,Stage\n"
        "o1,u1,g1,2026-03-01 10:00:00,12000,Open\n"
        "o2,u2,g1,2026-03-02 10:00:00,800.5,Closed Lost\n"
        "o3,u3,g2,,500,Open\n"
    )
    mapping = tmp_path / "opps.yaml"
    mapping.write_text(
        "type: track\nevent: Opportunity Created\n"
        "fields: {messageId: Id, userId: Contact, timestamp: Created}\n"
        "properties: {amount: Amount, stage: Stage}\nfilter: {Stage: Open}\n"
    )
    report = workspace.ingest([export], mapping=mapping)
    assert report.inserted == 1
    assert [r.line for r in report.rejected] == [4]  # o3 has no time
    props = json.loads(workspace.store.query("SELECT properties FROM events").properties[0])
    assert props == {"amount": 12000, "stage": "Open"}
    assert workspace.ingest([export], mapping=mapping).inserted == 0


def test_mapping_errors_name_the_path(workspace: Workspace, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("type: track\nfields: {userId: c}\n")
    with pytest.raises(ConfigError, match="event"):
        workspace.ingest([tmp_path / "x.csv"], mapping=mapping)
    mapping.write_text("type: track\nevent: E\nfields: {userID: c, timestamp: t}\n")
    with pytest.raises(ConfigError, match=r"m\.yaml: fields\.userID"):
        workspace.ingest([tmp_path / "x.csv"], mapping=mapping)


def test_missing_file_stores_nothing(
    workspace: Workspace, write_jsonl: Callable, tmp_path: Path
) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        workspace.ingest([write_jsonl(GOOD), tmp_path / "missing.jsonl"])
    assert count(workspace, "events") == 0


def test_unknown_suffix(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "events.xml"
    path.write_text("<x/>")
    with pytest.raises(UnreadableFile, match="unknown format"):
        workspace.ingest([path])
