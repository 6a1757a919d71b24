"""Streaming output: Segment JSONL lines, or a directory of Parquet part files."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, Protocol

import msgspec
import pyarrow as pa
import pyarrow.parquet as pq

from qualify.errors import SimulationError
from qualify.simulate.calls import Call, to_segment

PARQUET_SCHEMA = pa.schema(
    [
        pa.field("type", pa.string()),
        pa.field("messageId", pa.string()),
        pa.field("timestamp", pa.timestamp("us", tz="UTC")),
        pa.field("userId", pa.string()),
        pa.field("anonymousId", pa.string()),
        pa.field("groupId", pa.string()),
        pa.field("event", pa.string()),
        pa.field("previousId", pa.string()),
        pa.field("properties", pa.string()),
        pa.field("traits", pa.string()),
    ]
)
ROWS_PER_PART = 100_000
_COLUMNS = PARQUET_SCHEMA.names
_PAYLOAD_OF = {"track": "properties", "page": "properties", "identify": "traits", "group": "traits"}


class Sink(Protocol):
    def write(self, calls: list[Call], message_ids: list[str]) -> None: ...

    def close(self) -> None: ...


def output_format(path: Path) -> str:
    """`jsonl` or `parquet`, from the suffix; anything else is an error naming the fix."""
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".parquet"):
        raise SimulationError(f"--out must end in .jsonl or .parquet, not {path.name!r}")
    return suffix[1:]


def open_sink(path: Path) -> Sink:
    """A sink for the path's format; a Parquet directory loses its old part files first."""
    if output_format(path) == "jsonl":
        return JsonlSink(path)
    return ParquetSink(path)


class JsonlSink:
    """One Segment call per line; msgspec keeps the key order, so output is byte-stable."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[bytes] = path.open("wb")
        self._encoder = msgspec.json.Encoder()

    def write(self, calls: list[Call], message_ids: list[str]) -> None:
        objects = [to_segment(call, mid) for call, mid in zip(calls, message_ids, strict=True)]
        self._file.write(self._encoder.encode_lines(objects))

    def close(self) -> None:
        self._file.close()


class ParquetSink:
    """Column buffers flushed to `part-NNNNN.parquet` every ROWS_PER_PART rows."""

    def __init__(self, path: Path) -> None:
        if path.exists() and not path.is_dir():
            raise SimulationError(f"--out {path} is a file; a .parquet output is a directory")
        path.mkdir(parents=True, exist_ok=True)
        for old in path.glob("part-*.parquet"):
            old.unlink()
        self._dir = path
        self._parts = 0
        self._encoder = msgspec.json.Encoder()
        self._columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}

    def write(self, calls: list[Call], message_ids: list[str]) -> None:
        col = self._columns
        encode = self._encoder.encode
        for call, mid in zip(calls, message_ids, strict=True):
            payload = None if call.payload is None else encode(call.payload).decode()
            slot = _PAYLOAD_OF.get(call.type)
            col["type"].append(call.type)
            col["messageId"].append(mid)
            col["timestamp"].append(call.ts * 1_000_000)
            col["userId"].append(call.user_id)
            col["anonymousId"].append(call.anon_id)
            col["groupId"].append(call.group_id)
            col["event"].append(call.event)
            col["previousId"].append(call.previous_id)
            col["properties"].append(payload if slot == "properties" else None)
            col["traits"].append(payload if slot == "traits" else None)
        if len(col["type"]) >= ROWS_PER_PART:
            self._flush()

    def _flush(self) -> None:
        if not self._columns["type"]:
            return
        arrays = [pa.array(self._columns[field.name], type=field.type) for field in PARQUET_SCHEMA]
        table = pa.Table.from_arrays(arrays, schema=PARQUET_SCHEMA)
        pq.write_table(table, self._dir / f"part-{self._parts:05d}.parquet")
        self._parts += 1
        self._columns = {name: [] for name in _COLUMNS}

    def close(self) -> None:
        self._flush()
