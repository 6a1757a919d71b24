"""`qualify funnel`: the JSON document and the text chart, through `qualify.cli.main`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from funnel_tables import fill

from qualify.cli import main
from qualify.store import open_store
from qualify.views.funnel_text import format_rate
from qualify.workspace import STORE_NAME, init_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    init_workspace(tmp_path)
    with open_store(tmp_path / STORE_NAME) as st:
        fill(st)
    return tmp_path


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    monkeypatch.setattr(sys, "argv", ["qualify", *args])
    monkeypatch.setenv("COLUMNS", "200")
    main()
    return capsys.readouterr().out


def test_funnel_json(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(run(monkeypatch, capsys, "funnel", "-w", str(workspace), "--json"))
    assert data["plg"]["pql_to_paid"]["n"] == 2
    assert data["traditional"]["lead_to_customer"]["rate"] == 0.4
    assert data["accounts"]["plg"]["stages"][0] == {
        "name": "awareness", "count": 2, "conversion_to_next": 1.0, "median_days_in_stage": 0.0
    }  # fmt: skip


def test_funnel_text_is_a_chart_with_rates_and_the_fields_figures(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(monkeypatch, capsys, "funnel", "-w", str(workspace))
    for title in ("Product-led journey (people)", "Traditional journey (accounts)"):
        assert title in out
    assert "█" * 30 in out  # the widest stage fills the bar
    assert "PQL-to-paid: 50.0% (95% CI 9.5-90.5%, n=2)" in out
    assert "Lead-to-customer: 40.0% (95% CI 11.8-76.9%, n=5)" in out
    assert "the field's figure, for context only: 25-30% of PQLs convert free-to-paid" in out
    assert "2.9% average lead-to-customer rate" in out
    assert "2026-04 *" in out  # the young cohort is marked


def test_format_rate_without_data() -> None:
    assert format_rate({"rate": None, "low": None, "high": None, "n": 0}) == "no data (n=0)"
