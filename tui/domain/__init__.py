"""The domain: the records every layer passes around, and the rules they all share.

- :mod:`.records`: Platform, Source, SourceHealth, IncidentUpdate, Incident, Event, Note, and
  the rules about them (an incident's key, a note's tags and target, a source's state)
- :mod:`.values`: vocabularies (statuses, impacts, categories), times, durations, intervals

Nothing here imports Textual or TinyDB. Import from this package (``from tui.domain import
Incident, utcnow``); the split into two modules only keeps each one small.
"""

from __future__ import annotations

from .records import (
    Event,
    Incident,
    IncidentUpdate,
    Note,
    Platform,
    Source,
    SourceHealth,
    incident_key,
    note_tags,
    parse_target,
    source_state,
)
from .values import (
    CLOSED_STATUSES,
    DEFAULT_INTERVAL_SECONDS,
    DEFAULT_KEEP_VERSIONS,
    EVENT_CATEGORIES,
    IMPACTS,
    INCIDENT_STATUSES,
    MIN_INTERVAL_SECONDS,
    TARGET_KINDS,
    checked_interval,
    format_duration,
    parse_day,
    parse_iso,
    parse_time_of_day,
    poll_interval,
    to_iso,
    utcnow,
)

__all__ = [
    "CLOSED_STATUSES",
    "DEFAULT_INTERVAL_SECONDS",
    "DEFAULT_KEEP_VERSIONS",
    "EVENT_CATEGORIES",
    "IMPACTS",
    "INCIDENT_STATUSES",
    "MIN_INTERVAL_SECONDS",
    "TARGET_KINDS",
    "Event",
    "Incident",
    "IncidentUpdate",
    "Note",
    "Platform",
    "Source",
    "SourceHealth",
    "checked_interval",
    "format_duration",
    "incident_key",
    "note_tags",
    "parse_day",
    "parse_iso",
    "parse_target",
    "parse_time_of_day",
    "poll_interval",
    "source_state",
    "to_iso",
    "utcnow",
]
