"""The Store interface and its engines. DuckDB is the zero-config default; others load lazily."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualify.store.base import Capabilities, Store

if TYPE_CHECKING:
    from qualify.store.asof import AsOf, as_of

__all__ = ["AsOf", "Capabilities", "Store", "as_of", "open_store"]


def open_store(path: Path, engine: str = "duckdb") -> Store:
    """Open (or create) the store of a workspace."""
    if engine == "duckdb":
        from qualify.store.duckdb import DuckDBStore

        return DuckDBStore(path)
    from qualify.errors import StoreError

    raise StoreError(f"unknown store engine {engine!r}; available: duckdb")


def __getattr__(name: str) -> Any:
    # ibis takes a second to import; commands that never read as-of tables skip it.
    if name in ("AsOf", "as_of"):
        from qualify.store import asof

        return getattr(asof, name)
    raise AttributeError(name)
