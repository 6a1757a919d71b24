"""The small interface every storage engine implements, with declared capabilities.

Tables (see docs/architecture.md): events, identities, people, accounts, memberships,
rejections, verdicts, ledger, stage_history. Domain code never reads `events` directly: it
goes through `qualify.store.asof.as_of`, which filters everything to a time.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from qualify.config import TypedColumn

__all__ = ["Capabilities", "IngestCounts", "Store", "Writes"]


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


class Writes:
    """Derived tables being replaced whole: `add` more while the caller works on (an engine
    may write them in the background), then `publish` them with the views over them at once,
    where the engine can, so readers see all the new ones or all the old ones; or `abandon`
    them, which keeps the old ones where the engine can."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, tables: dict[str, pd.DataFrame | pa.Table]) -> None:
        for name, frame in tables.items():
            self._store.replace_table(name, frame)

    def publish(
        self, views: dict[str, str] | None = None, meta: dict[str, str] | None = None
    ) -> None:
        """Wait for the writes (raising the first error) and make the new tables, the views
        and the meta keys that describe them visible together."""
        for name, sql in (views or {}).items():
            self._store.replace_view(name, sql)
        for key, value in (meta or {}).items():
            self._store.set_meta(key, value)

    def abandon(self) -> None:
        """Wait for the writes and drop what publish would have shown."""


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

    def replace_tables(
        self, tables: dict[str, pd.DataFrame | pa.Table], views: dict[str, str] | None = None
    ) -> None:
        """Replace several derived tables whole, then (re)make `views` (name -> SELECT) over
        them: `start_replace(tables).publish(views)`."""
        self.start_replace(tables).publish(views)

    def start_replace(self, tables: dict[str, pd.DataFrame | pa.Table]) -> Writes:
        """Begin replacing derived tables; more can be added, then all are published at once
        (see Writes). This generic version writes each table as it is added."""
        writes = Writes(self)
        writes.add(tables)
        return writes

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
