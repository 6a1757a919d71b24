"""The read commands through `qualify.cli.main`: JSON, text, and errors that exit 2."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qualify.cli import main

Run = Callable[..., tuple[int, str, str]]


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run `qualify ARGS` in-process; return (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["qualify", *args])
    monkeypatch.setenv("COLUMNS", "220")  # rich wraps at 80 columns off a terminal
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def q(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    return lambda *args: run(monkeypatch, capsys, *args)


def test_leads_json_is_an_array_in_order(q: Run, workspace: Path) -> None:
    code, out, _ = q("leads", "--workspace", str(workspace), "--json")
    assert code == 0
    items = json.loads(out)
    assert [x["person_id"] for x in items] == ["p5", "p1", "p2", "p3", "p4"]


def test_leads_flags(q: Run, workspace: Path) -> None:
    _, out, _ = q("leads", "-w", str(workspace), "--json", "--pql-only")
    assert [x["person_id"] for x in json.loads(out)] == ["p5", "p1"]
    _, out, _ = q("leads", "-w", str(workspace), "--json", "--limit", "2")
    assert [x["person_id"] for x in json.loads(out)] == ["p5", "p1"]


def test_negative_limit_is_a_usage_error(q: Run, workspace: Path) -> None:
    code, _, err = q("leads", "-w", str(workspace), "--limit", "-1")
    assert code == 2
    assert "limit" in err.lower()


def test_leads_text_is_a_table(q: Run, workspace: Path) -> None:
    code, out, _ = q("leads", "-w", str(workspace))
    assert code == 0
    for text in ("person", "readiness", "what's missing", "p1", "sales-assisted", "pql / sql"):
        assert text in out
    assert "2 more key features: Reports, Invites" in out


def test_explain_json_and_text(q: Run, workspace: Path) -> None:
    code, out, _ = q("explain", "p1", "-w", str(workspace), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["person_id"] == "p1"
    assert data["history"]["plg"][0]["stage"] == "awareness"
    code, out, _ = q("explain", "p1", "-w", str(workspace))
    assert code == 0
    assert "Activated: 3 of 5 key features (60%); missing Reports and Invites" in out
    assert "Fits ICP: 75/100" in out
    # Signals with points, largest first; a zero-point signal is left out.
    assert "Intent: 52/100 — Demo request ×1 (+29.6), Pricing page ×3 (+22.4)\n" in out
    assert "Distance to qualify: none, qualified" in out
    assert "Route: sales-assisted — account has 500+ employees" in out
    assert "Product-led journey:" in out and "Traditional journey:" in out
    assert "[skipped mql]" in out


def test_accounts_and_account(q: Run, workspace: Path) -> None:
    _, out, _ = q("accounts", "-w", str(workspace), "--json", "--pqa-only")
    assert [x["account_id"] for x in json.loads(out)] == ["a1"]
    code, out, _ = q("accounts", "-w", str(workspace))
    assert code == 0 and "a3" in out
    code, out, _ = q("account", "a1", "-w", str(workspace), "--json")
    assert code == 0 and json.loads(out)["account_id"] == "a1"
    code, out, _ = q("account", "a1", "-w", str(workspace))
    assert code == 0 and "1 of 2 members are PQLs" in out


@pytest.mark.parametrize(
    "args",
    [("leads",), ("explain", "p1"), ("accounts",), ("account", "a1"), ("funnel",)],
)
def test_unscored_workspace_exits_2_naming_the_fix(
    q: Run, empty_workspace: Path, args: tuple[str, ...]
) -> None:
    code, out, err = q(*args, "-w", str(empty_workspace))
    assert code == 2
    assert "run `qualify score` first" in err
    assert out == ""


@pytest.mark.parametrize(("cmd", "ident"), [("explain", "ghost"), ("account", "acme-404")])
def test_unknown_id_exits_2_naming_it(q: Run, workspace: Path, cmd: str, ident: str) -> None:
    code, _, err = q(cmd, ident, "-w", str(workspace), "--json")
    assert code == 2
    assert ident in err


def test_not_a_workspace_exits_2(q: Run, tmp_path: Path) -> None:
    code, _, err = q("leads", "-w", str(tmp_path / "nowhere"))
    assert code == 2
    assert "qualify init" in err
