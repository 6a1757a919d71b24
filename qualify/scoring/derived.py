"""The verdict views: stored scores plus the columns derived from them when read.

Scoring stores what it computed (scores, flags, stage entry times, the inputs of the detail);
the names a reader expects beside them are expressions over those columns: the route's name,
each journey's current stage (from the stage entry times, `lifecycle.stages.current_sql`), and
the run's as_of and config hash, one value for every row. Writing them as text per row would
cost more than the rest of the row.
"""

from __future__ import annotations

import datetime as dt

from qualify.actions.routing import ROUTES
from qualify.lifecycle.stages import current_sql

__all__ = ["account_view", "derived_columns", "person_view"]


def derived_columns(as_of: dt.datetime, config_hash: str) -> str:
    """The derived columns as a SELECT list (after the stored columns)."""
    self_serve, sales = (_lit(r) for r in ROUTES)
    cols = [
        f"CASE WHEN sales_assisted THEN {sales} ELSE {self_serve} END AS route",
        f"{current_sql('plg')} AS stage_plg",
        f"{current_sql('traditional')} AS stage_traditional",
        f"TIMESTAMP {_lit(as_of.isoformat(sep=' '))} AS as_of",
        f"{_lit(config_hash)} AS config_hash",
    ]
    return ", ".join(cols)


def person_view(as_of: dt.datetime, config_hash: str) -> str:
    """person_verdicts: person_scores with the derived columns, joined to person_inputs."""
    return (
        f"SELECT *, {derived_columns(as_of, config_hash)} "
        "FROM person_scores JOIN person_inputs USING (person_id)"
    )


def account_view(as_of: dt.datetime, config_hash: str) -> str:
    """account_verdicts: account_scores with the derived columns."""
    return f"SELECT *, {derived_columns(as_of, config_hash)} FROM account_scores"


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
