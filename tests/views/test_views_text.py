"""The text renderers' edge cases: failed gates, disqualifiers, missing values."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from qualify.views.text import render_accounts, render_leads, verdict_lines


def text_of(renderable: Any) -> str:
    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


def entity(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "activation": {"share": 1.0, "discovered": ["A", "B"], "missing": []},
        "fit": {
            "score": 30.0,
            "passed": False,
            "rules": [],
            "gates_failed": ["Work email"],
            "disqualifiers": [{"code": "student", "reason": "role is Student"}],
        },
        "intent": {"score": None, "signals": []},
        "readiness": None,
        "distance": [{"text": "fit: pass Work email"}, {"text": "intent: 10 more points"}],
        "route": None,
        "route_reason": None,
    }
    return base | over


def test_verdict_lines_name_gates_disqualifiers_and_every_step() -> None:
    lines = [line.plain for line in verdict_lines(entity())]
    assert lines[0] == "Activated: 2 of 2 key features (100%)"
    assert lines[1] == (
        "Fits ICP: 30/100 (does not fit); required rule failed: Work email; "
        "disqualified (student): role is Student"
    )
    assert lines[2] == "Intent: –/100"
    assert lines[3] == "Readiness: –/100"
    assert lines[4] == "Distance to qualify: fit: pass Work email; intent: 10 more points"
    assert lines[5] == "Route: – — no reason"


def test_missing_features_are_joined_in_english() -> None:
    act = {"share": 0.25, "discovered": ["A"], "missing": ["B", "C", "D"]}
    line = verdict_lines(entity(activation=act))[0].plain
    assert line == "Activated: 1 of 4 key features (25%); missing B, C and D"


def test_empty_tables_render() -> None:
    assert "0 leads" in text_of(render_leads([]))
    assert "0 accounts" in text_of(render_accounts([]))
