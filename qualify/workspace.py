"""A workspace: a folder with `qualify.yaml` and its embedded store `qualify.duckdb`."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from qualify.config import Config, config_hash, load_config
from qualify.core.clock import Clock, iso, system_clock
from qualify.errors import WorkspaceError
from qualify.ingest import IngestReport, ingest_files, load_mapping
from qualify.ingest.run import Progress
from qualify.store import Store, open_store

__all__ = ["CONFIG_NAME", "STORE_NAME", "Workspace", "init_workspace", "open_workspace"]

CONFIG_NAME = "qualify.yaml"
STORE_NAME = "qualify.duckdb"


def init_workspace(folder: Path, *, force: bool = False) -> Path:
    """Write a commented starter config into `folder`; refuse to overwrite one."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / CONFIG_NAME
    if target.exists() and not force:
        raise WorkspaceError(f"{target} exists; pass --force to overwrite it")
    template = resources.files("qualify") / "templates" / CONFIG_NAME
    with resources.as_file(template) as src:
        shutil.copyfile(src, target)
    return target


def open_workspace(folder: Path | str, *, clock: Clock = system_clock) -> Workspace:
    """Open an existing workspace folder."""
    path = Path(folder)
    if not (path / CONFIG_NAME).exists():
        raise WorkspaceError(
            f"{path.resolve()} is not a workspace (no {CONFIG_NAME}); run `qualify init {path}`"
        )
    return Workspace(path, clock=clock)


class Workspace:
    """The Python API over one workspace folder."""

    def __init__(self, path: Path, *, clock: Clock = system_clock) -> None:
        self.path = path
        self.clock = clock
        self.config: Config = load_config(path / CONFIG_NAME)
        self.config_hash = config_hash(self.config)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.path / STORE_NAME)
            self._store.ensure_typed_columns(self.config.typed_columns())
        return self._store

    def ingest(
        self,
        paths: Sequence[Path | str],
        *,
        mapping: Path | str | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest Segment JSONL, CSV or Parquet files (a mapping turns other tables into calls)."""
        spec = load_mapping(Path(mapping)) if mapping is not None else None
        return ingest_files(
            self.store,
            [Path(p) for p in paths],
            self.config.typed_columns(),
            received_at=self.clock(),
            mapping=spec,
            progress=progress,
        )

    def score(self, as_of: dt.datetime | str | None = None, **options: Any) -> Any:
        """Compute verdicts, stages and the ledger as of a time (default: the latest event)."""
        from qualify.pipeline import score

        # The ledger orders rows by when they were recorded: the workspace's clock, not as_of.
        options.setdefault("recorded_at", self.clock())
        return score(self.store, self.config, self.config_hash, as_of=as_of, **options)

    def leads(self, limit: int = 50, pql_only: bool = False) -> list[dict[str, Any]]:
        """Identified people by readiness, then person_id."""
        from qualify.views import leads

        return leads(self.store, limit=limit, pql_only=pql_only)

    def explain(self, person_id: str) -> dict[str, Any]:
        """One person's verdict with every reason and the stage history."""
        from qualify.views import explain

        return explain(self.store, person_id)

    def accounts(self, limit: int = 50, pqa_only: bool = False) -> list[dict[str, Any]]:
        """Accounts by readiness."""
        from qualify.views import accounts

        return accounts(self.store, limit=limit, pqa_only=pqa_only)

    def account(self, account_id: str) -> dict[str, Any]:
        """One account's roll-up verdict, members and stage history."""
        from qualify.views import account

        return account(self.store, account_id)

    def funnel(self) -> dict[str, Any]:
        """Both journeys' funnels with Wilson intervals and cohorts."""
        from qualify.lifecycle.funnel import funnel

        return funnel(self.store, self.config)

    def status(self) -> dict[str, Any]:
        """Counts of what the workspace holds."""
        store = self.store
        row = store.query(
            """SELECT (SELECT count(*) FROM events) AS events,
                      (SELECT count(*) FROM people) AS people,
                      (SELECT count(*) FROM accounts) AS accounts,
                      (SELECT count(*) FROM identities) AS identities,
                      (SELECT count(DISTINCT anonymous_id) FROM events e WHERE user_id IS NULL
                         AND anonymous_id NOT IN (SELECT anonymous_id FROM identities))
                         AS anonymous_visitors,
                      (SELECT count(*) FROM rejections) AS rejected"""
        ).iloc[0]
        first, last = store.event_time_range()
        out: dict[str, Any] = {k: int(row[k]) for k in row.index}
        out |= {
            "first_event": _iso_or_none(first),
            "last_event": _iso_or_none(last),
            "config_hash": self.config_hash,
            "workspace": str(self.path.resolve()),
            "scored_as_of": store.get_meta("scored_as_of"),
        }
        return out

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _iso_or_none(value: dt.datetime | None) -> str | None:
    return None if value is None else iso(value)
