"""Model versions kept in the workspace store: table `models` (version, number, created_at,
status, metadata JSON, model BLOB).

A version's status is `active` (scores people), `shadow` (scores beside the active one, for
comparison) or `inactive`. At most one version holds each of active and shadow. The BLOB is
a pickle of the fitted scorer and the config it was trained with; a workspace is trusted
local data, so load models only from workspaces you trust.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qualify.core.clock import naive_utc
from qualify.errors import NotFound
from qualify.store import Store

AUTO = "auto"
"""As a version argument: whichever version holds the role (active or shadow) now."""

__all__ = [
    "AUTO",
    "STATUSES",
    "TABLE",
    "ModelVersion",
    "current",
    "list_versions",
    "load_model",
    "save_model",
    "set_status",
]

TABLE = "models"
STATUSES = ("active", "shadow", "inactive")


@dataclass(frozen=True)
class ModelVersion:
    """One stored version, without its bytes."""

    version: str
    number: int
    created_at: dt.datetime
    status: str
    metadata: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "created_at": self.created_at.isoformat() + "Z",
            "status": self.status,
            "metadata": self.metadata,
        }


def _table(store: Store) -> pd.DataFrame:
    if not store.has_table(TABLE):
        return pd.DataFrame(
            columns=["version", "number", "created_at", "status", "metadata", "model"]
        )
    return store.query(f"SELECT * FROM {TABLE} ORDER BY number")


def _write(store: Store, frame: pd.DataFrame) -> None:
    frame = frame.astype({"number": "int64", "status": object, "metadata": object})
    frame["model"] = frame["model"].map(bytes).astype(object)
    store.replace_table(TABLE, frame)


def save_model(
    store: Store, payload: Any, metadata: dict[str, Any], status: str, created_at: dt.datetime
) -> str:
    """Store a new version (`v1`, `v2`, ...) and return its name; `active`/`shadow` take the
    role from whichever version held it."""
    _check_status(status)
    frame = _table(store)
    number = int(frame["number"].max()) + 1 if len(frame) else 1
    version = f"v{number}"
    row = {
        "version": version,
        "number": number,
        "created_at": pd.Timestamp(naive_utc(created_at)),
        "status": "inactive",
        "metadata": json.dumps(metadata, sort_keys=True, default=str),
        "model": pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL),
    }
    frame = (
        pd.concat([frame, pd.DataFrame([row])], ignore_index=True)
        if len(frame)
        else pd.DataFrame([row])
    )
    _write(store, _assign(frame, version, status))
    return version


def _assign(frame: pd.DataFrame, version: str, status: str) -> pd.DataFrame:
    frame = frame.copy()
    if status != "inactive":
        frame.loc[frame["status"] == status, "status"] = "inactive"
    frame.loc[frame["version"] == version, "status"] = status
    return frame


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")


def set_status(store: Store, version: str, status: str) -> None:
    """Make `version` active, shadow or inactive (the previous holder of the role goes
    inactive)."""
    _check_status(status)
    frame = _table(store)
    if version not in set(frame["version"]):
        known = ", ".join(frame["version"]) or "none yet; run `qualify train`"
        raise NotFound(f"no model {version!r}; versions: {known}")
    _write(store, _assign(frame, version, status))


def _version(row: Any) -> ModelVersion:
    return ModelVersion(
        version=str(row["version"]),
        number=int(row["number"]),
        created_at=pd.Timestamp(row["created_at"]).to_pydatetime(),
        status=str(row["status"]),
        metadata=json.loads(str(row["metadata"])),
    )


def list_versions(store: Store) -> list[ModelVersion]:
    """Every stored version, oldest first."""
    return [_version(row) for _, row in _table(store).iterrows()]


def current(store: Store, status: str = "active") -> str | None:
    """The version holding `status` (active or shadow), or None."""
    held = [v.version for v in list_versions(store) if v.status == status]
    return held[0] if held else None


def load_model(store: Store, version: str) -> tuple[Any, ModelVersion]:
    """The unpickled payload of `version` and its description."""
    frame = _table(store)
    rows = frame[frame["version"] == version]
    if rows.empty:
        known = ", ".join(frame["version"]) or "none yet; run `qualify train`"
        raise NotFound(f"no model {version!r}; versions: {known}")
    row = rows.iloc[0]
    return pickle.loads(bytes(row["model"])), _version(row)
