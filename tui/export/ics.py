"""The iCalendar export: events and incidents as VEVENTs a calendar application updates in place."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from ..domain import Event, Incident, utcnow
from ..text import clean_line
from .common import clean, latest_body

# --- iCalendar ---------------------------------------------------------------------------


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    value = clean(text)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


def _ics_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", text)


def export_ics(
    events: Iterable[Event],
    incidents: Iterable[Incident],
    stamp: datetime | None = None,
    now: datetime | None = None,
) -> str:
    """An iCalendar file: events (all-day when they have no time) and incidents as VEVENTs.

    ``UID`` is ``event-<id>@whalewatch`` or ``incident-<key>@whalewatch``, so re-exporting
    updates entries in a calendar rather than duplicating them. An open incident ends at
    ``now``. ``stamp`` is the ``DTSTAMP`` (default: the current time).
    """
    stamp_text = _ics_stamp(stamp or utcnow())
    now = now or utcnow()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//whalewatch//chronicle//EN",
        "CALSCALE:GREGORIAN",
    ]
    for event in sorted(events, key=lambda e: (e.moment, e.id)):
        lines += ["BEGIN:VEVENT", f"UID:event-{event.id}@whalewatch", f"DTSTAMP:{stamp_text}"]
        if event.time:
            lines.append(f"DTSTART:{_ics_stamp(event.moment)}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}")
            if event.day < date.max:  # without DTEND a date's event lasts the day (RFC 5545)
                following = event.day + timedelta(days=1)
                lines.append(f"DTEND;VALUE=DATE:{following.strftime('%Y%m%d')}")
        lines.append(f"SUMMARY:{ics_escape(event.title)}")
        if event.description:
            lines.append(f"DESCRIPTION:{ics_escape(event.description)}")
        if event.category:
            lines.append(f"CATEGORIES:{ics_escape(event.category)}")
        if event.url:
            lines.append(f"URL:{clean_line(event.url)}")
        lines.append("END:VEVENT")
    for incident in sorted(incidents, key=lambda i: (i.started_at, i.id)):
        end = incident.resolved_at or now
        if end < incident.started_at:
            end = incident.started_at
        lines += [
            "BEGIN:VEVENT",
            f"UID:incident-{_uid_part(incident.id)}@whalewatch",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART:{_ics_stamp(incident.started_at)}",
            f"DTEND:{_ics_stamp(end)}",
            f"SUMMARY:{ics_escape('Incident: ' + incident.title)}",
        ]
        body = latest_body(incident)
        description = f"Status: {incident.status}. Impact: {incident.impact}."
        if body:
            description += "\n" + body
        lines.append(f"DESCRIPTION:{ics_escape(description)}")
        lines.append("CATEGORIES:outage")
        if incident.url:
            lines.append(f"URL:{clean_line(incident.url)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
