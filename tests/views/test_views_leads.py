"""`leads` and `accounts`: every JSON key, the order, the filters and the limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from views_tables import fill_store

from qualify.errors import NotScored
from qualify.store import Store, open_store
from qualify.views import accounts, leads

LEAD_KEYS = {
    "person_id", "account_id", "as_of", "is_pql", "fit", "activation", "intent", "readiness",
    "route", "route_reason", "stages", "distance", "model_score",
}  # fmt: skip
ACCOUNT_KEYS = {
    "account_id", "as_of", "is_pqa", "fit", "activation", "intent", "readiness", "route",
    "route_reason", "members", "pql_members", "stages", "distance", "model_score",
}  # fmt: skip


def test_every_lead_has_every_key_with_its_type(store: Store) -> None:
    items = leads(store)
    assert items
    for item in items:
        assert set(item) == LEAD_KEYS
        assert set(item["fit"]) == {"score", "passed"}
        assert set(item["activation"]) == {"share", "activated", "discovered", "missing"}
        assert set(item["intent"]) == {"score", "passed"}
        assert set(item["stages"]) == {"plg", "traditional", "trial_kind"}
        assert isinstance(item["is_pql"], bool)
        assert item["route"] in {"self_serve", "sales_assisted"}
        assert item["as_of"] == "2026-06-30T12:00:00Z"


def test_lead_values_come_from_the_row_and_its_detail(store: Store) -> None:
    p1 = next(x for x in leads(store) if x["person_id"] == "p1")
    assert p1["fit"] == {"score": 75.0, "passed": True}
    assert p1["activation"]["discovered"] == ["Projects", "Dashboards", "Integrations"]
    assert p1["activation"]["missing"] == ["Reports", "Invites"]
    assert p1["stages"] == {"plg": "pql", "traditional": "sql", "trial_kind": "trial"}
    assert p1["route_reason"] == "account has 500+ employees"


def test_leads_order_by_readiness_then_person_id(store: Store) -> None:
    order = [(x["readiness"], x["person_id"]) for x in leads(store)]
    # p2 and p3 tie on 60: person_id breaks the tie.
    assert order == [(95.0, "p5"), (80.0, "p1"), (60.0, "p2"), (60.0, "p3"), (10.0, "p4")]


def test_pql_has_no_distance_and_a_non_pql_has_steps_with_text(store: Store) -> None:
    for item in leads(store):
        if item["is_pql"]:
            assert item["distance"] is None
        else:
            assert item["distance"]
            assert all("text" in step for step in item["distance"])


def test_pql_only_and_limit(store: Store) -> None:
    assert [x["person_id"] for x in leads(store, pql_only=True)] == ["p5", "p1"]
    assert [x["person_id"] for x in leads(store, limit=3)] == ["p5", "p1", "p2"]
    assert [x["person_id"] for x in leads(store, limit=1, pql_only=True)] == ["p5"]
    assert leads(store, limit=0) == []
    assert len(leads(store, limit=None)) == 5


def test_negative_limit_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        leads(store, limit=-1)


def test_model_score_is_null_without_the_column(store: Store) -> None:
    assert all(x["model_score"] == "low_data" for x in leads(store))


def test_model_score_passes_through_when_present(tmp_path: Path) -> None:
    with open_store(tmp_path / "m.duckdb") as st:
        fill_store(st, with_model_score=True)
        scores = {x["person_id"]: x["model_score"] for x in leads(st)}
    assert scores == {"p1": 0.9, "p3": 0.4, "p2": "low_data", "p4": 0.1, "p5": 0.95}


def test_output_is_strict_json(store: Store) -> None:
    json.dumps(leads(store), allow_nan=False)
    json.dumps(accounts(store), allow_nan=False)


def test_accounts_keys_order_and_filters(store: Store) -> None:
    items = accounts(store)
    assert [x["account_id"] for x in items] == ["a1", "a2", "a3"]
    for item in items:
        assert set(item) == ACCOUNT_KEYS
        assert set(item["activation"]) == {"share", "seat_share", "discovered", "missing"}
        assert isinstance(item["members"], int)
    assert [x["account_id"] for x in accounts(store, pqa_only=True)] == ["a1"]
    assert [x["account_id"] for x in accounts(store, limit=2)] == ["a1", "a2"]
    a1, a2 = items[0], items[1]
    assert a1["distance"] is None
    assert a2["distance"] == [{"part": "members", "text": "1 more PQL member"}]


def test_reads_before_scoring_say_run_score(tmp_path: Path) -> None:
    with open_store(tmp_path / "e.duckdb") as st:
        with pytest.raises(NotScored, match="run `qualify score` first"):
            leads(st)
        with pytest.raises(NotScored, match="account_verdicts"):
            accounts(st)
