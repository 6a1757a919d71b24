"""Readers for Segment-format JSONL, CSV and Parquet. Each yields one `Record` per input line
or row, so every rejection can name its file and line."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from qualify.errors import UnreadableFile
from qualify.ingest.mapping import Mapping

__all__ = ["Record", "file_size", "read_records"]

# Flat tables name Segment fields in camelCase or snake_case; JSON columns hold text.
ALIASES = {
    "message_id": "messageId",
    "user_id": "userId",
    "anonymous_id": "anonymousId",
    "group_id": "groupId",
    "previous_id": "previousId",
}
JSON_COLUMNS = ("properties", "traits", "context")
_decoder = msgspec.json.Decoder()


@dataclass(frozen=True, slots=True)
class Record:
    """One input line or row: its decoded call, or why it could not be decoded."""

    line: int
    raw: dict[str, Any] | None
    error: str | None
    text: str
    bytes_read: int = 0


def file_size(path: Path) -> int:
    """Bytes to read (for progress); raises UnreadableFile for a missing input."""
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*.parquet"))
    return path.stat().st_size


def read_records(path: Path, mapping: Mapping | None = None) -> Iterator[Record]:
    """Yield the records of one file, by its suffix."""
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        if mapping is not None:
            raise UnreadableFile(f"{path}: --mapping applies to CSV and Parquet tables")
        yield from _jsonl(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        yield from _rows(_csv_rows(path), mapping)
    elif suffix == ".parquet":
        yield from _rows(_parquet_rows(path), mapping)
    else:
        raise UnreadableFile(f"{path}: unknown format; use .jsonl, .csv or .parquet")


def _jsonl(path: Path) -> Iterator[Record]:
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            text = line.strip()
            if not text:
                continue
            try:
                raw = _decoder.decode(text)
            except msgspec.DecodeError as exc:
                yield Record(number, None, f"not valid JSON ({exc})", _text(text), len(line))
                continue
            if not isinstance(raw, dict):
                yield Record(number, None, "a line must hold one JSON object", _text(text))
                continue
            yield Record(number, raw, None, "", len(line))


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")[:2000]


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any], int]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            sample = fh.read(65536)
            fh.seek(0)
            reader = csv.DictReader(fh, delimiter=_sniff_delimiter(sample))
            for row in reader:
                size = sum(len(v) + 1 for v in row.values() if isinstance(v, str))
                yield reader.line_num, row, size
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not UTF-8 text ({exc})") from None


def _sniff_delimiter(sample: str) -> str:
    # Only the delimiter is sniffed: the sniffer's guesses about quoting are unreliable, and
    # exports quote the standard way.
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict[str, Any], int]]:
    import pyarrow.parquet as pq

    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    number = 0
    for part in files:
        try:
            reader = pq.ParquetFile(part)
        except Exception as exc:  # pyarrow raises several types for a bad file
            raise UnreadableFile(f"{part}: not a Parquet file ({exc})") from None
        size = part.stat().st_size
        rows = max(reader.metadata.num_rows, 1)
        for batch in reader.iter_batches(batch_size=65536):
            for row in batch.to_pylist():
                number += 1
                yield number, row, size // rows


def _rows(
    rows: Iterator[tuple[int, dict[str, Any], int]], mapping: Mapping | None
) -> Iterator[Record]:
    for number, row, size in rows:
        if mapping is not None:
            missing = sorted(c for c in mapping.columns() if c not in row)
            if missing:
                yield Record(number, None, f"mapping needs columns {missing}", str(row)[:2000])
                continue
            call = mapping.apply(row)
            if call is not None:
                yield Record(number, call, None, "", size)
            continue
        yield _flat_row(number, row, size)


def _flat_row(number: int, row: dict[str, Any], size: int) -> Record:
    call: dict[str, Any] = {}
    for key, value in row.items():
        if value is None or value == "":
            continue
        name = ALIASES.get(key, key)
        if name in JSON_COLUMNS and isinstance(value, str):
            try:
                value = _decoder.decode(value)
            except msgspec.DecodeError as exc:
                return Record(number, None, f"{name}: not valid JSON ({exc})", str(row)[:2000])
        if isinstance(value, dt.datetime):
            value = value.isoformat()
        call[name] = value
    if call.get("type") in ("page", "screen") and "event" in call and "name" not in call:
        call["name"] = call.pop("event")
    return Record(number, call, None, "", size)
