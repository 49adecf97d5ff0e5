"""What every export format shares: the format's name and columns, cleaning, the selection.

Every string that leaves in an export goes through :func:`clean` (Markdown notes keep their
line breaks) or :func:`tui.text.clean_line`, so no export carries a control sequence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ..domain import Event, Incident, Note
from ..text import clean_multiline as clean

FORMAT_NAME = "whalewatch"
FORMAT_VERSION = 1

CSV_COLUMNS = (
    "kind",
    "id",
    "date",
    "time",
    "end",
    "platform",
    "category",
    "title",
    "status",
    "impact",
    "url",
    "description",
    "change",
)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# --- sanitising --------------------------------------------------------------------------


def clean_tree(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: clean_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_tree(item) for item in value]
    return value


# --- selection ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What ``--from``/``--to``/``--platform`` keep: events, incidents and their notes."""

    events: list[Event]
    incidents: list[Incident]
    notes: list[Note]


def select(
    events: Iterable[Event],
    incidents: Iterable[Incident],
    notes: Iterable[Note],
    start: date | None = None,
    end: date | None = None,
    platform: str | None = None,
) -> Selection:
    """Keep the items dated from ``start`` to ``end`` (both inclusive) on ``platform``.

    An incident is dated by the UTC day it started. The platform compares case-insensitively.
    Notes follow their target: a note attached to a kept event or incident is kept, one on a
    platform is kept when that platform is. A standalone note is kept only when there is no
    platform filter (it belongs to no platform) and its creation day is in the range.
    """
    wanted = platform.casefold() if platform else None

    def in_range(day: date | None) -> bool:
        if day is None:
            return start is None and end is None
        return (start is None or day >= start) and (end is None or day <= end)

    def on_platform(name: str) -> bool:
        return wanted is None or name.casefold() == wanted

    kept_events = [e for e in events if in_range(e.day) and on_platform(e.platform)]
    kept_incidents = [
        i
        for i in incidents
        if in_range(i.started_at.astimezone(UTC).date()) and on_platform(i.platform)
    ]
    event_ids = {str(e.id) for e in kept_events}
    incident_ids = {i.id for i in kept_incidents}
    kept_notes = []
    for note in notes:
        if note.target_kind == "event":
            keep = note.target_id in event_ids
        elif note.target_kind == "incident":
            keep = note.target_id in incident_ids
        elif note.target_kind == "platform":
            keep = on_platform(note.target_id)
        else:
            created = note.created_at.astimezone(UTC).date() if note.created_at else None
            keep = wanted is None and (
                (start is None and end is None) or (created is not None and in_range(created))
            )
        if keep:
            kept_notes.append(note)
    return Selection(kept_events, kept_incidents, kept_notes)


# --- shared by the formats -----------------------------------------------------------


def hhmm(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M")


def iso_or_empty(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def latest_body(incident: Incident) -> str:
    for update in sorted(incident.updates, key=lambda u: u.at, reverse=True):
        if update.body:
            return update.body
    return ""


ILLUSTRATIVE = "Illustrative"
"""How an invented incident says so: its first update starts with this word (the demo's do,
see :mod:`tui.demo.incidents`), and the chronicle must carry the mark into the text."""


def is_illustrative(incident: Incident) -> bool:
    """True when the incident's first update says it was invented (``Illustrative …``)."""
    if not incident.updates:
        return False
    first = min(incident.updates, key=lambda update: update.at)
    return first.body.lstrip().startswith(ILLUSTRATIVE)
