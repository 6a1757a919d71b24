"""Hand-built verdict, stage and ledger tables with exactly the pipeline's columns."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd

from qualify.store import Store

AS_OF = dt.datetime(2026, 6, 30, 12, 0, 0)
T = dt.datetime(2026, 1, 1)

DETAIL_P1: dict[str, Any] = {
    "fit": {
        "score": 75.0,
        "passed": True,
        "rules": [
            {
                "name": "Company size",
                "field": "account.employees",
                "op": "gte",
                "value": 50,
                "actual": 120,
                "passed": True,
                "reason": "employees is 120 (>= 50)",
                "weight": 30,
                "required": False,
            },
            {
                "name": "Decision role",
                "field": "person.role",
                "op": "in",
                "value": ["VP"],
                "actual": "Engineer",
                "passed": False,
                "reason": "role is Engineer",
                "weight": 20,
                "required": False,
            },
        ],
        "gates_failed": [],
        "disqualifiers": [],
    },
    "activation": {
        "share": 0.6,
        "discovered": ["Projects", "Dashboards", "Integrations"],
        "missing": ["Reports", "Invites"],
        "features": [
            {
                "name": "Projects",
                "count": 4,
                "min_count": 1,
                "discovered": True,
                "first_at": "2026-01-02T10:00:00Z",
            },
            {"name": "Reports", "count": 1, "min_count": 2, "discovered": False, "first_at": None},
        ],
    },
    "intent": {
        "score": 52.0,
        "signals": [
            {
                "name": "Pricing page",
                "points": 22.4,
                "events": 3,
                "last_at": "2026-06-29T00:00:00Z",
            },
            {
                "name": "Demo request",
                "points": 29.6,
                "events": 1,
                "last_at": "2026-06-10T00:00:00Z",
            },
            {"name": "Plan limit", "points": 0.0, "events": 0, "last_at": None},
        ],
    },
    "readiness": {"score": 80.0, "components": {"fit": 22.5, "activation": 21.0, "intent": 18.2}},
    "route": {"route": "sales_assisted", "reason": "account has 500+ employees"},
}


def person(pid: str, account: str | None, readiness: float, **over: Any) -> dict[str, Any]:
    """One person_verdicts row; a non-PQL by default, with one step of distance."""
    row: dict[str, Any] = {
        "person_id": pid,
        "account_id": account,
        "as_of": AS_OF,
        "is_pql": False,
        "fit_score": 40.0,
        "fit_ok": False,
        "activation_share": 0.2,
        "activated": False,
        "intent_score": 10.0,
        "intent_ok": False,
        "readiness": readiness,
        "route": "self_serve",
        "route_reason": "no sales rule matched",
        "stage_plg": "trial",
        "stage_traditional": "visitor",
        "trial_kind": "freemium",
        "distance": json.dumps(
            [
                {
                    "part": "activation",
                    "kind": "feature",
                    "text": "2 more key features: Reports, Invites",
                }
            ]
        ),
        "detail": json.dumps(
            {
                "activation": {
                    "share": 0.2,
                    "discovered": ["Projects"],
                    "missing": ["Reports", "Invites"],
                }
            }
        ),
        "config_hash": "abc123",
        "model_version": None,
    }
    row.update(over)
    return row


def people_frame() -> pd.DataFrame:
    rows = [
        person(
            "p1",
            "a1",
            80.0,
            is_pql=True,
            fit_score=75.0,
            fit_ok=True,
            activation_share=0.6,
            activated=True,
            intent_score=52.0,
            intent_ok=True,
            route="sales_assisted",
            route_reason="account has 500+ employees",
            stage_plg="pql",
            stage_traditional="sql",
            trial_kind="trial",
            distance=None,
            detail=json.dumps(DETAIL_P1),
        ),
        person("p3", "a2", 60.0),
        person("p2", "a1", 60.0),
        # NaN inside the JSON detail must come out as null, never as NaN.
        person("p4", None, 10.0, trial_kind=None, detail='{"fit": {"score": NaN}}'),
        person("p5", "a2", 95.0, is_pql=True, distance=None, stage_plg="customer"),
    ]
    return _typed(pd.DataFrame(rows), bools=("is_pql", "fit_ok", "activated", "intent_ok"))


def account(aid: str, readiness: float, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "account_id": aid,
        "as_of": AS_OF,
        "is_pqa": False,
        "fit_score": 50.0,
        "activation_share": 0.4,
        "seat_share": 0.5,
        "intent_score": 30.0,
        "readiness": readiness,
        "route": "self_serve",
        "route_reason": "small team",
        "members": 2,
        "pql_members": 0,
        "stage_plg": "trial",
        "stage_traditional": "mql",
        "distance": json.dumps([{"part": "members", "text": "1 more PQL member"}]),
        "detail": json.dumps({"fit": {"score": 50.0, "rules": []}}),
        "config_hash": "abc123",
    }
    row.update(over)
    return row


def accounts_frame() -> pd.DataFrame:
    rows = [
        account("a2", 70.0),
        account("a1", 70.0, is_pqa=True, pql_members=1, distance=None, stage_plg="pql"),
        account("a3", 20.0, members=1),
    ]
    return _typed(pd.DataFrame(rows), bools=("is_pqa",))


def stint(
    eid: str,
    journey: str,
    stage: str,
    entered: dt.datetime,
    exited: dt.datetime | None = None,
    *,
    kind: str = "person",
    skipped: str | None = None,
    trial_kind: str | None = None,
) -> dict[str, Any]:
    return {
        "entity_type": kind,
        "entity_id": eid,
        "journey": journey,
        "stage": stage,
        "entered_at": entered,
        "exited_at": exited,
        "reason": f"entered {stage}",
        "trial_kind": trial_kind,
        "skipped": skipped,
    }


def history_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for col in ("entered_at", "exited_at"):
        frame[col] = pd.to_datetime(frame[col])
    return _typed(frame, bools=())


def p1_history() -> list[dict[str, Any]]:
    d = dt.timedelta
    return [
        # Inserted out of order: the view must sort by entry time, then journey order.
        stint("p1", "plg", "pql", T + d(days=31)),
        stint("p1", "plg", "trial", T, T + d(days=31), trial_kind="trial"),
        stint("p1", "plg", "awareness", T, T),
        stint("p1", "traditional", "visitor", T, T + d(days=9)),
        stint("p1", "traditional", "sql", T + d(days=9), skipped="mql"),
        stint("a1", "plg", "pql", T + d(days=31), kind="account"),
    ]


def ledger_frame() -> pd.DataFrame:
    base = {
        "config_hash": "abc123",
        "model_version": None,
        "fit_score": 75.0,
        "activation_share": 0.6,
        "intent_score": 52.0,
        "stage_traditional": "sql",
    }
    rows = [
        {
            "entity_type": "person",
            "entity_id": "p1",
            "as_of": AS_OF,
            "is_pql": True,
            "readiness": 80.0,
            "stage_plg": "pql",
            "change": "became PQL",
            "recorded_at": AS_OF,
            **base,
        },
        {
            "entity_type": "person",
            "entity_id": "p1",
            "as_of": AS_OF - dt.timedelta(days=30),
            "is_pql": False,
            "readiness": 50.0,
            "stage_plg": "trial",
            "change": "first verdict",
            "recorded_at": AS_OF - dt.timedelta(days=30),
            **base,
        },
        {
            "entity_type": "person",
            "entity_id": "p2",
            "as_of": AS_OF,
            "is_pql": False,
            "readiness": 60.0,
            "stage_plg": "trial",
            "change": "first verdict",
            "recorded_at": AS_OF,
            **base,
        },
    ]
    return _typed(pd.DataFrame(rows), bools=("is_pql",))


def _typed(frame: pd.DataFrame, bools: tuple[str, ...]) -> pd.DataFrame:
    # All-null columns would otherwise land as INTEGER; the pipeline writes VARCHAR.
    for col in frame.columns:
        if col in bools:
            frame[col] = frame[col].astype(bool)
        elif _untyped(frame[col]):
            frame[col] = frame[col].astype("string")
    return frame


def _untyped(col: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(col):
        return False
    return bool(col.dtype == object or col.isna().all())


def fill_store(store: Store, *, with_model_score: bool = False) -> None:
    people = people_frame()
    if with_model_score:
        people["model_score"] = [0.9, 0.4, None, 0.1, 0.95]
    store.replace_table("person_verdicts", people)
    store.replace_table("account_verdicts", accounts_frame())
    store.replace_table("stage_history", history_frame(p1_history()))
    store.replace_table("ledger", ledger_frame())
    store.set_meta("scored_as_of", "2026-06-30T12:00:00Z")
