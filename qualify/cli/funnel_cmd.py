"""Commands: funnel_cmd (filled in by its module owner)."""

from __future__ import annotations
