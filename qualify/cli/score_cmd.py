"""`qualify score`: compute verdicts, stages and the ledger, once or on a schedule."""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from qualify.cli.app import JsonOpt, WorkspaceOpt, app, print_json
from qualify.core.clock import naive_utc, system_clock
from qualify.errors import ConfigError
from qualify.workspace import open_workspace

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """`30s`, `5m`, `1h`, `1d` -> seconds."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd])", text.strip())
    if not m:
        raise ConfigError("--every", f"{text!r} is not a period; write e.g. 30s, 5m or 1h")
    return float(m.group(1)) * _UNITS[m.group(2)]


@app.command("score")
def score_command(
    workspace: WorkspaceOpt = Path("."),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="ISO time or 'now'; default: the latest event.")
    ] = None,
    every: Annotated[
        str | None, typer.Option("--every", help="Rescore on a schedule, e.g. 1h.")
    ] = None,
    ticks: Annotated[
        int | None, typer.Option("--ticks", help="Stop after N scheduled runs.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="Score with this model version (e.g. v2), no shadow."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score every person and account as of a time (hysteresis, stages, ledger)."""
    period = parse_every(every) if every else None
    done = 0
    while True:
        with open_workspace(workspace) as ws:
            when = _tick_time(ws.store.event_time_range()[1], as_of, scheduled=period is not None)
            options = {} if model is None else {"model": model}
            summary = ws.score(as_of=when, report=_progress, recorded_at=system_clock(), **options)
        out = summary.to_json()
        if as_json:
            print_json(out)
        else:
            rescore = " (config changed: full rescore)" if summary.full_rescore else ""
            sys.stdout.write(
                f"scored {out['people']:,} people, {out['accounts']:,} accounts as of "
                f"{out['as_of']}: {out['pqls']} PQLs, {out['pqas']} PQAs, "
                f"{out['ledger_rows']} ledger rows{rescore}\n"
            )
        sys.stdout.flush()
        done += 1
        if period is None or (ticks is not None and done >= ticks):
            return
        time.sleep(period)


def _tick_time(
    latest: dt.datetime | None, as_of: str | None, *, scheduled: bool
) -> dt.datetime | str | None:
    # On a schedule, score as of max(latest event, wall clock) so decay can take people out of
    # PQL with no new events; once, the latest event unless --as-of says otherwise.
    if as_of == "now":
        return system_clock()
    if as_of is not None:
        return as_of
    if scheduled:
        now = naive_utc(system_clock())
        return max(now, latest) if latest is not None else now
    return None


def _progress(stage: str) -> None:
    sys.stderr.write(f"score: {stage}...\n")
