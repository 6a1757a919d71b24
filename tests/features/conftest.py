"""A small simulated world, ingested once for the feature and detail tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualify.workspace import Workspace, open_workspace

QUALIFY = str(Path(sys.executable).with_name("qualify"))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    base = tmp_path_factory.mktemp("world")
    ws, sim = base / "ws", base / "sim.jsonl"
    subprocess.run([QUALIFY, "init", str(ws)], check=True, capture_output=True)
    subprocess.run(
        [QUALIFY, "simulate", "--accounts", "60", "--seed", "3", "--out", str(sim)],
        check=True,
        capture_output=True,
    )
    subprocess.run([QUALIFY, "ingest", "-w", str(ws), str(sim)], check=True, capture_output=True)
    with open_workspace(ws) as w:
        yield w
