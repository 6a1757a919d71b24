"""Commands: init, ingest, status."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from qualify.cli.app import JsonOpt, WorkspaceOpt, app, print_json
from qualify.cli.progress import byte_progress
from qualify.ingest.readers import file_size
from qualify.workspace import init_workspace, open_workspace

err = Console(stderr=True, soft_wrap=True)


@app.command("init")
def init_cmd(
    folder: Annotated[Path, typer.Argument(help="Folder to make a workspace of.")] = Path("."),
    force: Annotated[bool, typer.Option(help="Overwrite an existing qualify.yaml.")] = False,
) -> None:
    """Write a commented starter qualify.yaml into FOLDER."""
    target = init_workspace(folder, force=force)
    typer.echo(f"wrote {target}; edit it, then `qualify ingest --workspace {folder} FILE...`")


@app.command("ingest")
def ingest_cmd(
    files: Annotated[list[Path], typer.Argument(help="Segment JSONL, CSV or Parquet files.")],
    mapping: Annotated[
        Path | None, typer.Option(help="YAML mapping that turns a table's rows into events.")
    ] = None,
    workspace: WorkspaceOpt = Path("."),
    json_out: JsonOpt = False,
) -> None:
    """Ingest event files; re-ingesting a file adds nothing, bad records are named."""
    with open_workspace(workspace) as ws:
        total = sum(file_size(f) for f in files if f.exists())
        with byte_progress(total, "ingest", enabled=not json_out) as tick:
            report = ws.ingest(files, mapping=mapping, progress=tick)
    if json_out:
        print_json(report.to_json())
    else:
        for rejection in report.rejected:
            err.print(f"[red]rejected[/red] {rejection}", highlight=False, markup=True)
        typer.echo(
            f"read {report.read:,} records: {report.inserted:,} new events, "
            f"{report.duplicates:,} already stored, {len(report.rejected):,} rejected"
        )
    if report.rejected and report.inserted == 0 and report.duplicates == 0:
        sys.exit(1)


@app.command("status")
def status_cmd(workspace: WorkspaceOpt = Path("."), json_out: JsonOpt = False) -> None:
    """What the workspace holds: events, people, accounts, identities, rejections."""
    with open_workspace(workspace) as ws:
        status = ws.status()
    if json_out:
        print_json(status)
        return
    for key, value in status.items():
        shown = f"{value:,}" if isinstance(value, int) else value
        typer.echo(f"{key:>20}  {shown}")
