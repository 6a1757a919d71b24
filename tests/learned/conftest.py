"""A small simulated world, built once per session; tests that change it work on a copy."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from qualify.simulate import simulate
from qualify.workspace import Workspace, init_workspace, open_workspace


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("learned_world")
    events = root / "events.jsonl"
    simulate(events, accounts=900, seed=5, start=dt.date(2026, 1, 1), days=330)
    folder = root / "ws"
    init_workspace(folder)
    with open_workspace(folder) as ws:
        ws.ingest([events])
    return folder


@pytest.fixture
def world_copy(world: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(world, target)
    return target


@pytest.fixture
def ws(world_copy: Path) -> Workspace:
    workspace = open_workspace(world_copy)
    yield workspace  # type: ignore[misc]
    workspace.close()
