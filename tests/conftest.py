"""Shared fixtures: workspaces, event files, and the service-skip rule.

A test that needs PostgreSQL, Java or Chromium calls `require_service(...)`: it skips with a
message saying what is missing, unless QUALIFY_REQUIRE_SERVICES=1 (CI), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qualify.workspace import Workspace, init_workspace, open_workspace

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("QUALIFY_DATA_DIR", REPO.parent / "shared" / "data"))


def require_service(name: str, available: bool, fix: str) -> None:
    """Skip (or in CI fail) a test whose service is missing."""
    if available:
        return
    message = f"{name} is not available: {fix}"
    if os.environ.get("QUALIFY_REQUIRE_SERVICES") == "1":
        pytest.fail(f"QUALIFY_REQUIRE_SERVICES=1 and {message}")
    pytest.skip(message)


def has_command(cmd: str) -> bool:
    return shutil.which(cmd) is not None


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh workspace with the starter config."""
    init_workspace(tmp_path / "ws")
    ws = open_workspace(tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    """Write calls (dicts, or raw strings for broken lines) to a JSONL file."""
    counter = iter(range(10_000))

    def write(calls: list[dict[str, Any] | str], name: str | None = None) -> Path:
        path = tmp_path / (name or f"events-{next(counter)}.jsonl")
        lines = [c if isinstance(c, str) else json.dumps(c) for c in calls]
        path.write_text("\n".join(lines) + "\n")
        return path

    return write
