"""The world is deterministic, uses the config's vocabulary, and is realistically noisy."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qualify.simulate import iter_events, simulate

KEY = ("Project Created", "Report Created", "Teammate Invited", "Integration Connected",
       "Dashboard Shared")  # fmt: skip


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    return list(iter_events(600, seed=3))


def _names(events: list[dict[str, Any]]) -> Counter[str]:
    return Counter(str(e.get("event") or e.get("name")) for e in events)


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    for name, seed in (("a", 9), ("b", 9), ("c", 10)):
        simulate(tmp_path / f"{name}.jsonl", accounts=40, seed=seed)
    a, b, c = ((tmp_path / f"{n}.jsonl").read_bytes() for n in "abc")
    assert a == b
    assert a != c


def test_account_k_does_not_depend_on_the_accounts_before_it() -> None:
    small = [e for e in iter_events(5, seed=4) if e["messageId"].startswith("sim-4-4-")]
    large = [e for e in iter_events(8, seed=4) if e["messageId"].startswith("sim-4-4-")]
    assert small == large


def test_the_config_vocabulary_is_all_there(events: list[dict[str, Any]]) -> None:
    names = _names(events)
    wanted = {
        *KEY, "Logged In", "Workflow Automated", "Comment Added", "Newsletter Subscribed",
        "Webinar Attended", "Content Downloaded", "Email Clicked", "Home", "Blog", "Features",
        "Pricing", "Docs", "Signed Up", "Demo Requested", "Plan Limit Reached",
        "Support Chat Started", "Contact Sales Requested", "Sales Call Completed",
        "Opportunity Created", "Opportunity Lost", "Subscription Started",
        "Subscription Upgraded", "Add-on Purchased", "Subscription Cancelled", "Referral Sent",
        "Review Posted",
    }  # fmt: skip
    assert wanted <= names.keys(), wanted - names.keys()


def test_signups_come_in_both_kinds_and_only_trials_give_a_card(
    events: list[dict[str, Any]],
) -> None:
    signups = [e["properties"] for e in events if e.get("event") == "Signed Up"]
    kinds = Counter((p["plan"], p["credit_card"]) for p in signups)
    assert kinds[("trial", True)] and kinds[("trial", False)] and kinds[("freemium", False)]
    assert not kinds[("freemium", True)]


def test_traits_follow_the_vocabulary(events: list[dict[str, Any]]) -> None:
    people = [e["traits"] for e in events if e["type"] == "identify"]
    roles = {p["role"] for p in people}
    assert roles <= {"Engineer", "Analyst", "Manager", "Director", "VP", "Founder", "Head",
                     "Designer", "Student", "Consultant"}  # fmt: skip
    personal = sum(p["email"].split("@")[1] in ("gmail.com", "yahoo.com", "hotmail.com",
                                                "outlook.com") for p in people)  # fmt: skip
    assert 0.05 < personal / len(people) < 0.3
    groups = [e["traits"] for e in events if e["type"] == "group"]
    assert "Competitor" in {g["industry"] for g in groups}
    assert {"free", "trial", "team"} <= {g["plan"] for g in groups}


def test_some_people_change_role_over_time(events: list[dict[str, Any]]) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event["type"] == "identify":
            roles[event["userId"]].add(event["traits"]["role"])
    assert any(len(r) > 1 for r in roles.values())


def test_company_sizes_are_heavy_tailed(events: list[dict[str, Any]]) -> None:
    sizes = np.array(
        sorted(
            {
                e["groupId"]: e["traits"]["employees"] for e in events if e["type"] == "group"
            }.values()
        )
    )
    assert sizes.min() >= 1 and sizes.max() <= 50_000
    assert np.mean(sizes) > 3 * np.median(sizes)
    assert (sizes >= 500).any() and (sizes < 10).any()


def test_volume_fits_a_fast_demo() -> None:
    count = sum(1 for _ in iter_events(150, seed=1))
    assert 150 * 40 < count < 150 * 250


def test_large_accounts_go_through_sales(events: list[dict[str, Any]]) -> None:
    size = {e["groupId"]: e["traits"]["employees"] for e in events if e["type"] == "group"}
    opportunities = {
        e["context"]["groupId"] for e in events if e.get("event") == "Opportunity Created"
    }
    large = {g for g, n in size.items() if n >= 500}
    assert opportunities & large
    assert len(opportunities & large) / len(large) > len(opportunities) / len(size)


def _per_account(events: list[dict[str, Any]]) -> tuple[dict[str, set[str]], set[str], set[str]]:
    """Key features per person (reports need two), their account, and paying accounts."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    account_of: dict[str, str] = {}
    paid: set[str] = set()
    for event in events:
        name, group = event.get("event"), event.get("context", {}).get("groupId")
        if name in KEY:
            counts[event["userId"]][name] += 1
            account_of[event["userId"]] = group
        if name == "Subscription Started":
            paid.add(group)
    found = {u: {f for f, n in c.items() if n >= (2 if f == "Report Created" else 1)}
             for u, c in counts.items()}  # fmt: skip
    return {u: {account_of[u], *f} for u, f in found.items()}, paid, set(account_of.values())


def test_outcomes_follow_activity_but_not_perfectly(events: list[dict[str, Any]]) -> None:
    people, paid, _ = _per_account(events)

    def rate(group: list[set[str]]) -> float:
        return sum(bool(p & paid) for p in group) / len(group)

    active = [p for p in people.values() if len(p) - 1 >= 3]
    idle = [p for p in people.values() if len(p) - 1 <= 1]
    assert 0 < rate(idle) < rate(active) < 1


def test_lead_to_paid_rate_is_realistic(events: list[dict[str, Any]]) -> None:
    accounts = {e["groupId"] for e in events if e["type"] == "group"}
    paid = {e["context"]["groupId"] for e in events if e.get("event") == "Subscription Started"}
    assert 0.02 < len(paid) / len(accounts) < 0.16
