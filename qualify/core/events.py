"""The one internal event model: the Segment spec's identify, track, page, screen, group and
alias calls, validated from their JSON shape."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from qualify.core.clock import naive_utc, parse_time
from qualify.core.ids import record_hash
from qualify.errors import InvalidEvent

__all__ = ["EVENT_TYPES", "Event", "parse_event"]

EVENT_TYPES = ("identify", "track", "page", "screen", "group", "alias")
MAX_ID_LENGTH = 512
TIME_KEYS = ("timestamp", "originalTimestamp", "sentAt")


@dataclass(frozen=True, slots=True)
class Event:
    """One accepted call. Times are naive UTC, as the store keeps them."""

    type: str
    message_id: str
    timestamp: dt.datetime
    user_id: str | None = None
    anonymous_id: str | None = None
    group_id: str | None = None
    event: str | None = None
    previous_id: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    traits: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)


def parse_event(raw: Any) -> Event:
    """Validate one Segment call; raise InvalidEvent naming the field and the fix."""
    if not isinstance(raw, dict):
        raise InvalidEvent("a call must be a JSON object", fix="write one object per line")
    kind = _type(raw)
    user_id = _id(raw, "userId")
    anonymous_id = _id(raw, "anonymousId")
    context = _object(raw, "context")
    props = _object(raw, "properties")
    traits = _object(raw, "traits") or _object(context, "traits", "context.traits")
    _require_identity(kind, user_id, anonymous_id)
    return Event(
        type=kind,
        message_id=_id(raw, "messageId") or record_hash(raw),
        timestamp=_timestamp(raw),
        user_id=user_id,
        anonymous_id=anonymous_id,
        group_id=_group_id(kind, raw, context),
        event=_event_name(kind, raw, props),
        previous_id=_previous_id(kind, raw),
        properties=props,
        traits=traits,
        context=context,
    )


def _type(raw: dict[str, Any]) -> str:
    kind = raw.get("type")
    if kind is None:
        raise InvalidEvent("missing", field="type", fix=f"one of {', '.join(EVENT_TYPES)}")
    if not isinstance(kind, str) or kind.lower() not in EVENT_TYPES:
        raise InvalidEvent(
            f"{kind!r} is not a Segment call", field="type", fix=f"one of {', '.join(EVENT_TYPES)}"
        )
    return kind.lower()


def _id(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if type(value) is str and len(value) <= MAX_ID_LENGTH:
        return value  # the common case, checked first: ingest calls this 4 times per event
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidEvent(f"must be a string, got {type(value).__name__}", field=key)
    text = str(value)
    if len(text) > MAX_ID_LENGTH:
        raise InvalidEvent(f"longer than {MAX_ID_LENGTH} characters", field=key)
    return text


def _object(raw: dict[str, Any], key: str, name: str | None = None) -> dict[str, Any]:
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidEvent(
            f"must be an object, got {type(value).__name__}", field=name or key, fix="use {...}"
        )
    return value


def _require_identity(kind: str, user_id: str | None, anonymous_id: str | None) -> None:
    if user_id is None and anonymous_id is None:
        raise InvalidEvent(
            "a call needs userId or anonymousId", field="userId", fix="set one of them"
        )
    if kind == "alias" and user_id is None:
        raise InvalidEvent("alias needs the new userId", field="userId")


def _timestamp(raw: dict[str, Any]) -> dt.datetime:
    for key in TIME_KEYS:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            return naive_utc(value)
        if not isinstance(value, str):
            raise InvalidEvent(f"{value!r} is not an ISO 8601 time", field=key)
        try:
            return naive_utc(parse_time(value))
        except ValueError:
            raise InvalidEvent(
                f"{value!r} is not an ISO 8601 time", field=key, fix="e.g. 2026-03-04T10:15:30Z"
            ) from None
    raise InvalidEvent("missing", field="timestamp", fix="add an ISO 8601 time in UTC")


def _group_id(kind: str, raw: dict[str, Any], context: dict[str, Any]) -> str | None:
    if kind == "group":
        group_id = _id(raw, "groupId")
        if group_id is None:
            raise InvalidEvent("a group call needs groupId", field="groupId")
        return group_id
    return _id(context, "groupId")


def _event_name(kind: str, raw: dict[str, Any], props: dict[str, Any]) -> str | None:
    if kind == "track":
        name = raw.get("event")
        if not isinstance(name, str) or not name.strip():
            raise InvalidEvent("a track call needs an event name", field="event")
        return name.strip()
    if kind in ("page", "screen"):
        name = raw.get("name") or props.get("name")
        return str(name) if name else None
    return None


def _previous_id(kind: str, raw: dict[str, Any]) -> str | None:
    if kind != "alias":
        return None
    previous = _id(raw, "previousId")
    if previous is None:
        raise InvalidEvent("an alias call needs previousId", field="previousId")
    return previous
