"""Hand-made worlds for the scoring tests (a unique module name, safe to import)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from event_helpers import call

import qualify
from qualify.config import Config, load_config
from qualify.workspace import Workspace

_ids = itertools.count()
T0 = dt.datetime(2026, 3, 1)


def ts(day: float, hour: int = 12) -> str:
    """An ISO timestamp `day` days (and `hour` hours) after T0."""
    return (T0 + dt.timedelta(days=day, hours=hour)).strftime("%Y-%m-%dT%H:%M:%SZ")


def at(day: float, hour: int = 23) -> dt.datetime:
    return T0 + dt.timedelta(days=day, hours=hour)


def mid(**fields: Any) -> dict[str, Any]:
    return {"messageId": f"m{next(_ids)}", **fields}


def identify(user: str, day: float, **traits: Any) -> dict[str, Any]:
    return call("identify", ts(day), **mid(userId=user, traits=traits))


def group(user: str, account: str, day: float, **traits: Any) -> dict[str, Any]:
    return call("group", ts(day), **mid(userId=user, groupId=account, traits=traits))


def track(user: str, event: str, day: float, hour: int = 12, **props: Any) -> dict[str, Any]:
    return call("track", ts(day, hour), **mid(userId=user, event=event, properties=props))


def page(user: str, name: str, day: float, hour: int = 12) -> dict[str, Any]:
    return call("page", ts(day, hour), **mid(userId=user, name=name))


# Integration Connected, not Teammate Invited: an invite is also an intent signal.
FEATURES = ["Project Created", "Report Created", "Report Created", "Integration Connected"]


def good_person(user: str, account: str, day: float = 0, **traits: Any) -> list[dict[str, Any]]:
    """A fit person (work email, manager, 120-person software company in the US) who
    discovers 3 of the 5 key features on `day`."""
    person = {"email": f"{user}@acme.io", "role": "Manager", **traits}
    return [
        identify(user, day, **person),
        group(user, account, day, employees=120, industry="Software", country="US"),
        *[track(user, e, day, hour=10 + i) for i, e in enumerate(FEATURES)],
    ]


def load(ws: Workspace, write_jsonl: Callable[..., Path], calls: list[dict[str, Any]]) -> None:
    ws.ingest([write_jsonl(calls)])


def verdicts(ws: Workspace, table: str = "person_verdicts") -> pd.DataFrame:
    key = "person_id" if table == "person_verdicts" else "account_id"
    frame: pd.DataFrame = ws.store.query(f"SELECT * FROM {table} ORDER BY {key}")
    return frame.reset_index(drop=True)


def person(ws: Workspace, user: str) -> dict[str, Any]:
    pv = verdicts(ws)
    row: dict[str, Any] = pv[pv["person_id"] == user].iloc[0].to_dict()
    return row


def default_config() -> Config:
    """The starter config `qualify init` writes."""
    return load_config(Path(qualify.__file__).parent / "templates" / "qualify.yaml")
