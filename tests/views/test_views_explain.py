"""`explain` and `account`: every reason, both journeys' histories, the ledger, NotFound."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from views_tables import DETAIL_P1

from qualify.errors import NotFound, NotScored
from qualify.store import Store, open_store
from qualify.views import account, explain, leads


def test_explain_is_the_lead_item_plus_every_reason(store: Store) -> None:
    item = next(x for x in leads(store) if x["person_id"] == "p1")
    out = explain(store, "p1")
    for key in ("person_id", "account_id", "is_pql", "readiness", "route", "stages", "distance"):
        assert out[key] == item[key]
    assert out["fit"]["rules"] == DETAIL_P1["fit"]["rules"]
    assert out["fit"]["gates_failed"] == []
    assert out["fit"]["disqualifiers"] == []
    assert out["fit"]["passed"] is True
    assert out["activation"]["features"] == DETAIL_P1["activation"]["features"]
    assert out["intent"]["signals"] == DETAIL_P1["intent"]["signals"]
    assert out["readiness_components"] == DETAIL_P1["readiness"]
    assert out["route_detail"] == DETAIL_P1["route"]
    assert out["config_hash"] == "abc123"
    assert out["model_version"] is None


def test_verdict_columns_win_over_the_detail_copy(store: Store) -> None:
    # p4's detail holds fit.score NaN; the column's 40 is what explain shows.
    out = explain(store, "p4")
    assert out["fit"]["score"] == 40.0
    json.dumps(out, allow_nan=False)


def test_history_of_both_journeys_in_entry_order(store: Store) -> None:
    history = explain(store, "p1")["history"]
    assert set(history) == {"plg", "traditional"}
    assert [s["stage"] for s in history["plg"]] == ["awareness", "trial", "pql"]
    assert [s["stage"] for s in history["traditional"]] == ["visitor", "sql"]
    trial = history["plg"][1]
    assert trial == {
        "stage": "trial",
        "entered_at": "2026-01-01T00:00:00Z",
        "exited_at": "2026-02-01T00:00:00Z",
        "reason": "entered trial",
        "trial_kind": "trial",
        "skipped": [],
    }
    assert history["plg"][2]["exited_at"] is None
    assert history["traditional"][1]["skipped"] == ["mql"]


def test_history_is_empty_for_a_person_without_stints(store: Store) -> None:
    assert explain(store, "p2")["history"] == {"plg": [], "traditional": []}


def test_ledger_entries_oldest_first_without_the_entity_columns(store: Store) -> None:
    entries = explain(store, "p1")["ledger"]
    assert [e["change"] for e in entries] == ["first verdict", "became PQL"]
    assert all("entity_id" not in e and "entity_type" not in e for e in entries)
    assert entries[1]["as_of"] == "2026-06-30T12:00:00Z"


def test_explain_unknown_person_names_the_id(store: Store) -> None:
    with pytest.raises(NotFound, match="nobody"):
        explain(store, "nobody")


def test_explain_before_scoring(tmp_path: Path) -> None:
    with open_store(tmp_path / "e.duckdb") as st, pytest.raises(NotScored):
        explain(st, "p1")


def test_account_has_its_people_history_and_ledger(store: Store) -> None:
    out = account(store, "a1")
    assert out["is_pqa"] is True
    assert [p["person_id"] for p in out["people"]] == ["p1", "p2"]
    assert [s["stage"] for s in out["history"]["plg"]] == ["pql"]
    assert out["history"]["traditional"] == []
    assert out["ledger"] == []
    assert out["fit"] == {"score": 50.0, "rules": []}
    json.dumps(out, allow_nan=False)


def test_account_unknown_names_the_id(store: Store) -> None:
    with pytest.raises(NotFound, match="a99"):
        account(store, "a99")
