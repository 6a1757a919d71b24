"""Stable ids for records that carry none."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

_encoder = msgspec.json.Encoder(order="sorted")


def record_hash(record: dict[str, Any]) -> str:
    """A stable message id for a record without one: the hash of its canonical JSON, so
    re-ingesting the same file adds nothing."""
    canonical = _encoder.encode(record)
    return "h:" + hashlib.blake2b(canonical, digest_size=16).hexdigest()
