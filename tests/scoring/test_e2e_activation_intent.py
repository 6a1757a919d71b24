"""End to end, activation and intent as the user sees them: hand-made Segment calls ingested into
a workspace with the starter config, scored at a fixed as_of, then read back through
`leads`, `explain`, `accounts` and `account`. Every expected value is derived from the
workspace's config and the events written here (see verdict_expect)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from scoring_world import at, group, identify, page, track
from verdict_expect import (
    EPS,
    discovered_names,
    scored,
    share,
    signal,
    signal_points,
    signals_of,
)

from qualify.workspace import Workspace, init_workspace, open_workspace

FIT_ACCOUNT = {"employees": 120, "industry": "Software", "country": "US"}


def member(user: str, account: str, events: list[str], day: float = 0) -> list[dict[str, Any]]:
    """A fit person of a fit account who fires `events` (one an hour from 10:00) on `day`."""
    return [
        identify(user, day, email=f"{user}@acme.io", role="Manager"),
        group(user, account, day, **FIT_ACCOUNT),
        *[track(user, e, day, hour=10 + i) for i, e in enumerate(events)],
    ]


# --- 1. activation -----------------------------------------------------------------------


def test_min_count_decides_discovery_and_missing_is_named(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    cfg = workspace.config
    reports = next(f for f in cfg.activation.key_features if f.name == "Reports")
    assert reports.min_count == 2  # the starter config this test is written against
    events = ["Project Created", "Report Created", "Integration Connected"]
    scored(workspace, write_jsonl, member("u1", "acme", events), at(1))

    found = discovered_names(cfg, events)
    assert "Reports" not in found  # one Report Created is below min_count
    all_names = [f.name for f in cfg.activation.key_features]
    ex = workspace.explain("u1")
    act = ex["activation"]
    assert act["discovered"] == found
    assert act["missing"] == [n for n in all_names if n not in found]
    assert act["share"] == pytest.approx(share(cfg, found))
    feats = {f["name"]: f for f in act["features"]}
    assert feats["Reports"]["count"] == 1
    assert feats["Reports"]["min_count"] == reports.min_count
    assert not feats["Reports"]["discovered"]
    lead = next(x for x in workspace.leads() if x["person_id"] == "u1")
    assert lead["activation"]["discovered"] == found
    assert lead["activation"]["missing"] == act["missing"]

    # The second Report Created reaches min_count: Reports is discovered.
    scored(workspace, write_jsonl, [track("u1", "Report Created", 1)], at(1))
    found2 = discovered_names(cfg, [*events, "Report Created"])
    assert "Reports" in found2 and len(found2) == len(found) + 1
    act2 = workspace.explain("u1")["activation"]
    assert act2["discovered"] == found2
    assert act2["missing"] == [n for n in all_names if n not in found2]
    assert act2["share"] == pytest.approx(share(cfg, found2))
    assert act2["activated"] == (share(cfg, found2) >= cfg.activation.threshold - EPS)


# --- 2. account activation ---------------------------------------------------------------

MEMBERS = {
    "deep": ["Project Created", "Report Created", "Report Created", "Integration Connected"],
    "shallow": ["Project Created"],
    "middle": ["Project Created", "Dashboard Shared"],
}


def _account_world(ws: Workspace, write_jsonl: Callable[..., Path]) -> None:
    calls = [c for user, ev in MEMBERS.items() for c in member(user, "acme", ev)]
    scored(ws, write_jsonl, calls, at(1))


def test_account_coverage_and_seat_share(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    cfg = workspace.config
    _account_world(workspace, write_jsonl)
    found = {u: discovered_names(cfg, ev) for u, ev in MEMBERS.items()}
    shares = {u: share(cfg, names) for u, names in found.items()}
    assert len(set(shares.values())) == 3  # three members of different depth
    covered = [
        f.name for f in cfg.activation.key_features if any(f.name in n for n in found.values())
    ]
    seats = sum(s >= cfg.activation.seat_threshold - EPS for s in shares.values())
    assert 0 < seats < len(MEMBERS)  # the test separates seats from non-seats

    acc = workspace.account("acme")
    assert acc["members"] == len(MEMBERS)
    assert acc["activation"]["coverage"] == pytest.approx(share(cfg, covered), abs=1e-4)
    assert acc["activation"]["covered"] == covered
    assert acc["activation"]["seat_share"] == pytest.approx(seats / len(MEMBERS), abs=1e-4)
    people = {p["person_id"]: p for p in acc["people"]}
    for user, s in shares.items():
        assert people[user]["activation"]["share"] == pytest.approx(s)
        assert people[user]["activation"]["discovered"] == found[user]

    item = next(a for a in workspace.accounts() if a["account_id"] == "acme")
    assert cfg.accounts.activation == "coverage"  # the roll-up the starter config uses
    assert item["activation"]["share"] == pytest.approx(share(cfg, covered))
    assert item["activation"]["seat_share"] == pytest.approx(seats / len(MEMBERS))


def test_account_lists_covered_and_missing_features(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    cfg = workspace.config
    _account_world(workspace, write_jsonl)
    found = [n for ev in MEMBERS.values() for n in discovered_names(cfg, ev)]
    covered = [f.name for f in cfg.activation.key_features if f.name in found]
    missing = [f.name for f in cfg.activation.key_features if f.name not in found]
    item = next(a for a in workspace.accounts() if a["account_id"] == "acme")
    assert item["activation"]["discovered"] == covered
    assert item["activation"]["missing"] == missing
    acc = workspace.account("acme")
    assert acc["activation"]["discovered"] == covered
    assert acc["activation"]["missing"] == missing


# --- 3. intent -----------------------------------------------------------------------------


def test_daily_cap_and_two_days(workspace: Workspace, write_jsonl: Callable[..., Path]) -> None:
    cfg = workspace.config
    pricing = signal(cfg, "Pricing page")
    assert pricing.cap_per_day is not None and pricing.cap_per_day < 10 * pricing.points
    as_of = at(4)
    burst = [at(1, hour=h) for h in range(1, 11)]  # ten views in one UTC day
    spread = [at(1, hour=12), at(2, hour=12)]  # one view on each of two days
    calls = [
        identify("burst", 0, email="burst@acme.io", role="Manager"),
        *[page("burst", pricing.event, 1, hour=h) for h in range(1, 11)],
        identify("spread", 0, email="spread@acme.io", role="Manager"),
        page("spread", pricing.event, 1, hour=12),
        page("spread", pricing.event, 2, hour=12),
    ]
    scored(workspace, write_jsonl, calls, as_of)

    capped = signal_points(pricing, burst, as_of)
    last = (as_of - burst[-1]) / dt.timedelta(days=1)
    assert capped == pytest.approx(pricing.cap_per_day * 0.5 ** (last / 7))  # the cap, not 10x
    ex = workspace.explain("burst")
    sig = signals_of(ex)[pricing.name]
    assert sig["events"] == len(burst)
    assert sig["points"] == pytest.approx(capped, abs=0.006)
    assert ex["intent"]["score"] == pytest.approx(capped, abs=0.006)

    twice = signal_points(pricing, spread, as_of)
    one_each = [signal_points(pricing, [t], as_of) for t in spread]
    assert twice == pytest.approx(sum(one_each)) and min(one_each) > 0
    ex2 = workspace.explain("spread")
    assert signals_of(ex2)[pricing.name]["events"] == 2
    assert signals_of(ex2)[pricing.name]["points"] == pytest.approx(twice, abs=0.006)
    assert ex2["intent"]["score"] == pytest.approx(twice, abs=0.006)


# One person per case, all scored at DECAY_AS_OF: (person, signal, event ages in days, props).
DECAY_AS_OF = at(30, hour=12)
DECAY_CASES: list[tuple[str, str, list[float], dict[str, Any]]] = [
    ("linear_9d", "Demo request", [9], {}),
    ("exponential_7d", "Pricing page", [7], {}),
    ("exponential_3d", "Pricing page", [3.5], {}),
    ("step_full_3d", "Plan limit", [3], {}),
    ("step_half_10d", "Plan limit", [10], {}),
    ("step_quarter_25d", "Plan limit", [25], {}),
    ("window_in_10d", "Customer success chat", [10], {}),
    ("window_out_16d", "Customer success chat", [16], {}),
    ("card_15d", "Card at signup", [15], {"credit_card": True}),
    ("invites_capped_21d", "Teammate invite", [21, 21 - 1 / 24, 21 - 2 / 24], {}),
]


@pytest.fixture(scope="module")
def decay_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("decay")
    init_workspace(root / "ws")
    ws = open_workspace(root / "ws")
    cfg = ws.config
    calls: list[dict[str, Any]] = []
    for user, name, ages, props in DECAY_CASES:
        sig = signal(cfg, name)
        calls.append(identify(user, 0, email=f"{user}@acme.io", role="Manager"))
        for age in ages:
            t = DECAY_AS_OF - dt.timedelta(days=age)
            day = (t - at(0, hour=0)) / dt.timedelta(days=1)
            if sig.type == "page":
                calls.append(page(user, sig.event, day, hour=0))
            else:
                calls.append(track(user, sig.event, day, hour=0, **props))
    calls.append(identify("no_card", 0, email="no_card@acme.io", role="Manager"))
    calls.append(track("no_card", "Signed Up", 15, credit_card=False))
    path = root / "events.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in calls) + "\n")
    ws.ingest([path])
    ws.score(as_of=DECAY_AS_OF)
    yield ws
    ws.close()


@pytest.mark.parametrize(
    ("user", "name", "ages"), [c[:3] for c in DECAY_CASES], ids=[c[0] for c in DECAY_CASES]
)
def test_decay_kind_points_at_known_age(
    decay_world: Workspace, user: str, name: str, ages: list[float]
) -> None:
    sig = signal(decay_world.config, name)
    times = [DECAY_AS_OF - dt.timedelta(days=a) for a in ages]
    expected = signal_points(sig, times, DECAY_AS_OF)
    ex = decay_world.explain(user)
    assert ex["intent"]["score"] == pytest.approx(min(100.0, expected), abs=0.006)
    listed = signals_of(ex)
    assert listed[name]["events"] == len(ages)
    assert listed[name]["points"] == pytest.approx(expected, abs=0.006)


def test_decay_cases_cover_every_kind(decay_world: Workspace) -> None:
    cfg = decay_world.config
    kinds = {signal(cfg, name).decay.kind for _, name, _, _ in DECAY_CASES}
    assert kinds == {"linear", "exponential", "step", "window"}


def test_signal_where_filter(decay_world: Workspace) -> None:
    """Signed Up without a card does not match the `credit_card: true` signal."""
    ex = decay_world.explain("no_card")
    assert "Card at signup" not in signals_of(ex)
    assert ex["intent"]["score"] == 0


def test_intent_capped_at_100_and_signals_listed(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    cfg = workspace.config
    as_of = at(5)
    fired: dict[str, list[dt.datetime]] = {}
    calls: list[dict[str, Any]] = [identify("hot", 0, email="hot@acme.io", role="Manager")]
    for i, sig in enumerate(cfg.intent.signals):
        hours = [1 + i * 2, 2 + i * 2]  # two events per signal, same day
        fired[sig.name] = [at(5, hour=h) for h in hours]
        for h in hours:
            if sig.type == "page":
                calls.append(page("hot", sig.event, 5, hour=h))
            else:
                props = {k: c.value for k, c in sig.where.items()}
                calls.append(track("hot", sig.event, 5, hour=h, **props))
    scored(workspace, write_jsonl, calls, as_of)

    expected = {s.name: signal_points(s, fired[s.name], as_of) for s in cfg.intent.signals}
    assert sum(expected.values()) > 100
    ex = workspace.explain("hot")
    assert ex["intent"]["score"] == 100
    listed = signals_of(ex)
    assert set(listed) == set(expected)
    for name, pts in expected.items():
        assert listed[name]["points"] == pytest.approx(pts, abs=0.006), name
        assert listed[name]["events"] == len(fired[name])
