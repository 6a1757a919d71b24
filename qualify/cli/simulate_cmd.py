"""`qualify simulate`: write a synthetic product-led SaaS world to JSONL or Parquet."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from qualify.cli.app import JsonOpt, app, print_json
from qualify.core.clock import parse_time
from qualify.simulate import DEFAULT_DAYS, SimulationError, SimulationSummary, simulate
from qualify.simulate.writer import output_format


@app.command("simulate")
def simulate_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="FILE.jsonl or DIR.parquet to write.")],
    accounts: Annotated[int, typer.Option("--accounts", "-n", help="How many accounts.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 0,
    start: Annotated[
        str, typer.Option("--start", help="First day, YYYY-MM-DD (UTC).")
    ] = "2026-01-01",
    days: Annotated[
        int, typer.Option("--days", help="How many days the world runs.")
    ] = DEFAULT_DAYS,
    as_json: JsonOpt = False,
) -> None:
    """Write a realistic product-led SaaS world, deterministic by seed, streamed to disk."""
    output_format(out)  # fail on a bad suffix before drawing a progress bar
    first_day = _start_day(start)
    console = Console(file=sys.stderr)
    with _progress(console) as bar:
        task = bar.add_task("simulating", total=accounts, events=0, rate=0.0)

        def tick(done: int, events: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = events / elapsed if elapsed > 0 else 0.0
            bar.update(task, completed=done, events=events, rate=rate)

        summary = simulate(
            out, accounts=accounts, seed=seed, start=first_day, days=days, progress=tick
        )
    if as_json:
        print_json(summary.as_dict())
    else:
        sys.stdout.write(_line(summary) + "\n")


def _start_day(text: str) -> dt.date:
    try:
        return parse_time(text).date()
    except ValueError:
        raise SimulationError(f"--start must be a date like 2026-01-01, not {text!r}") from None


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} accounts"),
        TextColumn("{task.fields[events]:,} events"),
        TextColumn("{task.fields[rate]:,.0f} events/s"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _line(summary: SimulationSummary) -> str:
    return (
        f"wrote {summary.events:,} events, {summary.people:,} people, "
        f"{summary.accounts:,} accounts to {summary.path} "
        f"({summary.events_per_second:,.0f} events/s)"
    )
