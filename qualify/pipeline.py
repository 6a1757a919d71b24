"""The one place that wires the stages together: features -> scoring -> lifecycle -> actions.

`score` reads the as-of tables, runs one engine query that brings back one row per person
(the per-person feature table), computes every verdict column-wise, and writes
person_scores + person_inputs and account_scores (read through the person_verdicts and
account_verdicts views, `scoring.derived`), the stage_history view, the ledger and the meta
keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from qualify.config import Config
from qualify.core.clock import iso, naive_utc, parse_time
from qualify.errors import WorkspaceError
from qualify.features.rollup import person_features
from qualify.lifecycle.stages import history_view
from qualify.scoring.derived import account_view, person_view
from qualify.scoring.inputs import PersonInputs, from_rollup
from qualify.scoring.learned import registry
from qualify.scoring.ledger import record
from qualify.scoring.people import (
    Persons,
    history_sources,
    score_accounts,
    score_people,
    stage_frames,
)
from qualify.store.asof import as_of as as_of_tables
from qualify.store.base import Store, Writes

__all__ = ["ScoreSummary", "feature_table", "load_features", "score"]

Report = Callable[[str], None]


@dataclass(frozen=True)
class ScoreSummary:
    as_of: str
    people: int
    accounts: int
    pqls: int
    pqas: int
    ledger_rows: int
    full_rescore: bool
    config_hash: str
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def resolve_as_of(store: Store, as_of: dt.datetime | str | None) -> dt.datetime:
    """The scoring time: given, or the latest event's timestamp."""
    if isinstance(as_of, str):
        return naive_utc(parse_time(as_of))
    if as_of is not None:
        return naive_utc(as_of)
    latest = store.event_time_range()[1]
    if latest is None:
        raise WorkspaceError("the workspace holds no events; run `qualify ingest` first")
    return naive_utc(latest)


def feature_table(store: Store, cfg: Config, t: dt.datetime) -> pa.Table:
    """The per-person feature table as of `t` (`features.rollup`), ordered by person_id."""
    tables = as_of_tables(store, t, cfg.typed_columns())
    table: pa.Table = person_features(tables, cfg).order_by("person_id").to_pyarrow()
    return table


def load_features(store: Store, cfg: Config, t: dt.datetime) -> tuple[pd.DataFrame, PersonInputs]:
    """(people, scoring inputs) as of `t`: the feature step, one engine query that returns
    one row per person."""
    return from_rollup(feature_table(store, cfg, t), cfg)


def score(
    store: Store,
    config: Config,
    config_hash: str,
    *,
    as_of: dt.datetime | str | None = None,
    report: Report | None = None,
    recorded_at: dt.datetime | None = None,
    model: str | None = registry.AUTO,
) -> ScoreSummary:
    """Score everyone as of a time and write the verdict tables (see module docstring)."""
    import time

    start = time.perf_counter()
    say = report or (lambda _msg: None)
    t = resolve_as_of(store, as_of)
    full = store.get_meta("scored_config_hash") != config_hash
    say("features")
    people, inputs = load_features(store, config, t)
    say("verdicts")
    persons = score_people(people, inputs, config, t)
    del people, inputs
    # The inputs the reads rebuild detail, distance and route reason from are final now:
    # they are written in the background while accounts, stages and the model scores are
    # computed, and published with the rest.
    writes = store.start_replace(
        {"person_inputs": _with_compact(persons.table[["person_id"]], persons.compact)}
    )
    try:
        pv, av = _publish(store, writes, config, config_hash, t, persons, model, say)
    except BaseException:
        writes.abandon()
        raise
    ledger_rows = record(store, naive_utc(recorded_at or t))
    return ScoreSummary(
        as_of=iso(t),
        people=len(pv),
        accounts=len(av),
        pqls=int(pv["is_pql"].sum()),
        pqas=int(av["is_pqa"].sum()),
        ledger_rows=ledger_rows,
        full_rescore=full,
        config_hash=config_hash,
        seconds=round(time.perf_counter() - start, 3),
    )


def _publish(
    store: Store,
    writes: Writes,
    config: Config,
    config_hash: str,
    t: dt.datetime,
    persons: Persons,
    model: str | None,
    say: Report,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accounts, stages and the model scores; adds person_scores and account_scores to the
    writes and publishes them with the views over them, at once."""
    accounts = score_accounts(persons, config, t)
    say("stages")
    stage_cols = stage_frames(persons, accounts, config)
    say("writing")
    pv = _with_model(store, config, t, persons.table, model)
    av = accounts.table
    writes.add(
        {
            # With its stage entry times: the two person tables cost about the same to write.
            "person_scores": _with_compact(pv, stage_cols["person"]),
            "account_scores": _with_compact(av, {**accounts.compact, **stage_cols["account"]}),
        }
    )
    writes.publish(
        {
            "person_verdicts": person_view(t, config_hash),
            "account_verdicts": account_view(t, config_hash),
            # The history rows are derived from the stage columns when read.
            "stage_history": history_view(history_sources(config)),
        },
        meta={
            # Reads rebuild each row's detail from the compact columns with this config.
            "verdict_config": config.model_dump_json(),
            "scored_as_of": iso(t),
            "scored_config_hash": config_hash,
        },
    )
    return pv, av


def _with_model(
    store: Store, config: Config, t: dt.datetime, people: pd.DataFrame, model: str | None
) -> pd.DataFrame:
    """Add the learned score beside the rules: model_score (NaN means low data: no model, or
    the rules stay), model_version, the shadow model's score and the plain-words factors."""
    active = registry.current(store, "active") if model == registry.AUTO else model
    shadow = registry.current(store, "shadow") if model == registry.AUTO else None
    if active is None and shadow is None:
        # Typed nulls, so the tables get text and float columns, not an all-NULL integer.
        none = pd.Series(pa.nulls(len(people), pa.string()).to_pandas().array, index=people.index)
        nan = np.full(len(people), np.nan)
        return people.assign(
            model_score=nan,
            model_version=none,
            shadow_score=nan,
            shadow_version=none,
            factors=none,
        )
    from qualify.scoring.learned.apply import score_people as score_learned

    scored = score_learned(store, config, t, version=active, shadow=shadow)
    scored = scored.astype({"model_version": "string", "shadow_version": "string"})
    return people.merge(scored, on="person_id", how="left")


def _with_compact(pv: pd.DataFrame, compact: dict[str, Any]) -> pa.Table:
    table = pa.Table.from_pandas(pv, preserve_index=False)
    for name, values in compact.items():
        table = table.append_column(
            name, pa.array(values) if isinstance(values, np.ndarray) else values
        )
    return table
