"""As of T, nothing that happened after T is visible: events, trait changes, identifies and
group calls alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from event_helpers import call

from qualify.store import as_of
from qualify.workspace import Workspace

T = dt.datetime(2026, 2, 1)
BEFORE = [
    call("page", "2026-01-10T00:00:00Z", anonymousId="a1", name="Pricing", messageId="b1"),
    call(
        "identify",
        "2026-01-11T00:00:00Z",
        userId="u1",
        anonymousId="a1",
        traits={"role": "Engineer", "email": "e@acme.io"},
        messageId="b2",
    ),
    call(
        "group",
        "2026-01-11T00:00:01Z",
        userId="u1",
        groupId="g1",
        traits={"employees": 40},
        messageId="b3",
    ),
    call("track", "2026-01-12T00:00:00Z", userId="u1", event="Project Created", messageId="b4"),
    call("page", "2026-01-13T00:00:00Z", anonymousId="a2", name="Blog", messageId="b5"),
]
AFTER = [
    call("track", "2026-02-02T00:00:00Z", userId="u1", event="Report Created", messageId="a1"),
    call("identify", "2026-02-03T00:00:00Z", userId="u1", traits={"role": "VP"}, messageId="a2"),
    call(
        "group",
        "2026-02-03T00:00:00Z",
        userId="u1",
        groupId="g1",
        traits={"employees": 900},
        messageId="a3",
    ),
    call("identify", "2026-02-04T00:00:00Z", userId="u2", anonymousId="a2", messageId="a4"),
    call("group", "2026-02-04T00:00:00Z", userId="u2", groupId="g2", messageId="a5"),
    call("alias", "2026-02-05T00:00:00Z", userId="u3", previousId="a9", messageId="a6"),
]


def snapshot(ws: Workspace, time: dt.datetime) -> dict[str, pd.DataFrame]:
    view = as_of(ws.store, time, ws.config.typed_columns())
    tables = ("events", "people", "accounts", "person_traits", "account_traits", "memberships")
    out = {}
    for name in tables:
        frame = getattr(view, name).execute()
        out[name] = frame.sort_values(list(frame.columns)[:3]).reset_index(drop=True)
    return out


def test_later_calls_change_nothing_as_of_t(workspace: Workspace, write_jsonl: Callable) -> None:
    workspace.ingest([write_jsonl(BEFORE)])
    before = snapshot(workspace, T)
    workspace.ingest([write_jsonl(AFTER)])
    after = snapshot(workspace, T)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[name], check_dtype=False, obj=name)


def test_as_of_t_sees_the_merged_identity_and_traits(
    workspace: Workspace, write_jsonl: Callable
) -> None:
    workspace.ingest([write_jsonl(BEFORE + AFTER)])
    now = snapshot(workspace, T)
    events = now["events"]
    pricing = events[events.event == "Pricing"].iloc[0]
    assert pricing.person_id == "u1" and pricing.account_id == "g1"  # anonymous, merged later
    blog = events[events.event == "Blog"].iloc[0]
    assert pd.isna(blog.person_id)  # a2 identifies only after T
    traits = now["person_traits"].set_index("user_id")
    assert traits.loc["u1", "t_role"] == "Engineer"
    assert now["account_traits"].set_index("group_id").loc["g1", "t_employees"] == 40
    later = snapshot(workspace, dt.datetime(2026, 3, 1))
    assert later["person_traits"].set_index("user_id").loc["u1", "t_role"] == "VP"
    assert later["account_traits"].set_index("group_id").loc["g1", "t_employees"] == 900
    assert set(later["people"].user_id) == {"u1", "u2", "u3"}
    assert set(now["people"].user_id) == {"u1"}


def test_ingest_order_does_not_change_identities(
    workspace: Workspace, write_jsonl: Callable
) -> None:
    late = call("identify", "2026-03-01T00:00:00Z", userId="uB", anonymousId="x", messageId="i2")
    early = call("identify", "2026-01-01T00:00:00Z", userId="uA", anonymousId="x", messageId="i1")
    workspace.ingest([write_jsonl([late])])
    workspace.ingest([write_jsonl([early])])
    rows = workspace.store.query("SELECT anonymous_id, user_id FROM identities")
    assert rows.values.tolist() == [["x", "uA"]]
