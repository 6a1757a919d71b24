"""Commands: train, models, activate, shadow, backtest."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from qualify.cli.app import JsonOpt, WorkspaceOpt, app, print_json
from qualify.config import load_config
from qualify.core.clock import parse_time
from qualify.scoring.learned import registry
from qualify.scoring.learned.backtest import backtest
from qualify.scoring.learned.train import TrainOptions, train
from qualify.workspace import Workspace, open_workspace

Days = Annotated[
    int | None,
    typer.Option(
        "--days", help="Label window N: customer within N days (models.label_window_days)."
    ),
]


@app.command("train")
def train_cmd(
    workspace: WorkspaceOpt = Path("."),
    days: Days = None,
    delay: Annotated[
        int | None, typer.Option(help="Score each lead this many days after it starts.")
    ] = None,
    min_leads: Annotated[
        int | None, typer.Option(help="Cold start: fewest complete leads.")
    ] = None,
    min_conversions: Annotated[
        int | None, typer.Option(help="Cold start: fewest conversions.")
    ] = None,
    calibration: Annotated[str | None, typer.Option(help="sigmoid (Platt) or isotonic.")] = None,
    no_activate: Annotated[bool, typer.Option("--no-activate", help="Store it inactive.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Learn P(customer within N days) and store it as a new version; it is activated only if
    it beats the rules and naive Bayes on later, held-out leads."""
    with open_workspace(workspace) as ws:
        mc = ws.config.models
        options = TrainOptions(
            horizon_days=days or mc.label_window_days,
            delay_days=mc.scoring_delay_days if delay is None else delay,
            min_leads=min_leads or mc.min_leads,
            min_conversions=min_conversions or mc.min_conversions,
            calibration=calibration or mc.calibration,
            valid_share=mc.valid_share,
            test_share=mc.test_share,
            min_gain=mc.min_auc_gain,
            seed=mc.seed,
        )
        result = train(
            ws.store, ws.config, created_at=ws.clock(), options=options, activate=not no_activate
        )
        if result.status == "active":
            _rescore(ws)
    if as_json:
        print_json(result.to_json())
        return
    m = result.metrics
    typer.echo(
        f"{result.version} ({result.chosen}) is {result.status}: {result.reason}\n"
        f"test AUC  model {m['model']['auc']:.3f}  rules {m['rules']['auc']:.3f}  "
        f"naive Bayes {m['naive_bayes']['auc']:.3f}; ECE {m['model_uncalibrated']['ece']:.3f} "
        f"-> {m['model']['ece']:.3f} calibrated"
    )


def _rescore(ws: Workspace) -> None:
    """Re-score everyone with the new active model, once the pipeline can."""
    try:
        ws.score()
    except ImportError:
        sys.stderr.write("note: no scoring pipeline yet; run `qualify score` once it exists\n")


@app.command("models")
def models_cmd(workspace: WorkspaceOpt = Path("."), as_json: JsonOpt = False) -> None:
    """List stored model versions, their status and headline metrics."""
    with open_workspace(workspace) as ws:
        versions = registry.list_versions(ws.store)
    if as_json:
        print_json([v.to_json() for v in versions])
        return
    if not versions:
        typer.echo("no models yet; run `qualify train`")
    for v in versions:
        meta = v.metadata
        auc = meta.get("metrics", {}).get("model", {}).get("auc", float("nan"))
        typer.echo(
            f"{v.version:>4}  {v.status:<8}  {v.created_at:%Y-%m-%d %H:%M}  "
            f"{meta.get('chosen', '?'):<9}  AUC {auc:.3f}  {meta.get('leads', 0):,} leads  "
            f"{meta.get('reason', '')}"
        )


def _set(workspace: Path, version: str, status: str) -> None:
    with open_workspace(workspace) as ws:
        registry.set_status(ws.store, version, status)
        typer.echo(f"{version} is now {status}")
        _rescore(ws)


@app.command("activate")
def activate_cmd(
    version: Annotated[str, typer.Argument(help="A version such as v3.")],
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Make VERSION the active model (the previous one goes inactive) and re-score."""
    _set(workspace, version, "active")


@app.command("shadow")
def shadow_cmd(
    version: Annotated[str, typer.Argument(help="A version such as v3.")],
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Score VERSION beside the active model, for comparison, without acting on it."""
    _set(workspace, version, "shadow")


@app.command("backtest")
def backtest_cmd(
    config: Annotated[Path, typer.Option("--config", help="The proposed qualify.yaml.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Past time T (default: latest with a full window)."),
    ] = None,
    days: Days = None,
    workspace: WorkspaceOpt = Path("."),
    as_json: JsonOpt = False,
) -> None:
    """Who would enter and leave PQL under a proposed config, and both configs' precision,
    recall and lift against the conversions that really followed."""
    proposed = load_config(config)
    when = parse_time(as_of) if as_of else None
    with open_workspace(workspace) as ws:
        report = backtest(
            ws.store,
            ws.config,
            proposed,
            as_of=when,
            horizon_days=days or ws.config.models.label_window_days,
        )
    if as_json:
        print_json(report)
        return
    typer.echo(_backtest_text(report))


def _backtest_text(report: dict[str, Any]) -> str:
    lines = [
        f"as of {report['as_of']}: {report['people']:,} people, {report['converted']:,} "
        f"converted within {report['horizon_days']} days"
    ]
    for name in ("current", "proposed"):
        s = report[name]
        lines.append(
            f"{name:>8}: {s['pqls']:,} PQLs  precision {s['precision']:.1%}  "
            f"recall {s['recall']:.1%}  lift {s['lift']:.2f}"
        )
    for name in ("entered", "left"):
        part = report[name]
        lines.append(f"{name:>8}: {part['count']:,} people ({part['converted']:,} converted)")
    return "\n".join(lines)
