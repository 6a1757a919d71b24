"""`qualify evaluate`: score a table of historical leads honestly, out of fold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from qualify.cli.app import JsonOpt, app, print_json

LabelOpt = Annotated[str, typer.Option("--label", help="The outcome column.")]
PositiveOpt = Annotated[
    str, typer.Option("--positive", help="Raw text of a positive label cell (yes, TRUE, 1).")
]
IdOpt = Annotated[list[str] | None, typer.Option("--id", help="Id column (never a feature).")]
TimeOpt = Annotated[
    str | None, typer.Option("--time", help="Date column: folds go forward in time.")
]
KeepOpt = Annotated[list[str] | None, typer.Option("--keep", help="Keep a flagged column.")]
DropOpt = Annotated[list[str] | None, typer.Option("--drop", help="Column to leave out.")]
ReportOpt = Annotated[
    Path | None, typer.Option("--report", help="Write an offline HTML report here.")
]


@app.command("evaluate")
def evaluate(
    table: Annotated[Path, typer.Argument(help="CSV (any delimiter) or Parquet of past leads.")],
    label: LabelOpt,
    positive: PositiveOpt = "1",
    id_column: IdOpt = None,
    time: TimeOpt = None,
    keep: KeepOpt = None,
    drop: DropOpt = None,
    json_out: JsonOpt = False,
    report: ReportOpt = None,
) -> None:
    """Cross-validate scorers on TABLE, flag outcome leakage, and report honest metrics."""
    from qualify.scoring.evaluate import evaluate_table
    from qualify.scoring.evaluate.report import write_report

    with _StderrProgress() as progress:
        result = evaluate_table(
            table, label=label, positive=positive, id_columns=id_column or (),
            time_column=time, keep=keep or (), drop=drop or (), progress=progress,
        )  # fmt: skip
    if report is not None:
        write_report(result, report)
    if json_out:
        print_json(result.to_json())
    else:
        print_summary(result.to_json(), report)


class _StderrProgress:
    """One rich progress bar per step ("lightgbm: fold k of 5"), drawn on stderr."""

    def __init__(self) -> None:
        self._progress = Progress(console=Console(stderr=True), transient=True)
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _StderrProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, task: str, done: int, total: int) -> None:
        if task not in self._tasks:
            self._tasks[task] = self._progress.add_task(task, total=total)
        self._progress.update(self._tasks[task], completed=done, total=total,
                              description=f"{task}: fold {done} of {total}")  # fmt: skip


def print_summary(doc: dict[str, Any], report: Path | None) -> None:
    """The readable summary on stdout."""
    console = Console()
    head = Table(title=f"qualify evaluate: {doc['label']} ({doc['n_rows']} rows)")
    head.add_column("metric")
    head.add_column("value", justify="right")
    for key in ("auc", "auc_with_flagged", "pr_auc", "log_loss", "brier", "ece",
                "lift_top_decile", "base_rate"):  # fmt: skip
        head.add_row(key, _num(doc[key]))
    head.add_row("model", f"{doc['model']} ({doc['calibration']['method']} calibrated)")
    for name, value in doc["baselines"].items():
        head.add_row(f"baseline {name}", _num(value))
    console.print(head)
    if doc["leakage"]:
        leaks = Table(title="Outcome leakage (excluded from auc)")
        for column in ("column", "auc alone", "reason"):
            leaks.add_column(column)
        for leak in doc["leakage"]:
            leaks.add_row(leak["column"], _num(leak["auc"]), leak["reason"])
        console.print(leaks)
    for item in doc["placeholders"]:
        console.print(f"placeholder {item['value']!r} read as missing ({item['count']} cells)")
    if report is not None:
        console.print(f"report written to {report}")


def _num(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)
