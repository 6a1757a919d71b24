"""The ledger: every verdict change appended with its as_of and config hash; an unchanged
rescore appends nothing; a config change triggers a full rescore."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scoring_world import at, good_person, load, track

from qualify.workspace import Workspace, open_workspace

INTENT = [track("u1", "Demo Requested", 1), track("u1", "Plan Limit Reached", 1)]


def _ledger(ws: Workspace) -> list[dict[str, object]]:
    rows = ws.store.query("SELECT * FROM ledger ORDER BY recorded_at, entity_type, entity_id")
    return list(rows.to_dict("records"))


def test_changes_are_appended_once(workspace: Workspace, write_jsonl: Callable[..., Path]) -> None:
    load(
        workspace,
        write_jsonl,
        [*good_person("u1", "acme"), *INTENT],
    )
    first = workspace.score(as_of=at(0))  # activated and fit, no intent yet
    assert first.full_rescore and first.ledger_rows == 2  # person and account are new
    assert workspace.score(as_of=at(0)).ledger_rows == 0
    entered = workspace.score(as_of=at(2))
    rows = _ledger(workspace)
    assert entered.ledger_rows == len(rows) - 2 >= 1
    change = next(r for r in rows if r["entity_id"] == "u1" and r["change"] == "entered_pql")
    assert str(change["as_of"]).startswith("2026-03-03 23:00")
    assert change["config_hash"] == workspace.config_hash and change["is_pql"]
    assert workspace.score(as_of=at(2)).ledger_rows == 0
    assert len(_ledger(workspace)) == len(rows)


def test_config_change_means_full_rescore(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    load(workspace, write_jsonl, [*good_person("u1", "acme"), *INTENT])
    assert workspace.score(as_of=at(2)).full_rescore
    assert not workspace.score(as_of=at(2)).full_rescore
    yaml = workspace.path / "qualify.yaml"
    yaml.write_text(yaml.read_text().replace("threshold: 40", "threshold: 90"))
    with open_workspace(workspace.path) as ws:
        summary = ws.score(as_of=at(2))
        assert summary.full_rescore and summary.config_hash != workspace.config_hash
        left = [r for r in _ledger(ws) if r["change"] == "left_pql" and r["entity_id"] == "u1"]
        assert left and left[0]["config_hash"] == summary.config_hash


WINDOW = """SELECT entity_type, entity_id, is_pql, stage_plg, stage_traditional, route,
                  recorded_at, as_of
           FROM ledger QUALIFY row_number() OVER (PARTITION BY entity_type, entity_id
                                                  ORDER BY recorded_at DESC, as_of DESC) = 1
           ORDER BY entity_type, entity_id"""
HEAD = """SELECT entity_type, entity_id, is_pql, stage_plg, stage_traditional, route,
                recorded_at, as_of FROM ledger_head ORDER BY entity_type, entity_id"""


def _same_head(ws: Workspace) -> None:
    head = ws.store.query(HEAD)
    assert len(head) >= 2
    assert head.to_dict("records") == ws.store.query(WINDOW).to_dict("records")


def test_head_is_each_entitys_latest_row_when_scoring_back_and_forth(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    load(workspace, write_jsonl, [*good_person("u1", "acme"), *INTENT])
    for day in (0, 2, 1, 2, 0):  # back to day 0 leaves PQL again: a change is recorded
        workspace.score(as_of=at(day))
        _same_head(workspace)
    assert workspace.score(as_of=at(0)).ledger_rows == 0
    assert {r["change"] for r in _ledger(workspace)} == {"new", "entered_pql", "left_pql"}


def test_head_is_rebuilt_from_an_older_ledger(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    load(workspace, write_jsonl, [*good_person("u1", "acme"), *INTENT])
    workspace.score(as_of=at(0))
    workspace.score(as_of=at(2))
    workspace.store.query("DROP TABLE ledger_head")  # as a workspace from before the head
    assert workspace.score(as_of=at(2)).ledger_rows == 0
    _same_head(workspace)
