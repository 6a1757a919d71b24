"""The simulator keeps the rules honest: account readiness as of a cutoff separates the accounts
that become customers in the next conversion window, better than chance but not suspiciously
well (outcomes come from hidden propensities plus noise, never from the config's rules)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from qualify.simulate import simulate
from qualify.workspace import init_workspace, open_workspace

START, DAYS, WINDOW = dt.date(2026, 1, 1), 330, dt.timedelta(days=90)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("auc_world")
    simulate(root / "e.jsonl", accounts=2500, seed=5, start=START, days=DAYS)
    init_workspace(root / "ws")
    with open_workspace(root / "ws") as ws:
        ws.ingest([root / "e.jsonl"])
    return root / "ws"


def readiness_and_outcome(ws_path: Path, cutoff: dt.datetime) -> pd.DataFrame:
    with open_workspace(ws_path) as ws:
        ws.score(as_of=cutoff)
        accounts = ws.store.query("SELECT account_id, readiness FROM account_verdicts")
        paid = ws.store.query(
            "SELECT group_id AS account_id, min(timestamp) AS paid_at FROM events "
            "WHERE event = 'Subscription Started' GROUP BY 1"
        )
    frame = accounts.merge(paid, on="account_id", how="left")
    frame = frame[~(frame["paid_at"] <= cutoff)]  # not yet customers at the cutoff
    later = (frame["paid_at"] > cutoff) & (frame["paid_at"] <= cutoff + WINDOW)
    return frame.assign(converted=later.fillna(False).astype(bool))


@pytest.mark.slow
@pytest.mark.parametrize("share", [0.45, 0.6])
def test_readiness_auc_in_band(world: Path, share: float) -> None:
    cutoff = dt.datetime(2026, 1, 1) + dt.timedelta(days=int(DAYS * share))
    frame = readiness_and_outcome(world, cutoff)
    converted = frame["converted"].to_numpy()
    assert converted.sum() >= 20, f"only {converted.sum()} conversions after the cutoff"
    auc = roc_auc_score(converted, frame["readiness"].to_numpy(float))
    assert 0.6 <= auc <= 0.9, f"AUC {auc:.3f} on {len(frame)} accounts, {converted.sum()} converted"
