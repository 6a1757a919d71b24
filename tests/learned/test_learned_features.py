from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from qualify.config import KeyFeature
from qualify.scoring.learned.features import (
    excluded_events,
    feature_frame,
    feature_specs,
    model_columns,
)
from qualify.scoring.learned.labels import lead_frame
from qualify.workspace import Workspace


def _plant(ws: Workspace, tmp_path: Path, rows: list[dict[str, object]]) -> None:
    path = tmp_path / "planted.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ws.ingest([path])


def test_post_cutoff_events_change_no_training_feature(ws: Workspace, tmp_path: Path) -> None:
    leads = lead_frame(ws.store, ws.config).head(40)
    before = feature_frame(ws.store, ws.config, leads)
    rows = []
    for i, lead in enumerate(leads.itertuples()):
        later = (lead.cutoff + pd.Timedelta(minutes=5)).isoformat() + "Z"
        for n, (kind, name) in enumerate(
            [("track", "Subscription Started"), ("page", "Pricing"), ("track", "Project Created")]
        ):
            rows.append(
                {
                    "type": kind,
                    "event": name,
                    "name": name,
                    "userId": lead.person_id,
                    "messageId": f"plant-{i}-{n}",
                    "timestamp": later,
                    "properties": {},
                }
            )
        rows.append(
            {
                "type": "identify",
                "userId": lead.person_id,
                "messageId": f"plant-{i}-id",
                "timestamp": later,
                "traits": {"role": "VP"},
            }
        )
    _plant(ws, tmp_path, rows)
    after = feature_frame(ws.store, ws.config, leads)
    pd.testing.assert_frame_equal(before, after)
    moved = feature_frame(
        ws.store, ws.config, leads.assign(cutoff=leads["cutoff"] + pd.Timedelta(hours=1))
    )
    assert not moved.equals(before)  # the planted events are real: a later cutoff sees them


def test_rep_and_crm_outcomes_are_never_features(ws: Workspace) -> None:
    excluded = excluded_events(ws.config)
    assert {"Subscription Started", "Opportunity Created", "Sales Call Completed"} <= set(excluded)
    rigged = ws.config.model_copy(
        update={
            "activation": ws.config.activation.model_copy(
                update={"key_features": [KeyFeature(name="Paid", event="Subscription Started")]}
            )
        }
    )
    assert not any(s.name.startswith("kf_paid") for s in feature_specs(rigged))


def test_frame_has_the_promised_columns(ws: Workspace) -> None:
    leads = lead_frame(ws.store, ws.config).head(200)
    frame = feature_frame(ws.store, ws.config, leads)
    assert list(frame.index) == list(leads["person_id"])
    for column in (
        "kf_projects_7d",
        "sig_pricing_page_30d",
        "sig_demo_request_total",
        "active_days",
        "touches_total",
        "signup_kind",
        "signup_card",
        "members",
        "account_employees",
        "account_industry",
        "account_country",
        "person_role",
    ):
        assert column in frame.columns
    assert (frame["active_days"] >= 1).all()
    assert "person_email" not in model_columns(ws.config)  # rules read it, models do not
