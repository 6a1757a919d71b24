"""`qualify funnel` as a chart: a horizontal bar per stage, headline rates with intervals.

The field's quoted figures are printed beside the measured ones, labelled as the field's, so a
reader has context; they never enter a computation.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from qualify.lifecycle.funnel import FIELD_FIGURES, HEADLINE

__all__ = ["format_rate", "render_funnel"]

BAR_WIDTH = 30
_TITLES = {"plg": "Product-led journey", "traditional": "Traditional journey"}
_HEADLINE_NAMES = {"pql_to_paid": "PQL-to-paid", "lead_to_customer": "Lead-to-customer"}


def render_funnel(data: dict[str, Any], *, cohorts: bool = True) -> Group:
    """People's journeys (with cohorts), then accounts' journeys, from `funnel()`'s JSON."""
    parts: list[RenderableType] = [Text(f"Funnels as of {data['as_of']}", style="bold")]
    for journey in ("plg", "traditional"):
        parts.append(_journey(f"{_TITLES[journey]} (people)", data[journey], journey))
        if cohorts and data[journey]["cohorts"]:
            window = data.get("conversion_window_days")
            parts.append(_cohort_table(data[journey]["cohorts"], journey, window))
    for journey in ("plg", "traditional"):
        parts.append(_journey(f"{_TITLES[journey]} (accounts)", data["accounts"][journey], journey))
    return Group(*parts)


def format_rate(rate: dict[str, Any]) -> str:
    """`27.3% (95% CI 24.1-30.8%, n=412)`, or `no data` for n = 0."""
    if rate.get("rate") is None:
        return f"no data (n={rate.get('n', 0)})"
    return (
        f"{100 * rate['rate']:.1f}% (95% CI {100 * rate['low']:.1f}-{100 * rate['high']:.1f}%, "
        f"n={rate['n']:,})"
    )


def _journey(title: str, data: dict[str, Any], journey: str) -> Group:
    key = HEADLINE[journey]
    headline = Text.assemble((f"{_HEADLINE_NAMES[key]}: ", "bold"), format_rate(data[key]))
    field = Text(f"  the field's figure, for context only: {FIELD_FIGURES[key]}", style="dim")
    return Group(Text(""), _stage_chart(title, data["stages"]), headline, field)


def _stage_chart(title: str, stages: list[dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, box=None, pad_edge=False)
    table.add_column("stage")
    table.add_column("", min_width=BAR_WIDTH, no_wrap=True)
    table.add_column("count", justify="right")
    table.add_column("→ next", justify="right")
    table.add_column("median days", justify="right")
    top = max((s["count"] for s in stages), default=0) or 1
    for stage in stages:
        table.add_row(
            stage["name"],
            Text(_bar(stage["count"], top), style="cyan"),
            f"{stage['count']:,}",
            _percent(stage["conversion_to_next"]),
            _days(stage["median_days_in_stage"]),
        )
    return table


def _cohort_table(cohorts: list[dict[str, Any]], journey: str, window: int | None) -> Table:
    name = _HEADLINE_NAMES[HEADLINE[journey]]
    note = f"; * = younger than the {window}-day window" if window else ""
    table = Table(title=f"{name} by signup month{note}", title_justify="left", box=None)
    for column in ("cohort", "n", "rate", "95% CI"):
        table.add_column(column, justify="left" if column == "cohort" else "right")
    for c in cohorts:
        interval = "–" if c["low"] is None else f"{100 * c['low']:.1f}-{100 * c['high']:.1f}%"
        mark = "" if c["complete"] else " *"
        table.add_row(c["cohort"] + mark, f"{c['n']:,}", _percent(c["rate"]), interval)
    return table


def _bar(count: int, top: int) -> str:
    # Eighth-blocks give the short bars of late stages a visible, proportional length.
    eighths = round(8 * BAR_WIDTH * count / top)
    full, rest = divmod(eighths, 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"
