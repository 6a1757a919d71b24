"""Human text for the read views: rich tables and the three-part verdict.

Every renderer takes the JSON shape its view returns, so text and `--json` never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

__all__ = [
    "render_account",
    "render_accounts",
    "render_explain",
    "render_history",
    "render_leads",
    "verdict_lines",
]

_JOURNEY_TITLES = {"plg": "Product-led", "traditional": "Traditional"}


def render_leads(items: Sequence[dict[str, Any]]) -> Table:
    """The `qualify leads` table."""
    table = Table(title=f"{len(items)} leads by readiness", title_justify="left")
    for name in ("person", "account", "PQL", "fit", "activation", "intent", "readiness"):
        table.add_column(name, justify="right" if name in _NUMERIC else "left")
    for name in ("route", "stage", "what's missing"):
        table.add_column(name)
    for item in items:
        table.add_row(
            item["person_id"],
            item["account_id"] or "",
            _check(item["is_pql"]),
            _score(item["fit"]["score"]),
            _percent(item["activation"]["share"]),
            _score(item["intent"]["score"]),
            _score(item["readiness"]),
            _route(item["route"]),
            f"{item['stages']['plg']} / {item['stages']['traditional']}",
            _missing(item["distance"]),
        )
    return table


def render_accounts(items: Sequence[dict[str, Any]]) -> Table:
    """The `qualify accounts` table."""
    table = Table(title=f"{len(items)} accounts by readiness", title_justify="left")
    columns = ("account", "PQA", "members", "PQLs", "fit", "activation", "seats", "intent")
    for name in (*columns, "readiness"):
        table.add_column(name, justify="right" if name in _NUMERIC else "left")
    for name in ("route", "stage", "what's missing"):
        table.add_column(name)
    for item in items:
        table.add_row(
            item["account_id"],
            _check(item["is_pqa"]),
            _count(item["members"]),
            _count(item["pql_members"]),
            _score(item["fit"]["score"]),
            _percent(item["activation"]["share"]),
            _percent(item["activation"]["seat_share"]),
            _score(item["intent"]["score"]),
            _score(item["readiness"]),
            _route(item["route"]),
            f"{item['stages']['plg']} / {item['stages']['traditional']}",
            _missing(item["distance"]),
        )
    return table


def render_explain(person: dict[str, Any]) -> Group:
    """`qualify explain`: the three-part verdict, distance, route and both journeys."""
    status = "a PQL ✓" if person["is_pql"] else "not a PQL yet"
    account = f" (account {person['account_id']})" if person["account_id"] else ""
    head = Text(f"{person['person_id']}{account}: {status}", style="bold")
    return Group(head, *verdict_lines(person), render_history(person["history"]))


def render_account(acct: dict[str, Any]) -> Group:
    """`qualify account`: the roll-up verdict, its people and both journeys."""
    status = "a PQA ✓" if acct["is_pqa"] else "not a PQA yet"
    head = Text(
        f"{acct['account_id']}: {status} · {_count(acct['pql_members'])} of "
        f"{_count(acct['members'])} members are PQLs",
        style="bold",
    )
    people = render_leads(acct["people"])
    people.title = "members"
    return Group(head, *verdict_lines(acct), people, render_history(acct["history"]))


def verdict_lines(entity: dict[str, Any]) -> list[Text]:
    """Activated / Fits ICP / Intent / Readiness / Distance / Route, one line each."""
    return [
        Text(_activation_line(entity["activation"])),
        Text(_fit_line(entity["fit"])),
        Text(_intent_line(entity["intent"])),
        Text(f"Readiness: {_score(entity['readiness'])}/100"),
        Text(_distance_line(entity["distance"])),
        Text(f"Route: {_route(entity['route'])} — {entity.get('route_reason') or 'no reason'}"),
    ]


def render_history(history: dict[str, list[dict[str, Any]]]) -> Group:
    """Both journeys' stints, oldest first; the current stage is marked `now`."""
    lines: list[RenderableType] = []
    for journey, stints in history.items():
        lines.append(Text(f"{_JOURNEY_TITLES.get(journey, journey)} journey:", style="bold"))
        if not stints:
            lines.append(Text("  no stages recorded"))
        lines.extend(Text("  " + _stint(s)) for s in stints)
    return Group(*lines)


_NUMERIC = {"fit", "activation", "intent", "readiness", "members", "PQLs", "seats"}


def _activation_line(activation: dict[str, Any]) -> str:
    found, missing = activation.get("discovered") or [], activation.get("missing") or []
    total = len(found) + len(missing)
    text = f"Activated: {len(found)} of {total} key features ({_percent(activation['share'])})"
    if activation.get("seat_share") is not None:
        text += f", {_percent(activation['seat_share'])} of seats activated"
    return text + (f"; missing {_and(missing)}" if missing else "")


def _fit_line(fit: dict[str, Any]) -> str:
    verdict = {True: "fits", False: "does not fit", None: "fit"}[fit.get("passed")]
    text = f"Fits ICP: {_score(fit['score'])}/100 ({verdict})"
    rules = fit.get("rules") or []
    if rules:
        text += " — " + ", ".join(_rule(r) for r in rules)
    if fit.get("gates_failed"):
        text += f"; required rule failed: {_and([str(g) for g in fit['gates_failed']])}"
    for dq in fit.get("disqualifiers") or []:
        text += f"; disqualified ({dq.get('code')}): {dq.get('reason')}"
    return text


def _rule(rule: dict[str, Any]) -> str:
    if rule.get("passed"):
        return f"{rule.get('name')} ✓"
    return f"{rule.get('name')} ✗ ({rule.get('reason') or 'not met'})"


def _intent_line(intent: dict[str, Any]) -> str:
    text = f"Intent: {_score(intent['score'])}/100"
    signals = [s for s in intent.get("signals") or [] if (s.get("points") or 0) > 0]
    signals.sort(key=lambda s: -float(s["points"]))
    if signals:
        text += " — " + ", ".join(
            f"{s.get('name')} ×{s.get('events', 0)} (+{float(s['points']):.1f})" for s in signals
        )
    return text


def _distance_line(distance: list[dict[str, Any]] | None) -> str:
    if distance is None:
        return "Distance to qualify: none, qualified"
    steps = [str(step.get("text", step)) for step in distance] or ["unknown"]
    return "Distance to qualify: " + "; ".join(steps)


def _stint(stint: dict[str, Any]) -> str:
    entered = (stint.get("entered_at") or "?")[:10]
    until = "now" if stint.get("exited_at") is None else str(stint["exited_at"])[:10]
    text = f"{entered} → {until}  {stint['stage']}"
    if stint.get("trial_kind"):
        text += f" ({stint['trial_kind']})"
    if stint.get("reason"):
        text += f": {stint['reason']}"
    if stint.get("skipped"):
        text += f" [skipped {', '.join(stint['skipped'])}]"
    return text


def _missing(distance: list[dict[str, Any]] | None) -> str:
    if distance is None:
        return "—"
    return "; ".join(str(step.get("text", "")) for step in distance[:2]) + (
        " …" if len(distance) > 2 else ""
    )


def _and(names: Sequence[str]) -> str:
    names = [str(n) for n in names]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _check(flag: Any) -> str:
    return "✓" if flag else ""


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _count(value: int | None) -> str:
    return "–" if value is None else f"{int(value):,}"


def _route(route: str | None) -> str:
    return (route or "–").replace("_", "-")
