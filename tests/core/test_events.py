from __future__ import annotations

import datetime as dt

import pytest

from qualify.core.events import parse_event
from qualify.errors import InvalidEvent


def test_track_call_with_context_group() -> None:
    e = parse_event(
        {
            "type": "track",
            "event": "Report Created",
            "userId": 42,
            "timestamp": "2026-03-04T10:15:30+02:00",
            "context": {"groupId": "acct-1"},
            "properties": {"kind": "custom"},
            "messageId": "m-1",
        }
    )
    assert e.user_id == "42" and e.group_id == "acct-1" and e.event == "Report Created"
    assert e.timestamp == dt.datetime(2026, 3, 4, 8, 15, 30)  # converted to UTC, naive
    assert e.properties == {"kind": "custom"}


def test_page_name_and_missing_message_id_gets_stable_hash() -> None:
    raw = {"type": "page", "anonymousId": "a", "name": "Pricing", "timestamp": "2026-01-01"}
    first, second = parse_event(raw), parse_event(dict(raw))
    assert first.event == "Pricing"
    assert first.message_id == second.message_id and first.message_id.startswith("h:")
    assert parse_event({**raw, "name": "Home"}).message_id != first.message_id


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"type": "track", "userId": "u", "timestamp": "2026-01-01"}, "event"),
        ({"type": "track", "event": "E", "timestamp": "2026-01-01"}, "userId"),
        ({"type": "track", "event": "E", "userId": "u", "timestamp": "soon"}, "timestamp"),
        ({"type": "track", "event": "E", "userId": "u"}, "timestamp"),
        ({"type": "group", "userId": "u", "timestamp": "2026-01-01"}, "groupId"),
        ({"type": "alias", "userId": "u", "timestamp": "2026-01-01"}, "previousId"),
        ({"type": "shout", "userId": "u", "timestamp": "2026-01-01"}, "type"),
        ({"userId": "u", "timestamp": "2026-01-01"}, "type"),
        (
            {
                "type": "track",
                "event": "E",
                "userId": "u",
                "timestamp": "2026-01-01",
                "properties": [1],
            },
            "properties",
        ),
        ({"type": "identify", "userId": {"x": 1}, "timestamp": "2026-01-01"}, "userId"),
    ],
)
def test_bad_calls_name_the_field(raw: dict, field: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        parse_event(raw)
    assert info.value.field == field
    assert field in str(info.value)


def test_original_timestamp_is_accepted() -> None:
    e = parse_event(
        {"type": "identify", "userId": "u", "originalTimestamp": "2026-05-01T00:00:00Z"}
    )
    assert e.timestamp == dt.datetime(2026, 5, 1)


def test_not_an_object() -> None:
    with pytest.raises(InvalidEvent, match="JSON object"):
        parse_event([1, 2])
