"""Items: everything the config counts (key features, intent signals, touches, lifecycle
events), each with a stable code. `features.wide.daily_facts` turns the as-of events into one
row per (person, item, UTC day); an event may feed several items (a teammate invite is a key
feature and an intent signal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qualify.config import Config, EventMatch

__all__ = ["Item", "items"]


@dataclass(frozen=True)
class Item:
    """One thing the config counts: `kind` is kf|signal|touch|sql|signup|opportunity|customer|
    expansion|advocacy|churn, `index` its position in its config list."""

    kind: str
    index: int
    match: EventMatch

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.index}"


def items(cfg: Config) -> list[Item]:
    """Every item of the config, in a stable order."""
    lc = cfg.lifecycle
    groups: list[tuple[str, list[Any]]] = [
        ("kf", list(cfg.activation.key_features)),
        ("signal", list(cfg.intent.signals)),
        ("touch", list(cfg.marketing.touches)),
        ("sql", list(cfg.marketing.sql_events)),
        ("signup", list(lc.signup)),
        ("opportunity", list(lc.opportunity)),
        ("customer", list(lc.customer)),
        ("expansion", list(lc.expansion)),
        ("advocacy", list(lc.advocacy)),
        ("churn", list(lc.churn)),
    ]
    return [Item(kind, i, m) for kind, ms in groups for i, m in enumerate(ms)]
