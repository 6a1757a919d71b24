"""As-of honesty: events after T change nothing scored as of T."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from scoring_world import at, good_person, identify, load, page, track, verdicts

from qualify.workspace import Workspace


def test_later_events_change_nothing_as_of_t(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    load(workspace, write_jsonl, [*good_person("u1", "acme"), page("u1", "Pricing", 1)])
    workspace.score(as_of=at(3))
    before = verdicts(workspace)
    later = [
        track("u1", "Demo Requested", 4),
        track("u1", "Integration Connected", 4),
        identify("u1", 4, role="Student"),
        *good_person("u9", "acme", day=5),
    ]
    load(workspace, write_jsonl, later)
    workspace.score(as_of=at(3))
    pd.testing.assert_frame_equal(before, verdicts(workspace))
    workspace.score(as_of=at(6))
    assert len(verdicts(workspace)) == 2  # the later events do count later
