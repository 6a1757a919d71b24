"""Segment calls as the simulator builds them, and their Segment-spec JSON shape."""

from __future__ import annotations

import time
from typing import Any, NamedTuple

from qualify.simulate.world import Person

Payload = dict[str, Any]


class Call(NamedTuple):
    """One Segment call before it gets a message id. `ts` is epoch seconds, UTC.

    `group_id` is the groupId of a group call, or the context groupId of a track or page call;
    `event` is the event name of a track call or the page name of a page call.
    """

    ts: int
    type: str
    user_id: str | None
    anon_id: str | None
    group_id: str | None
    event: str | None
    previous_id: str | None
    payload: Payload | None


class Timeline:
    """The calls of one account; calls at or after `end` fall outside the world and are dropped."""

    __slots__ = ("calls", "end")

    def __init__(self, end: int) -> None:
        self.end = end
        self.calls: list[Call] = []

    def _add(self, call: Call) -> None:
        if call.ts < self.end:
            self.calls.append(call)

    def _ids(self, person: Person) -> tuple[str | None, str | None]:
        return (person.user_id, None) if person.known else (None, person.anon_id)

    def track(self, ts: int, person: Person, event: str, props: Payload | None = None) -> None:
        user, anon = self._ids(person)
        self._add(Call(ts, "track", user, anon, person.group_id, event, None, props or {}))

    def page(self, ts: int, person: Person, name: str, path: str) -> None:
        user, anon = self._ids(person)
        self._add(Call(ts, "page", user, anon, person.group_id, name, None, {"path": path}))

    def visit(self, ts: int, anon_id: str, name: str, path: str) -> None:
        """A page view of a visitor who never identifies."""
        self._add(Call(ts, "page", None, anon_id, None, name, None, {"path": path}))

    def identify(self, ts: int, person: Person, *, alias: bool = False) -> None:
        """The first identify merges the anonymous id, by identify or (sometimes) by alias."""
        anon = None
        if not person.known:
            if alias:
                self._add(Call(ts, "alias", person.user_id, None, None, None, person.anon_id, None))
            else:
                anon = person.anon_id
            person.known = True
            person.since = ts
        self._add(Call(ts, "identify", person.user_id, anon, None, None, None, person.traits()))

    def group(self, ts: int, person: Person, group_id: str, traits: Payload) -> None:
        person.group_id = group_id
        self._add(Call(ts, "group", person.user_id, None, group_id, None, None, traits))


_HOURS: dict[int, str] = {}
_MINUTES_SECONDS = [f"{m:02d}:{s:02d}Z" for m in range(60) for s in range(60)]


def iso_seconds(ts: int) -> str:
    """`2026-03-04T10:15:30Z`, from cached hour prefixes, as strftime is slow at this volume."""
    hour, rest = divmod(ts, 3600)
    prefix = _HOURS.get(hour)
    if prefix is None:
        prefix = _HOURS[hour] = time.strftime("%Y-%m-%dT%H:", time.gmtime(hour * 3600))
    return prefix + _MINUTES_SECONDS[rest]


def to_segment(call: Call, message_id: str) -> dict[str, Any]:
    """The Segment-spec JSON object of a call, camelCase keys, no empty fields."""
    out: dict[str, Any] = {
        "type": call.type,
        "messageId": message_id,
        "timestamp": iso_seconds(call.ts),
    }
    if call.user_id is not None:
        out["userId"] = call.user_id
    if call.anon_id is not None:
        out["anonymousId"] = call.anon_id
    kind = call.type
    if kind == "track":
        out["event"] = call.event
        out["properties"] = call.payload
    elif kind == "page":
        out["name"] = call.event
        out["properties"] = call.payload
    elif kind == "identify":
        out["traits"] = call.payload
    elif kind == "group":
        out["groupId"] = call.group_id
        out["traits"] = call.payload
    else:
        out["previousId"] = call.previous_id
    if call.group_id is not None and kind in ("track", "page"):
        out["context"] = {"groupId": call.group_id}
    return out
