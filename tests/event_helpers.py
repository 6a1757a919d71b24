"""Builders for Segment calls in tests (a module of its own: `conftest` names clash across
test folders)."""

from __future__ import annotations

from typing import Any


def call(kind: str, ts: str, **fields: Any) -> dict[str, Any]:
    """A Segment call with a timestamp; fields use Segment's camelCase names."""
    return {"type": kind, "timestamp": ts, **fields}
