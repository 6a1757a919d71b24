"""The small interface every storage engine implements, with declared capabilities.

Tables (see docs/architecture.md): events, identities, people, accounts, memberships,
rejections, verdicts, ledger, stage_history. Domain code never reads `events` directly: it
goes through `qualify.store.asof.as_of`, which filters everything to a time.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from qualify.config import TypedColumn

__all__ = ["Capabilities", "IngestCounts", "Store"]


@dataclass(frozen=True)
class Capabilities:
    """What an engine can do; tests and callers skip on these, never on an engine's name."""

    embedded: bool
    concurrent_writers: bool
    arrow_insert: bool
    json_extract: bool


@dataclass(frozen=True)
class IngestCounts:
    offered: int
    inserted: int


class Store(abc.ABC):
    """One workspace's tables behind one engine."""

    capabilities: Capabilities

    @abc.abstractmethod
    def ensure_typed_columns(self, columns: Sequence[TypedColumn]) -> list[str]:
        """Add (and backfill from JSON) the typed columns the config reads; return new ones."""

    @abc.abstractmethod
    def insert_events(self, batch: pa.Table, typed: Sequence[TypedColumn]) -> IngestCounts:
        """Insert a batch of raw events, skipping every message id already stored."""

    @abc.abstractmethod
    def insert_rejections(self, batch: pa.Table) -> int:
        """Record rejected records (source, line, reason, raw); idempotent per record."""

    @abc.abstractmethod
    def refresh_entities(self) -> None:
        """Rebuild the identities, memberships, people and accounts caches from events."""

    @abc.abstractmethod
    def ibis(self) -> Any:
        """The ibis backend over this store (for `as_of` and the feature expressions)."""

    @abc.abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run read-only SQL; for status and reads of derived tables."""

    @abc.abstractmethod
    def replace_table(self, name: str, frame: pd.DataFrame | pa.Table) -> None:
        """Replace a derived table (verdicts, stage_history, ...) whole."""

    @abc.abstractmethod
    def replace_view(self, name: str, sql: str) -> None:
        """Make `name` a view of `sql` (replacing a table or view of that name)."""

    def replace_tables(self, tables: dict[str, pd.DataFrame | pa.Table]) -> None:
        """Replace several derived tables whole, all at once: readers see all the new ones or
        all the old ones (an engine may write them side by side, or keep them as files
        behind views of the same names, as the DuckDB store does)."""
        self.start_replace(tables)()

    def start_replace(self, tables: dict[str, pd.DataFrame | pa.Table]) -> Callable[[], None]:
        """Begin replacing derived tables (as `replace_tables`); the returned function waits
        until they are written and published (and raises a write's error, leaving the old
        ones). An engine may write in the background meanwhile."""
        for name, frame in tables.items():
            self.replace_table(name, frame)
        return lambda: None

    @abc.abstractmethod
    def append_table(self, name: str, frame: pd.DataFrame | pa.Table) -> None:
        """Append rows to a derived, append-only table (the ledger)."""

    @abc.abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement over derived tables (the ledger's bookkeeping)."""

    @abc.abstractmethod
    def append_query(self, name: str, sql: str, params: Sequence[Any] = ()) -> None:
        """Append a query's rows to `name` by column name, creating the table or adding the
        columns it lacks (an append-only table outlives code versions)."""

    @abc.abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all."""

    @abc.abstractmethod
    def has_table(self, name: str) -> bool: ...

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None: ...

    @abc.abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    @abc.abstractmethod
    def event_time_range(self) -> tuple[dt.datetime | None, dt.datetime | None]: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
