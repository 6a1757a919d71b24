"""A mapping turns any table's rows into Segment calls: how CRM and billing exports of
opportunities and subscriptions come in.

```yaml
type: track                      # identify, track, page, screen, group
event: Opportunity Created       # a constant name, or
event_column: Stage              # the column that holds the name
fields: {userId: Contact Id, groupId: Account Id, timestamp: Created Date, messageId: Id}
properties: {amount: Amount}     # property -> column
traits: {industry: Industry}     # trait -> column
filter: {Status: Closed Won}     # keep only rows whose column holds this text
```
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qualify.config import _loc_path
from qualify.errors import ConfigError

__all__ = ["Mapping", "load_mapping"]

SEGMENT_FIELDS = ("userId", "anonymousId", "groupId", "timestamp", "messageId", "previousId")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class Mapping(BaseModel):
    """How one table's rows become events."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["identify", "track", "page", "screen", "group"] = "track"
    event: str | None = None
    event_column: str | None = None
    fields: dict[Literal[SEGMENT_FIELDS], str] = Field(default_factory=dict)  # type: ignore[valid-type]
    properties: dict[str, str] = Field(default_factory=dict)
    traits: dict[str, str] = Field(default_factory=dict)
    filter: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Mapping:
        if self.type == "track" and not (self.event or self.event_column):
            raise ValueError("a track mapping needs `event` (a name) or `event_column`")
        if "timestamp" not in self.fields:
            raise ValueError("fields.timestamp is required: the column holding each row's time")
        return self

    def columns(self) -> set[str]:
        """Every source column the mapping reads."""
        used = {*self.fields.values(), *self.properties.values(), *self.traits.values()}
        used |= set(self.filter)
        return used | ({self.event_column} if self.event_column else set())

    def apply(self, row: dict[str, Any]) -> dict[str, Any] | None:
        """The Segment call of a row, or None when the filter drops it."""
        for column, wanted in self.filter.items():
            if str(row.get(column, "")) != wanted:
                return None
        call: dict[str, Any] = {"type": self.type}
        for key, column in self.fields.items():
            call[key] = _cell(row.get(column))
        if self.type == "track":
            call["event"] = self.event or _cell(row.get(self.event_column or ""))
        elif self.event:
            call["name"] = self.event
        call["properties"] = {k: _value(row.get(c)) for k, c in self.properties.items()}
        call["traits"] = {k: _value(row.get(c)) for k, c in self.traits.items()}
        return call


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value.strip() if isinstance(value, str) else value


def _value(value: Any) -> Any:
    """CSV cells are text; numbers and booleans become JSON numbers and booleans."""
    value = _cell(value)
    if not isinstance(value, str):
        return value
    if NUMBER.match(value):
        return float(value) if "." in value else int(value)
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file; errors name the path inside it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError("", f"cannot read mapping {path}: {exc}") from None
    try:
        return Mapping.model_validate(data or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{path.name}: {_loc_path(tuple(err['loc']))}", msg) from None
