"""A hand-built stage history for the funnel tests (a unique module name, safe to import)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from qualify.config import parse_config
from qualify.store import Store

AS_OF = "2026-06-30T00:00:00Z"
CONFIG = parse_config({"lifecycle": {"conversion_window_days": 90}})


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day)


def stints(kind: str, eid: str, journey: str, *steps: tuple[str, dt.datetime]) -> list[Any]:
    """Consecutive stints: each ends when the next begins, the last is current."""
    rows = []
    for i, (stage, entered) in enumerate(steps):
        exited = steps[i + 1][1] if i + 1 < len(steps) else None
        rows.append((kind, eid, journey, stage, entered, exited, "why", None, None))
    return rows


def history() -> pd.DataFrame:
    p = "person"
    rows = [
        *stints(p, "u1", "plg", ("awareness", d(1, 5)), ("trial", d(1, 5)), ("pql", d(1, 15)),
                ("customer", d(2, 1))),
        # u2 falls back from pql to trial (an allowed backward move).
        *stints(p, "u2", "plg", ("awareness", d(1, 10)), ("trial", d(1, 10)), ("pql", d(1, 20)),
                ("trial", d(1, 30))),
        # u3 skips pql on the way to customer.
        *stints(p, "u3", "plg", ("awareness", d(2, 3)), ("trial", d(2, 3)), ("customer", d(2, 13))),
        *stints(p, "u4", "plg", ("awareness", d(3, 1))),
        *stints(p, "u1", "traditional", ("visitor", d(1, 5)), ("mql", d(1, 6)), ("sql", d(1, 20)),
                ("customer", d(2, 1))),
        *stints(p, "u2", "traditional", ("visitor", d(1, 10))),
        *stints(p, "u3", "traditional", ("visitor", d(2, 3)), ("customer", d(2, 13))),
        *stints(p, "u4", "traditional", ("visitor", d(3, 1))),
        # An anonymous visitor: a stage count, but not a lead.
        *stints(p, "anon1", "traditional", ("visitor", d(3, 2))),
        *stints("account", "acc1", "plg", ("awareness", d(1, 5)), ("trial", d(1, 5)),
                ("pql", d(1, 15)), ("customer", d(2, 1))),
        *stints("account", "acc2", "plg", ("awareness", d(1, 10)), ("trial", d(1, 10))),
    ]  # fmt: skip
    columns = ["entity_type", "entity_id", "journey", "stage", "entered_at", "exited_at"]
    frame = pd.DataFrame(rows, columns=[*columns, "reason", "trial_kind", "skipped"])
    for col in ("entered_at", "exited_at"):
        frame[col] = pd.to_datetime(frame[col])
    for col in ("reason", "trial_kind", "skipped"):
        frame[col] = frame[col].astype("string")
    return frame


def fill(store: Store, as_of: str = AS_OF) -> None:
    store.replace_table(
        "person_verdicts", pd.DataFrame({"person_id": [f"u{i}" for i in range(1, 6)]})
    )
    store.replace_table("account_verdicts", pd.DataFrame({"account_id": ["acc1", "acc2"]}))
    store.replace_table("stage_history", history())
    people = pd.DataFrame({"user_id": ["u5"], "first_seen": [d(4, 2)], "last_seen": [d(4, 3)]})
    people["traits"] = pd.Series([None], dtype="string")
    store.replace_table("people", people)
    store.set_meta("scored_as_of", as_of)
