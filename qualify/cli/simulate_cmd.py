"""Commands: simulate_cmd (filled in by its module owner)."""

from __future__ import annotations
