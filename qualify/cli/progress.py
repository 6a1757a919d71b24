"""Progress bars for long commands: counts and rate, on stderr."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)


@contextmanager
def byte_progress(
    total: int, label: str, *, enabled: bool = True
) -> Iterator[Callable[[int, int], None]]:
    """A bar over bytes read, with the count of records and the rate."""
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[records]:,} records"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )
    with progress:
        task = progress.add_task(label, total=max(total, 1), records=0)

        def tick(done: int, records: int) -> None:
            progress.update(task, completed=done, records=records)

        yield tick


@contextmanager
def count_progress(
    total: int, label: str, *, enabled: bool = True
) -> Iterator[Callable[[int], None]]:
    """A bar over a known count of items (M of N and elapsed time)."""
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not enabled,
    )
    with progress:
        task = progress.add_task(label, total=max(total, 1))

        def advance(step: int = 1) -> None:
            progress.advance(task, step)

        yield advance
