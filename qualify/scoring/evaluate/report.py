"""A self-contained HTML report: plots as base64 PNG data URIs, no external JS or CSS."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers and CI
import matplotlib.pyplot as plt

from qualify.scoring.evaluate.metrics import roc_points
from qualify.scoring.evaluate.result import EvaluationResult

_STYLE = (
    "body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px}"
    "img{max-width:100%}.warn{color:#a40}"
)


def write_report(result: EvaluationResult, path: str | Path) -> Path:
    """Write the report and return its path."""
    target = Path(path)
    target.write_text(render_report(result), encoding="utf-8")
    return target


def render_report(result: EvaluationResult) -> str:
    """The report as one HTML string."""
    doc = result.to_json()
    parts = [
        f"<h1>Evaluation of label {html.escape(result.label)!s}</h1>",
        _table(["metric", "value"], [[k, _fmt(doc[k])] for k in _HEADLINE]),
        _leak_section(doc),
        "<h2>Baselines</h2>",
        _table(["baseline", "AUC"], [[k, _fmt(v)] for k, v in doc["baselines"].items()]),
        *(f'<h2>{title}</h2><img alt="{title}" src="{_png(draw, result)}">'
          for title, draw in _PLOTS),
        "<h2>Lift by decile</h2>",
        _table(list(doc["lift"][0]), [[_fmt(v) for v in row.values()] for row in doc["lift"]]),
        "<h2>Placeholders treated as missing</h2>",
        _table(["value", "count", "columns"],
               [[p["value"], p["count"], ", ".join(p["columns"])] for p in doc["placeholders"]]),
        "<h2>Columns that are not features</h2>",
        _table(["column", "why"], [[c, r] for c, r in doc["excluded_columns"].items()]),
    ]  # fmt: skip
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>qualify evaluate</title>'
        f"<style>{_STYLE}</style></head><body>{body}</body></html>\n"
    )


_HEADLINE = ("auc", "auc_with_flagged", "pr_auc", "log_loss", "brier", "ece",
             "lift_top_decile", "model", "n_rows", "base_rate", "folds")  # fmt: skip


def _leak_section(doc: dict[str, Any]) -> str:
    if not doc["leakage"]:
        return "<h2>Outcome leakage</h2><p>No column was flagged.</p>"
    rows = [[x["column"], _fmt(x["auc"]), x["reason"], "yes" if x["excluded"] else "kept"]
            for x in doc["leakage"]]  # fmt: skip
    return (
        '<h2 class="warn">Outcome leakage</h2><p>These columns look filled in after the outcome. '
        "The headline AUC excludes them; <b>auc_with_flagged</b> shows what they were worth.</p>"
        + _table(["column", "AUC alone", "reason", "excluded"], rows)
    )


def _table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _fmt(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _png(draw: Any, result: EvaluationResult) -> str:
    fig, ax = plt.subplots(figsize=(6, 4), dpi=90)
    try:
        draw(ax, result)
        buffer = io.BytesIO()
        fig.tight_layout()
        fig.savefig(buffer, format="png", metadata={"Software": None})
    finally:
        plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _draw_roc(ax: Any, result: EvaluationResult) -> None:
    for name, scores in [(result.model, result.scores), *result.baseline_scores.items()]:
        fpr, tpr = roc_points(result.y, scores)
        ax.plot(fpr, tpr, label=name)
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey")
    ax.set(xlabel="false positive rate", ylabel="true positive rate")
    ax.legend(loc="lower right")


def _draw_calibration(ax: Any, result: EvaluationResult) -> None:
    bins = [b for b in result.calibration_bins if b["n"] > 0]
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey")
    ax.plot([b["mean_predicted"] for b in bins], [b["observed_rate"] for b in bins], marker="o")
    ax.set(xlabel="predicted probability", ylabel="observed rate", xlim=(0, 1), ylim=(0, 1))


def _draw_lift(ax: Any, result: EvaluationResult) -> None:
    ax.bar([int(r["decile"]) for r in result.lift], [r["lift"] for r in result.lift])
    ax.axhline(1.0, color="grey", linestyle=":")
    ax.set(xlabel="decile (best first)", ylabel="lift over base rate")


def _draw_importance(ax: Any, result: EvaluationResult) -> None:
    top = list(result.importance.items())[:15][::-1]
    ax.barh([name[:30] for name, _ in top], [value for _, value in top])
    ax.set(xlabel="mean |contribution| (log-odds)")


_PLOTS = (
    ("ROC", _draw_roc),
    ("Calibration", _draw_calibration),
    ("Lift", _draw_lift),
    ("Importance", _draw_importance),
)
