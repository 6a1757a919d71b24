"""Ingest files into a store: validate every call, keep the good ones, name the bad ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import pyarrow as pa

from qualify.config import TypedColumn
from qualify.core.clock import naive_utc
from qualify.core.events import Event, parse_event
from qualify.errors import InvalidEvent
from qualify.ingest.mapping import Mapping
from qualify.ingest.readers import Record, file_size, read_records
from qualify.store.base import Store

__all__ = ["IngestReport", "Progress", "Rejection", "ingest_files", "ingest_records"]

BATCH_ROWS = 250_000
Progress = Callable[[int, int], None]
"""Called with (bytes read so far, events read so far)."""

_encode = msgspec.json.Encoder().encode


@dataclass(frozen=True)
class Rejection:
    source: str
    line: int
    reason: str
    raw: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass
class IngestReport:
    read: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "read": self.read,
            "inserted": self.inserted,
            "duplicates": self.duplicates,
            "rejected": len(self.rejected),
            "rejections": [
                {"source": r.source, "line": r.line, "reason": r.reason} for r in self.rejected
            ],
        }


class _Batch:
    """Columns of accepted events, flushed to the store as one Arrow table."""

    def __init__(self) -> None:
        self.rows: list[Event] = []
        self.sources: list[str] = []

    def add(self, event: Event, source: str) -> None:
        self.rows.append(event)
        self.sources.append(source)

    def table(self, received_at: dt.datetime) -> pa.Table:
        rows = self.rows
        return pa.table(
            {
                "seq": pa.array(range(len(rows)), pa.int64()),
                "message_id": [e.message_id for e in rows],
                "type": [e.type for e in rows],
                "event": pa.array([e.event for e in rows], pa.string()),
                "user_id": pa.array([e.user_id for e in rows], pa.string()),
                "anonymous_id": pa.array([e.anonymous_id for e in rows], pa.string()),
                "group_id": pa.array([e.group_id for e in rows], pa.string()),
                "previous_id": pa.array([e.previous_id for e in rows], pa.string()),
                "timestamp": pa.array([e.timestamp for e in rows], pa.timestamp("us")),
                "received_at": pa.array([received_at] * len(rows), pa.timestamp("us")),
                "properties": [_json(e.properties) for e in rows],
                "traits": [_json(e.traits) for e in rows],
                "context": [_json(e.context) for e in rows],
                "source": self.sources,
            }
        )


def _json(value: dict[str, Any]) -> str | None:
    return _encode(value).decode() if value else None


def ingest_records(
    store: Store,
    records: Iterable[tuple[str, Record]],
    typed: Sequence[TypedColumn],
    received_at: dt.datetime,
    progress: Progress | None = None,
) -> IngestReport:
    """Validate and store (source, record) pairs. Good records are kept whatever the bad ones."""
    report = IngestReport()
    batch = _Batch()
    done_bytes = 0
    received = naive_utc(received_at)
    for source, record in records:
        report.read += 1
        done_bytes += record.bytes_read
        event = _accept(record, source, report)
        if event is not None:
            batch.add(event, source)
        if len(batch.rows) >= BATCH_ROWS:
            _flush(store, batch, typed, received, report)
            batch = _Batch()
        if progress is not None and report.read % 5000 == 0:
            progress(done_bytes, report.read)
    _flush(store, batch, typed, received, report)
    _store_rejections(store, report.rejected, received)
    store.refresh_entities()
    if progress is not None:
        progress(done_bytes, report.read)
    return report


def _accept(record: Record, source: str, report: IngestReport) -> Event | None:
    if record.error is not None:
        report.rejected.append(Rejection(source, record.line, record.error, record.text))
        return None
    try:
        return parse_event(record.raw)
    except InvalidEvent as exc:
        raw = _encode(record.raw).decode()[:2000]
        report.rejected.append(Rejection(source, record.line, str(exc), raw))
        return None


def _flush(
    store: Store,
    batch: _Batch,
    typed: Sequence[TypedColumn],
    received: dt.datetime,
    report: IngestReport,
) -> None:
    if not batch.rows:
        return
    counts = store.insert_events(batch.table(received), typed)
    report.inserted += counts.inserted
    report.duplicates += counts.offered - counts.inserted


def _store_rejections(store: Store, rejected: list[Rejection], received: dt.datetime) -> None:
    if not rejected:
        return
    table = pa.table(
        {
            "source": [r.source for r in rejected],
            "line": pa.array([r.line for r in rejected], pa.int64()),
            "reason": [r.reason for r in rejected],
            "raw": [r.raw for r in rejected],
            "received_at": pa.array([received] * len(rejected), pa.timestamp("us")),
        }
    )
    store.insert_rejections(table)


def ingest_files(
    store: Store,
    paths: Sequence[Path],
    typed: Sequence[TypedColumn],
    received_at: dt.datetime,
    mapping: Mapping | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every file; a file that cannot be read at all raises before anything is stored."""
    for path in paths:
        file_size(path)  # raises on a missing file before any row is written
    store.ensure_typed_columns(typed)

    def records() -> Iterable[tuple[str, Record]]:
        for path in paths:
            for record in read_records(path, mapping):
                yield str(path), record

    report = ingest_records(store, records(), typed, received_at, progress)
    report.files = [str(p) for p in paths]
    return report
