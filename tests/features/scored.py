"""The scoring steps run by hand on a workspace, for tests that compare their parts."""

from __future__ import annotations

import datetime as dt

from qualify.pipeline import load_features
from qualify.scoring import people as sp
from qualify.workspace import Workspace


def score_parts(world: Workspace) -> tuple[dt.datetime, sp.Persons, sp.Accounts]:
    """(as_of, persons, accounts) as the pipeline computes them at the latest event."""
    t = world.store.event_time_range()[1]
    assert t is not None
    people, inputs = load_features(world.store, world.config, t)
    persons = sp.score_people(people, inputs, world.config, t)
    return t, persons, sp.score_accounts(persons, world.config, t)
