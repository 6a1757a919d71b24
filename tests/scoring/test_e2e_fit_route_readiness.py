"""End to end, fit reasons, readiness, routing and distance as the user sees them: hand-made
Segment calls ingested into a workspace, scored at a fixed as_of, read back through `leads`,
`explain`, `accounts` and `account`. Expected values come from the workspace's config and the
events written here (see verdict_expect), never from an output."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from scoring_world import at, group, identify, track
from verdict_expect import (
    EPS,
    discovered_names,
    fit_expected,
    readiness_expected,
    rule_holds,
    scored,
    share,
    signal,
    signal_points,
)

from qualify.config import Config
from qualify.scoring.rules import value_text
from qualify.workspace import Workspace, init_workspace, open_workspace

GOOD_ACCOUNT: dict[str, Any] = {"employees": 120, "industry": "Software", "country": "US"}
ACTIVATING = ["Project Created", "Report Created", "Report Created", "Integration Connected"]

# person -> (person traits, account id, account traits)
PEOPLE: dict[str, tuple[dict[str, Any], str, dict[str, Any]]] = {
    "all_pass": ({"email": "a@acme.io", "role": "Manager"}, "acme", GOOD_ACCOUNT),
    "mixed": (
        {"email": "m@shop.io", "role": "Engineer"},
        "shop",
        {"employees": 20, "industry": "Retail", "country": "US"},
    ),
    "gmail": ({"email": "g@gmail.com", "role": "VP"}, "gm", GOOD_ACCOUNT),
    "unset_role": ({"email": "u@acme.io"}, "acme", GOOD_ACCOUNT),
    "student": ({"email": "s@uni.edu", "role": "Student"}, "uni", GOOD_ACCOUNT),
}


def _values(user: str) -> dict[str, Any]:
    traits, _, account = PEOPLE[user]
    return {
        **{f"person.{k}": v for k, v in traits.items()},
        **{f"account.{k}": v for k, v in account.items()},
    }


def _person_calls(user: str, events: list[str], day: float = 0) -> list[dict[str, Any]]:
    traits, account, account_traits = PEOPLE[user]
    return [
        identify(user, day, **traits),
        group(user, account, day, **account_traits),
        *[track(user, e, day, hour=10 + i) for i, e in enumerate(events)],
    ]


def _intent_calls(user: str, day: float) -> list[dict[str, Any]]:
    return [track(user, "Demo Requested", day, hour=15), track(user, "Plan Limit Reached", day)]


def _fit_world(ws: Workspace, write_jsonl: Callable[..., Path]) -> None:
    calls: list[dict[str, Any]] = []
    for i, user in enumerate(PEOPLE):
        calls += _person_calls(user, ACTIVATING[: 1 + i])
        if i % 2 == 0:
            calls += _intent_calls(user, 1)
    scored(ws, write_jsonl, calls, at(1))


def _shown(value: Any) -> str:
    return value_text(float(value)) if isinstance(value, int) else str(value)


def _hit(cfg: Config, code: str, values: dict[str, Any]) -> bool:
    d = next(d for d in cfg.icp.disqualifiers if d.code == code)
    return rule_holds(d, values.get(d.field))


# --- 5. fit reasons ------------------------------------------------------------------------


@pytest.mark.parametrize("user", list(PEOPLE))
def test_fit_rule_reasons_and_score(
    workspace: Workspace, write_jsonl: Callable[..., Path], user: str
) -> None:
    cfg = workspace.config
    _fit_world(workspace, write_jsonl)
    values = _values(user)
    score, passed = fit_expected(cfg, values)
    fit = workspace.explain(user)["fit"]
    assert fit["score"] == pytest.approx(score, abs=0.005)
    rules = {r["name"]: r for r in fit["rules"]}
    assert list(rules) == [r.name for r in cfg.icp.rules]
    for rule, ok in zip(cfg.icp.rules, passed, strict=True):
        shown = rules[rule.name]
        reason = shown["reason"]
        assert shown["passed"] == ok, reason
        assert reason.startswith(f"{rule.name}:") and rule.key in reason, reason
        assert reason.endswith("(passed)" if ok else "(failed)"), reason
        actual = values.get(rule.field)
        if actual is None:
            assert "not set" in reason and shown["actual"] is None, reason
        else:
            assert _shown(actual) in reason, reason
            assert shown["actual"] == actual
    gates = [r.name for r, ok in zip(cfg.icp.rules, passed, strict=True) if r.required and not ok]
    assert fit["gates_failed"] == gates
    hits = [d.code for d in cfg.icp.disqualifiers if _hit(cfg, d.code, values)]
    assert [d["code"] for d in fit["disqualifiers"]] == hits
    ok = score >= cfg.icp.threshold - EPS and not gates and not hits
    assert fit["passed"] == ok
    lead = next(x for x in workspace.leads() if x["person_id"] == user)
    assert lead["fit"] == {"score": fit["score"], "passed": ok}


def test_the_world_covers_each_fit_case(workspace: Workspace) -> None:
    """Guards the parametrised test above: the people really exercise pass, fail, unset,
    gate and disqualifier."""
    cfg = workspace.config
    outcomes = {u: fit_expected(cfg, _values(u)) for u in PEOPLE}
    assert outcomes["all_pass"][0] == 100
    assert 0 < outcomes["mixed"][0] < cfg.icp.threshold
    gate = [r.required for r in cfg.icp.rules]
    gmail_score, gmail_passed = outcomes["gmail"]
    assert gmail_score >= cfg.icp.threshold  # a gate fails fit whatever the score
    assert any(g and not p for g, p in zip(gate, gmail_passed, strict=True))
    assert "person.role" not in _values("unset_role")
    assert _hit(cfg, "student", _values("student"))


def test_disqualifier_fails_fit_at_score_100(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws")
    yaml = tmp_path / "ws" / "qualify.yaml"
    rule = (
        "    - {code: competitor_domain, field: person.email, op: regex, value: '@rival\\.io$'}\n"
    )
    text = yaml.read_text()
    assert "  disqualifiers:\n" in text
    yaml.write_text(text.replace("  disqualifiers:\n", "  disqualifiers:\n" + rule, 1))
    with open_workspace(tmp_path / "ws") as ws:
        cfg = ws.config
        assert cfg.icp.disqualifiers[0].code == "competitor_domain"
        values = {"person.email": "x@rival.io", "person.role": "Manager"}
        values.update({f"account.{k}": v for k, v in GOOD_ACCOUNT.items()})
        score, _ = fit_expected(cfg, values)
        assert score == 100
        calls = [
            identify("rival", 0, email="x@rival.io", role="Manager"),
            group("rival", "rv", 0, **GOOD_ACCOUNT),
            *[track("rival", e, 0, hour=10 + i) for i, e in enumerate(ACTIVATING)],
            *_intent_calls("rival", 0),
        ]
        path = tmp_path / "e.jsonl"
        path.write_text("\n".join(json.dumps(c) for c in calls) + "\n")
        ws.ingest([path])
        ws.score(as_of=at(0))
        ex = ws.explain("rival")
        assert ex["fit"]["score"] == 100
        hits = ex["fit"]["disqualifiers"]
        assert [h["code"] for h in hits] == ["competitor_domain"]
        assert "email" in hits[0]["reason"] and "x@rival.io" in hits[0]["reason"]
        assert not ex["fit"]["passed"]
        assert ex["activation"]["activated"] and ex["intent"]["passed"]
        assert not ex["is_pql"]
        steps = ex["distance"]
        assert [s["kind"] for s in steps] == ["disqualifier"]
        assert steps[0]["code"] == "competitor_domain"


# --- 4. readiness --------------------------------------------------------------------------


def test_readiness_is_the_documented_weighted_formula(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    cfg = workspace.config
    _fit_world(workspace, write_jsonl)
    w = cfg.pql.readiness_weights
    seen = set()
    for user in PEOPLE:
        ex = workspace.explain(user)
        fit, act, intent = ex["fit"]["score"], ex["activation"]["share"], ex["intent"]["score"]
        expected = readiness_expected(cfg, fit, act, intent, bool(ex["fit"]["disqualifiers"]))
        assert ex["readiness"] == pytest.approx(expected, abs=0.01), user
        comp = ex["readiness_components"]
        assert comp["weights"] == {"fit": w.fit, "activation": w.activation, "intent": w.intent}
        assert comp["score"] == ex["readiness"]
        assert comp["fit"] == pytest.approx(fit, abs=0.005)
        assert comp["activation"] == pytest.approx(100 * act, abs=0.01)
        assert comp["intent"] == pytest.approx(intent, abs=0.005)
        seen.add((fit, act, intent))
    assert len(seen) == len(PEOPLE)  # every person has a different mix of components


def test_readiness_from_events_alone(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    """Readiness recomputed from the config and the events only (no component read back)."""
    cfg = workspace.config
    _fit_world(workspace, write_jsonl)
    as_of = at(1)
    for i, user in enumerate(PEOPLE):
        score, _ = fit_expected(cfg, _values(user))
        act = share(cfg, discovered_names(cfg, ACTIVATING[: 1 + i]))
        intent = 0.0
        if i % 2 == 0:
            demo, limit = signal(cfg, "Demo request"), signal(cfg, "Plan limit")
            intent = signal_points(demo, [at(1, hour=15)], as_of)
            intent += signal_points(limit, [at(1, hour=12)], as_of)
        lead = next(x for x in workspace.leads() if x["person_id"] == user)
        assert lead["intent"]["score"] == pytest.approx(min(100.0, intent), abs=0.006)
        values = _values(user)
        barred = any(_hit(cfg, d.code, values) for d in cfg.icp.disqualifiers)
        expected = readiness_expected(cfg, score, act, min(100.0, intent), barred)
        assert lead["readiness"] == pytest.approx(expected, abs=0.006), user
    order = [x["readiness"] for x in workspace.leads()]
    assert order == sorted(order, reverse=True)


# --- 6. route -------------------------------------------------------------------------------


def test_route_sales_assisted_for_big_accounts(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    cfg = workspace.config
    by_size, by_members = cfg.routing.sales_assisted
    assert by_size.field == "account.employees" and by_size.op == "gte"
    assert by_members.field == "metric.members" and by_members.op == "gte"
    big = int(by_size.value) * 2 + 200
    crowd = math.ceil(by_members.value)
    small = dict(GOOD_ACCOUNT, employees=int(by_size.value) - 1)
    calls = [
        identify("big1", 0, email="b@big.io", role="VP"),
        group("big1", "big", 0, **dict(GOOD_ACCOUNT, employees=big)),
        identify("solo", 0, email="s@small.io", role="VP"),
        group("solo", "small", 0, **small),
    ]
    for i in range(crowd):
        calls += [
            identify(f"c{i}", 0, email=f"c{i}@crowd.io", role="Manager"),
            group(f"c{i}", "crowd", 0, **small),
        ]
    scored(workspace, write_jsonl, calls, at(1))

    size_reason = f"employees {big} >= {value_text(float(by_size.value))}"
    members_reason = f"members {crowd} >= {value_text(float(by_members.value))}"
    leads = {x["person_id"]: x for x in workspace.leads(limit=100)}
    assert leads["big1"]["route"] == "sales_assisted"
    assert leads["big1"]["route_reason"] == size_reason
    assert workspace.explain("big1")["route_detail"] == {
        "route": "sales_assisted",
        "reason": size_reason,
    }
    assert leads["c0"]["route"] == "sales_assisted"
    assert leads["c0"]["route_reason"] == members_reason
    solo = leads["solo"]
    assert solo["route"] == "self_serve"
    assert solo["route_reason"].startswith("no sales-assisted rule passed")
    assert f"employees {small['employees']} <" in solo["route_reason"]
    assert "members 1 <" in solo["route_reason"]

    accounts = {a["account_id"]: a for a in workspace.accounts()}
    assert accounts["big"]["route"] == "sales_assisted"
    assert accounts["big"]["route_reason"] == size_reason
    assert accounts["crowd"]["route"] == "sales_assisted"
    assert accounts["crowd"]["members"] == crowd
    assert accounts["small"]["route"] == "self_serve"
    assert workspace.account("big")["route_detail"]["reason"] == size_reason


# --- 7. distance ----------------------------------------------------------------------------


def test_distance_names_the_one_missing_feature(
    workspace: Workspace, write_jsonl: Callable[..., Path]
) -> None:
    cfg = workspace.config
    events = ["Project Created", "Report Created", "Integration Connected"]
    found = discovered_names(cfg, events)
    need = math.ceil(cfg.activation.threshold * len(cfg.activation.key_features) - EPS)
    assert len(found) == need - 1 and "Reports" not in found
    demo, limit = signal(cfg, "Demo request"), signal(cfg, "Plan limit")
    as_of = at(1)
    intent = signal_points(demo, [at(1, hour=15)], as_of)
    intent += signal_points(limit, [at(1, hour=12)], as_of)
    assert intent >= cfg.intent.threshold  # all else qualifies
    calls = [*_person_calls("all_pass", events, day=1), *_intent_calls("all_pass", 1)]
    scored(workspace, write_jsonl, calls, as_of)

    ex = workspace.explain("all_pass")
    assert ex["fit"]["passed"] and ex["intent"]["passed"] and not ex["is_pql"]
    missing = [f.name for f in cfg.activation.key_features if f.name not in found]
    assert missing[0] == "Reports"  # the first missing feature in config order
    steps = ex["distance"]
    assert len(steps) == 1
    (step,) = steps
    assert step["part"] == "activation" and step["features"] == ["Reports"]
    assert "Reports" in step["text"]
    lead = next(x for x in workspace.leads() if x["person_id"] == "all_pass")
    assert lead["distance"] == steps

    # The second Report Created qualifies them: no distance left.
    scored(workspace, write_jsonl, [track("all_pass", "Report Created", 1, hour=20)], as_of)
    ex2 = workspace.explain("all_pass")
    assert ex2["is_pql"] and ex2["distance"] is None
