"""Regression: scoring small simulated worlds (several seeds, early and late as_of) works,
including as_of times before any account exists (the account detail used to crash on an
empty account table)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qualify.simulate import simulate
from qualify.workspace import init_workspace, open_workspace


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_small_world_scores(tmp_path: Path, seed: int) -> None:
    simulate(tmp_path / "e.jsonl", accounts=6, seed=seed, start=dt.date(2026, 1, 1), days=90)
    init_workspace(tmp_path / "ws")
    with open_workspace(tmp_path / "ws") as ws:
        ws.ingest([tmp_path / "e.jsonl"])
        for day in (2, 30):
            summary = ws.score(as_of=dt.datetime(2026, 1, 1) + dt.timedelta(days=day))
            assert summary.people >= 0
        final = ws.score()
        assert final.people > 0 and final.accounts > 0
        pv = ws.store.query("SELECT readiness, fit_score, intent_score FROM person_verdicts")
        for col in pv.columns:  # written scores carry at most 2 decimals
            assert ((pv[col] * 100).round(6) % 1 == 0).all()
