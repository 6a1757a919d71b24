"""Command: funnel."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from qualify.cli.app import JsonOpt, WorkspaceOpt, app, print_json
from qualify.views.funnel_text import render_funnel
from qualify.workspace import open_workspace


@app.command("funnel")
def funnel_cmd(workspace: WorkspaceOpt = Path("."), json_out: JsonOpt = False) -> None:
    """Both journeys' funnels: stage counts, conversions, cohorts, 95% Wilson intervals."""
    with open_workspace(workspace) as ws:
        data = ws.funnel()
    if json_out:
        print_json(data)
    else:
        Console().print(render_funnel(data))
