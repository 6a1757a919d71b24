"""Commands: read_cmds (filled in by its module owner)."""

from __future__ import annotations
