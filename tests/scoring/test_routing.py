"""Routing: sales_assisted when a routing rule passes (the first is the reason)."""

from __future__ import annotations

import pandas as pd
from scoring_world import default_config

from qualify.actions.routing import route
from qualify.scoring.fit import fit


def test_route_and_reason() -> None:
    frame = pd.DataFrame(
        {"account.employees": [1200.0, 20.0, None], "metric.members": [1.0, 9.0, 2.0]}
    )
    r = route(frame, default_config())
    assert list(r.route) == ["sales_assisted", "sales_assisted", "self_serve"]
    assert r.reason[0] == "employees 1200 >= 500"
    assert r.reason[1] == "members 9 >= 8"
    assert r.reason[2].startswith("no sales-assisted rule passed: employees not set < 500")


def test_fit_rules_gates_and_disqualifiers() -> None:
    cfg = default_config()
    frame = pd.DataFrame(
        {
            "account.employees": [120.0, 120.0, 10.0],
            "account.industry": ["Software", "Software", "Competitor"],
            "account.country": ["US", "US", "US"],
            "person.role": ["Manager", "Manager", "Student"],
            "person.email": ["a@acme.io", "b@gmail.com", "c@uni.edu"],
        }
    )
    r = fit(frame, cfg)
    weights = [rule.weight for rule in cfg.icp.rules]
    assert r.score[0] == 100.0 and r.ok[0]
    # gmail fails the required work-email rule: a gate, whatever the score
    email = [rule.name for rule in cfg.icp.rules].index("Work email")
    assert r.gates_failed[1, email] and not r.ok[1]
    assert r.score[1] == 100.0 * (sum(weights) - weights[email]) / sum(weights)
    codes = [d.code for d, hit in zip(cfg.icp.disqualifiers, r.disqualified[2], strict=True) if hit]
    assert codes == ["student", "competitor"] and not r.ok[2]
