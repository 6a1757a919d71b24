"""The tables every engine keeps, as portable DDL, and the typed-column expressions."""

from __future__ import annotations

from qualify.config import TypedColumn

EVENT_COLUMNS = (
    "message_id",
    "type",
    "event",
    "user_id",
    "anonymous_id",
    "group_id",
    "previous_id",
    "timestamp",
    "received_at",
    "properties",
    "traits",
    "context",
    "source",
)

DDL = (
    """CREATE TABLE IF NOT EXISTS events (
        key UHUGEINT NOT NULL, message_id VARCHAR NOT NULL, type VARCHAR NOT NULL,
        event VARCHAR, user_id VARCHAR, anonymous_id VARCHAR, group_id VARCHAR,
        previous_id VARCHAR, timestamp TIMESTAMP NOT NULL, received_at TIMESTAMP NOT NULL,
        properties JSON, traits JSON, context JSON, source VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS rejections (
        key UHUGEINT NOT NULL, source VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR,
        received_at TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS identities (
        anonymous_id VARCHAR, user_id VARCHAR, merged_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS memberships (
        user_id VARCHAR, group_id VARCHAR, since TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS people (
        user_id VARCHAR, first_seen TIMESTAMP, last_seen TIMESTAMP, traits JSON)""",
    """CREATE TABLE IF NOT EXISTS accounts (
        group_id VARCHAR, first_seen TIMESTAMP, last_seen TIMESTAMP, traits JSON)""",
)

# Earliest merge wins, so the result does not depend on the order files were ingested in;
# as_of() ignores merges made after its time.
REFRESH = (
    """CREATE OR REPLACE TABLE identities AS
       SELECT anonymous_id, arg_min(user_id, (timestamp, user_id)) AS user_id,
              min(timestamp) AS merged_at
       FROM (SELECT anonymous_id, user_id, timestamp FROM events
             WHERE type = 'identify' AND anonymous_id IS NOT NULL AND user_id IS NOT NULL
             UNION ALL
             SELECT previous_id, user_id, timestamp FROM events
             WHERE type = 'alias' AND previous_id IS NOT NULL)
       WHERE anonymous_id <> user_id
       GROUP BY anonymous_id""",
    """CREATE OR REPLACE TABLE memberships AS
       SELECT user_id, group_id, min(timestamp) AS since FROM events
       WHERE type = 'group' AND user_id IS NOT NULL GROUP BY user_id, group_id""",
    """CREATE OR REPLACE TABLE people AS
       SELECT user_id, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
              arg_max(traits, timestamp) FILTER (WHERE type = 'identify') AS traits
       FROM events WHERE user_id IS NOT NULL GROUP BY user_id""",
    """CREATE OR REPLACE TABLE accounts AS
       SELECT group_id, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
              arg_max(traits, timestamp) FILTER (WHERE type = 'group') AS traits
       FROM events WHERE group_id IS NOT NULL GROUP BY group_id""",
)


def typed_expression(col: TypedColumn) -> str:
    """SQL that extracts a typed column from the JSON it mirrors."""
    path = '$."' + col.key.replace('"', '\\"') + '"'
    text = f"json_extract_string({col.source}, '{path}')"
    if col.sql_type == "VARCHAR":
        return text
    return f"TRY_CAST({text} AS {col.sql_type})"
