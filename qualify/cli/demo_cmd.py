"""Command: demo. Simulate a world, ingest it, score it, show the PQLs and both funnels."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.rule import Rule
from rich.text import Text

from qualify.cli.app import app
from qualify.cli.progress import byte_progress, count_progress
from qualify.ingest.readers import file_size
from qualify.simulate import simulate
from qualify.views.funnel_text import render_funnel
from qualify.views.summary import verdict_counts
from qualify.views.text import verdict_lines
from qualify.workspace import STORE_NAME, Workspace, init_workspace, open_workspace

EVENTS_NAME = "events.parquet"
# Only these are removed on a re-run, so a demo folder pointed at the wrong place loses nothing
# but files the demo itself writes.
_OWN_FILES = (STORE_NAME, STORE_NAME + ".wal")


@app.command("demo")
def demo_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the demo workspace.")] = Path(
        "qualify-demo"
    ),
    accounts: Annotated[int, typer.Option("--accounts", "-n", min=1, help="Accounts.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Same seed, same world.")] = 7,
    top: Annotated[int, typer.Option("--top", min=0, help="PQLs to explain.")] = 5,
) -> None:
    """Simulate about 2,000 accounts, ingest and score them, then show top PQLs and funnels."""
    began = time.perf_counter()
    err = Console(stderr=True)
    prepare_folder(out)
    events = out / EVENTS_NAME
    with count_progress(accounts, "simulate") as advance:
        simulate(events, accounts=accounts, seed=seed, progress=_ticker(advance))
    with open_workspace(out) as ws:
        with byte_progress(file_size(events), "ingest") as tick:
            ws.ingest([events], progress=tick)
        with err.status("scoring people and accounts"):
            ws.score()
        _show(ws, top, out, time.perf_counter() - began)


def prepare_folder(out: Path) -> None:
    """A fresh demo workspace in `out`: a starter config, no store, ready to re-run into."""
    out.mkdir(parents=True, exist_ok=True)
    for name in _OWN_FILES:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / EVENTS_NAME, ignore_errors=True)
    init_workspace(out, force=True)


def _ticker(advance: Callable[[int], None]) -> Callable[[int, int], None]:
    # simulate reports totals so far; the bar wants steps.
    done = 0

    def tick(accounts_done: int, _events: int) -> None:
        nonlocal done
        advance(accounts_done - done)
        done = accounts_done

    return tick


def _show(ws: Workspace, top: int, out: Path, seconds: float) -> None:
    console = Console()
    counts = verdict_counts(ws.store)
    console.print(
        Text(
            f"Scored {counts['people']:,} people ({counts['pqls']:,} PQLs) and "
            f"{counts['accounts']:,} accounts ({counts['pqas']:,} PQAs) as of {counts['as_of']} "
            f"in {seconds:.0f} s.",
            style="bold",
        )
    )
    for lead in ws.leads(limit=top, pql_only=True):
        person = ws.explain(lead["person_id"])
        head = Text(f"{person['person_id']} (account {person['account_id']})", style="bold")
        console.print(Rule(style="dim"), Group(head, *verdict_lines(person)))
    console.print(Rule(style="dim"), render_funnel(ws.funnel(), cohorts=False))
    console.print(
        Text(
            f"\nExplore: qualify leads -w {out} · qualify explain PERSON -w {out} · "
            f"qualify accounts -w {out} · qualify funnel -w {out}",
            style="dim",
        )
    )
