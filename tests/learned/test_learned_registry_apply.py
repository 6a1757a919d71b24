from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from learned_helpers import CREATED, SMALL

from qualify.errors import NotFound
from qualify.scoring.learned import registry
from qualify.scoring.learned.apply import COLUMNS, score_people
from qualify.scoring.learned.train import train
from qualify.workspace import Workspace

AS_OF = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


def _two_versions(ws: Workspace) -> tuple[str, str]:
    opts = dataclasses.replace(SMALL, min_gain=-1.0)  # always "beats": registry tests need one
    first = train(ws.store, ws.config, created_at=CREATED, options=opts).version
    second = train(ws.store, ws.config, created_at=CREATED, options=opts, activate=False).version
    return first, second


def test_registry_lists_activates_and_shadows(ws: Workspace) -> None:
    first, second = _two_versions(ws)
    assert [v.version for v in registry.list_versions(ws.store)] == ["v1", "v2"]
    assert registry.current(ws.store) == first
    registry.set_status(ws.store, second, "shadow")
    registry.set_status(ws.store, second, "active")
    statuses = {v.version: v.status for v in registry.list_versions(ws.store)}
    assert statuses == {"v1": "inactive", "v2": "active"}
    registry.set_status(ws.store, first, "shadow")
    assert registry.current(ws.store, "shadow") == first
    with pytest.raises(NotFound, match="v9"):
        registry.set_status(ws.store, "v9", "active")
    meta = registry.list_versions(ws.store)[0].to_json()["metadata"]
    assert {"features", "data_range", "metrics", "config_hash", "excluded_events"} <= set(meta)


def test_score_people_with_active_and_shadow(ws: Workspace) -> None:
    first, second = _two_versions(ws)
    registry.set_status(ws.store, second, "shadow")
    scores = score_people(ws.store, ws.config, AS_OF, ws.config.typed_columns())
    assert list(scores.columns) == COLUMNS
    assert scores["model_score"].between(0, 1).all()
    assert set(scores["model_version"]) == {first} and set(scores["shadow_version"]) == {second}
    assert scores["shadow_score"].notna().all()
    factors = json.loads(scores["factors"].iloc[0])
    assert factors and {"feature", "value", "text", "contribution"} <= set(factors[0])


def test_no_model_means_low_data(ws: Workspace) -> None:
    scores = score_people(ws.store, ws.config, AS_OF)
    assert scores["model_score"].isna().all() and scores["model_version"].isna().all()


def test_a_version_reproduces_its_past_scores(ws: Workspace, tmp_path: Path) -> None:
    first, _ = _two_versions(ws)
    once = score_people(ws.store, ws.config, AS_OF, version=first, shadow=None)
    twice = score_people(ws.store, ws.config, AS_OF, version=first, shadow=None)
    pd.testing.assert_frame_equal(once, twice)
    # Later events and a newer model change nothing about v1 as of AS_OF.
    later = (AS_OF + dt.timedelta(days=3)).isoformat()
    rows = [
        {
            "type": "track",
            "event": "Demo Requested",
            "userId": p,
            "messageId": f"late-{i}",
            "timestamp": later,
            "properties": {},
        }
        for i, p in enumerate(once["person_id"].head(50))
    ]
    path = tmp_path / "late.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ws.ingest([path])
    train(
        ws.store, ws.config, created_at=CREATED, options=dataclasses.replace(SMALL, min_gain=-1.0)
    )
    again = score_people(ws.store, ws.config, AS_OF, version=first, shadow=None)
    pd.testing.assert_frame_equal(once, again)
    assert not math.isnan(float(again["model_score"].iloc[0]))
