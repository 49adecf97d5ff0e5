"""The domain: the records every layer passes around, and the rules they all share.

- :mod:`.records`: Platform, Source, SourceHealth, and a source's state
- :mod:`.incidents`: Incident, IncidentUpdate, and an incident's key
- :mod:`.entries`: Event and Note, and a note's tags and target
- :mod:`.values`: vocabularies (statuses, impacts, categories), times, durations, intervals

Nothing here imports Textual or TinyDB. Import from this package (``from tui.domain import
Incident, utcnow``); the split into modules keeps each one small, and lets the records load on
first use: ``whalewatch source list`` from cron builds no incident, event or note, and on a store
that needs no repair not even a source (importing the dataclasses module alone costs about a
fifth of what starting Python does; see :mod:`tui.store.clean_read`).
"""

from __future__ import annotations

from importlib import import_module

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

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:
    from typing import Any

    from .entries import Event, Note, note_tags, parse_target
    from .incidents import Incident, IncidentUpdate, incident_key
    from .records import Platform, Source, SourceHealth, source_state

_LAZY = {
    "Platform": ".records",
    "Source": ".records",
    "SourceHealth": ".records",
    "source_state": ".records",
    "Event": ".entries",
    "Note": ".entries",
    "note_tags": ".entries",
    "parse_target": ".entries",
    "Incident": ".incidents",
    "IncidentUpdate": ".incidents",
    "incident_key": ".incidents",
}
"""The names whose module loads on first use, and that module."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


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
