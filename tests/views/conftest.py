"""Fixtures over the hand-built tables of `views_tables` (a unique name, safe to import)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from views_tables import fill_store

from qualify.store import Store, open_store
from qualify.workspace import STORE_NAME, init_workspace


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(tmp_path / "q.duckdb")
    fill_store(st)
    yield st
    st.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace folder whose store holds the hand-built tables (closed, ready for the CLI)."""
    folder = tmp_path / "ws"
    init_workspace(folder)
    with open_store(folder / STORE_NAME) as st:
        fill_store(st)
    return folder


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    init_workspace(folder)
    return folder
