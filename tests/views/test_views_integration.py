"""End to end: `qualify init / simulate / ingest / score`, then the acceptance check's assertions
on `leads`, `funnel`, `explain` and `accounts`. Marked slow; skipped until the pipeline exists.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qualify.lifecycle.funnel import JOURNEYS
from qualify.workspace import open_workspace

pytestmark = pytest.mark.slow
ACCOUNTS = "400"


def qualify(*args: str) -> str:
    """Run the real command in a child process; fail with its stderr."""
    cmd = [sys.executable, "-c", "from qualify.cli import main; main()", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, f"qualify {' '.join(args)} failed:\n{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("qualify.pipeline")
    folder = tmp_path_factory.mktemp("e2e")
    events = folder / "events.jsonl"
    qualify("init", str(folder))
    qualify("simulate", "--out", str(events), "--accounts", ACCOUNTS, "--seed", "7")
    qualify("ingest", str(events), "--workspace", str(folder))
    if "score" in qualify("--help"):
        qualify("score", "--workspace", str(folder))
    else:  # `qualify score` is not registered yet: the same pipeline through the Python API
        with open_workspace(folder) as workspace:
            workspace.score()
    return folder


def read(ws: Path, *args: str) -> Any:
    return json.loads(qualify(*args, "--workspace", str(ws), "--json"))


def test_leads_meet_the_acceptance_check(ws: Path) -> None:
    leads = read(ws, "leads", "--limit", "500")
    assert isinstance(leads, list) and len(leads) >= 100
    pqls = [x for x in leads if x["is_pql"]]
    others = [x for x in leads if not x["is_pql"]]
    assert pqls and others
    assert all(x["distance"] is None for x in pqls)
    assert all(x["distance"] and all("text" in s for s in x["distance"]) for x in others)
    for x in leads:
        assert 0 <= x["activation"]["share"] <= 1
        assert isinstance(x["activation"]["missing"], list)
        for score in (x["readiness"], x["fit"]["score"], x["intent"]["score"]):
            assert 0 <= score <= 100
        assert x["route"] in {"self_serve", "sales_assisted"}
        assert x["stages"]["plg"] in JOURNEYS["plg"]
        assert x["stages"]["traditional"] in JOURNEYS["traditional"]
    keys = [(-x["readiness"], x["person_id"]) for x in leads]
    assert keys == sorted(keys)


def test_explain_returns_the_top_lead_with_history(ws: Path) -> None:
    top = read(ws, "leads", "--limit", "1")[0]
    explained = read(ws, "explain", top["person_id"])
    assert explained["person_id"] == top["person_id"]
    assert explained["history"]["plg"] and explained["history"]["traditional"]
    assert explained["fit"]["rules"]
    assert explained["ledger"]


def test_funnel_meets_the_acceptance_check(ws: Path) -> None:
    funnel = read(ws, "funnel")
    for journey, rate in (("plg", "pql_to_paid"), ("traditional", "lead_to_customer")):
        for part in (funnel[journey], funnel["accounts"][journey]):
            assert [s["name"] for s in part["stages"]] == list(JOURNEYS[journey])
            for key in ("cohort", "n", "rate", "low", "high", "complete"):
                assert all(key in c for c in part["cohorts"])
        r = funnel[journey][rate]
        assert 0 <= r["low"] <= r["rate"] <= r["high"] <= 1 and r["n"] > 0


def test_accounts_and_one_account(ws: Path) -> None:
    accounts = read(ws, "accounts")
    assert accounts
    readiness = [a["readiness"] for a in accounts]
    assert readiness == sorted(readiness, reverse=True)
    one = read(ws, "account", accounts[0]["account_id"])
    assert one["people"] and one["members"] >= len(one["people"]) > 0


def test_text_outputs_render(ws: Path) -> None:
    top = read(ws, "leads", "--limit", "1")[0]["person_id"]
    assert "Activated:" in qualify("explain", top, "--workspace", str(ws))
    assert "PQL-to-paid:" in qualify("funnel", "--workspace", str(ws))
    assert "readiness" in qualify("leads", "--workspace", str(ws), "--limit", "5")
