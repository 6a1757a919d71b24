"""The stage_history view over the verdict tables' stage columns against the row builder
`lifecycle.history.history` (itself checked against `transition` by property tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scored import score_parts

from qualify.lifecycle.history import history
from qualify.lifecycle.journeys import JOURNEYS, TARGETS
from qualify.scoring import people as sp
from qualify.workspace import Workspace

COLUMNS = ["entity_id", "stage", "entered_at", "exited_at", "reason", "skipped"]
REASONS = {"plg": sp.PLG_REASONS, "traditional": sp.TRAD_REASONS}


def _norm(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[COLUMNS].copy()
    for c in ("entered_at", "exited_at"):
        out[c] = pd.to_datetime(out[c]).astype("datetime64[us]")
    out["skipped"] = out["skipped"].astype(object).where(out["skipped"].notna(), None)
    return out.sort_values(["entity_id", "entered_at", "stage"]).reset_index(drop=True)


def _view(world: Workspace, entity_type: str, journey: str) -> pd.DataFrame:
    return world.store.query(
        "SELECT * FROM stage_history WHERE entity_type = ? AND journey = ?", [entity_type, journey]
    )


def test_view_rows_equal_the_row_builder(world: Workspace) -> None:
    world.score()
    _t, persons, accounts = score_parts(world)
    ids = persons.table["person_id"].to_numpy(dtype=object)
    acc_ids = accounts.table["account_id"].to_numpy(dtype=object)
    for journey, reasons in REASONS.items():
        back = (persons.lost_at, sp.BACK_REASON) if journey == "plg" else None
        want = history(ids, journey, persons.times, reasons, back)
        got = _view(world, "person", journey)
        assert len(want) > 100
        assert journey != "plg" or (want["reason"] == sp.BACK_REASON).any()
        pd.testing.assert_frame_equal(_norm(got), _norm(want), check_dtype=False)
        # Accounts: each stage entered when the first member entered it.
        member = pd.Series(accounts.member_of).to_numpy()
        rows = want.assign(acc=member[pd.Index(ids).get_indexer(want["entity_id"])])
        rows = rows[rows["acc"] >= 0]
        times = {}
        for kind, stage in TARGETS[journey].items():
            first = rows[rows["stage"] == stage].groupby("acc")["entered_at"].min()
            arr = np.full(len(acc_ids), np.datetime64("NaT"), dtype="datetime64[us]")
            arr[first.index.to_numpy()] = first.to_numpy().astype("datetime64[us]")
            times[kind] = arr
        member_reasons = {k: "a member: " + v for k, v in reasons.items()}
        want_acc = history(acc_ids, journey, times, member_reasons)
        got_acc = _view(world, "account", journey)
        pd.testing.assert_frame_equal(_norm(got_acc), _norm(want_acc), check_dtype=False)
    skipped = world.store.query("SELECT count(*) AS n FROM stage_history WHERE skipped IS NOT NULL")
    assert skipped["n"].iloc[0] > 0
    trial = _view(world, "person", "plg")
    assert trial.loc[trial["stage"] == "trial", "trial_kind"].notna().any()
    assert set(trial["stage"]) <= set(JOURNEYS["plg"])


def test_current_stage_is_the_last_history_row(world: Workspace) -> None:
    """The views' stage_plg / stage_traditional (derived from the stage columns) are the stage
    of each entity's last history row, or the journey's first stage without one."""
    world.score()
    _t, persons, _accounts = score_parts(world)
    ids = persons.table["person_id"].to_numpy(dtype=object)
    stored = world.store.query(
        "SELECT person_id, stage_plg, stage_traditional FROM person_verdicts"
    ).set_index("person_id")
    for journey, reasons in REASONS.items():
        back = (persons.lost_at, sp.BACK_REASON) if journey == "plg" else None
        rows = history(ids, journey, persons.times, reasons, back)
        last = rows[rows["exited_at"].isna()].set_index("entity_id")["stage"]
        assert last.index.is_unique
        want = last.reindex(ids).fillna(JOURNEYS[journey][0])
        got = stored.loc[ids, f"stage_{journey}"]
        assert (got.to_numpy() == want.to_numpy()).all()
        assert got.nunique() >= 4
    accounts = world.store.query("SELECT stage_plg, route FROM account_verdicts")
    assert accounts["stage_plg"].notna().all()
    assert set(accounts["route"]) <= {"self_serve", "sales_assisted"}
