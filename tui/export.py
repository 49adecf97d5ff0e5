"""Getting the chronicle out: JSON backup, CSV table, Markdown article, iCalendar file.

All functions are pure (domain objects in, text out) and every text field passes through
:func:`clean_text` first, so no terminal control sequence from a remote feed can reach a file,
a spreadsheet or a calendar.

Formats:

* **JSON** (:func:`export_json`) is the complete backup: ``{"format": "whalewatch",
  "version": 1, "platforms": [...], "sources": [...], "events": [...], "incidents": [...],
  "notes": [...]}``, each item as its ``to_dict()``. :mod:`tui.importer` reads it back.
* **CSV** (:func:`export_csv`) is a flat table of events and incidents, one per row, with
  this header (also accepted by the importer)::

      kind,id,date,time,end,platform,category,title,status,impact,url,description,change

  ``kind``        ``event`` or ``incident``
  ``id``          the event number, or the incident key ``source_id:external_id``
  ``date``        ``YYYY-MM-DD`` (UTC): the event's day, the incident's start
  ``time``        ``HH:MM`` (UTC), empty for an event without time
  ``end``         incident only: when it was resolved, ISO-8601 UTC, empty while open
  ``platform``    the platform's name
  ``category``    event only: one of :data:`tui.domain.EVENT_CATEGORIES`
  ``title``       the event's or incident's title
  ``status``      incident only: ``investigating`` … ``resolved``
  ``impact``      incident only: ``none``, ``minor``, ``major``, ``critical``, ``maintenance``
  ``url``         a link to the source of the fact or to the incident page
  ``description`` the event's description, or the incident's latest update text
  ``change``      event only: ``yes`` when analysis compares before/after it, else ``no``

  Each cell is one line (line breaks in a description become spaces). The CSV keeps
  minutes, not seconds, and not the incidents' update history: use JSON to move a store.
* **Markdown** (:func:`chronicle_markdown`) is the chronicle month by month, ready to paste
  into an article.
* **iCalendar** (:func:`export_ics`) follows RFC 5545: CRLF line ends, lines folded at 75
  octets, TEXT values escaped, a stable ``UID`` per item, and all-day entries for events
  without a time.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .domain import Event, Incident, Note, Platform, Source, format_duration, utcnow
from .text import NO_LIMIT, clean_line, clean_text

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


def _sanitizer() -> Callable[[str], str]:
    """The shared sanitiser, without its length cap: an export must not cut a long note."""
    return lambda text: clean_text(text, limit=NO_LIMIT)


def clean(text: Any) -> str:
    """Text with control sequences removed, keeping its line breaks (notes are Markdown)."""
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    sanitize = _sanitizer()
    return "\n".join(sanitize(line).replace("\n", " ") for line in value.split("\n"))


def _clean_tree(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: _clean_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_tree(item) for item in value]
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


# --- JSON --------------------------------------------------------------------------------


def export_json(
    events: Iterable[Event],
    incidents: Iterable[Incident],
    notes: Iterable[Note],
    sources: Iterable[Source] = (),
    platforms: Iterable[Platform] = (),
    exported_at: datetime | None = None,
) -> str:
    """Everything, as versioned JSON that :func:`tui.importer.import_file` reads back."""
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    if exported_at is not None:
        document["exported_at"] = exported_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    document["platforms"] = [p.to_dict() for p in platforms]
    document["sources"] = [s.to_dict() for s in sources]
    document["events"] = [e.to_dict() for e in sorted(events, key=lambda e: (e.moment, e.id))]
    document["incidents"] = [
        i.to_dict() for i in sorted(incidents, key=lambda i: (i.started_at, i.id))
    ]
    document["notes"] = [n.to_dict() for n in sorted(notes, key=lambda n: n.id)]
    return json.dumps(_clean_tree(document), ensure_ascii=False, indent=2) + "\n"


# --- CSV ---------------------------------------------------------------------------------


def _hhmm(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M")


def _iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _latest_body(incident: Incident) -> str:
    for update in sorted(incident.updates, key=lambda u: u.at, reverse=True):
        if update.body:
            return update.body
    return ""


def export_csv(events: Iterable[Event], incidents: Iterable[Incident]) -> str:
    """Events and incidents, oldest first, under the header documented in this module."""
    rows: list[tuple[datetime, list[str]]] = []
    for event in events:
        rows.append(
            (
                event.moment,
                [
                    "event",
                    str(event.id),
                    event.day.isoformat(),
                    event.time,
                    "",
                    event.platform,
                    event.category,
                    event.title,
                    "",
                    "",
                    event.url,
                    event.description,
                    "yes" if event.is_change else "no",
                ],
            )
        )
    for incident in incidents:
        start = incident.started_at.astimezone(UTC)
        rows.append(
            (
                start,
                [
                    "incident",
                    incident.id,
                    start.date().isoformat(),
                    _hhmm(start),
                    _iso(incident.resolved_at),
                    incident.platform,
                    "",
                    incident.title,
                    incident.status,
                    incident.impact,
                    incident.url,
                    _latest_body(incident),
                    "",
                ],
            )
        )
    rows.sort(key=lambda row: row[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for _, row in rows:
        writer.writerow([clean_line(cell) for cell in row])
    return buffer.getvalue()


# --- Markdown chronicle ------------------------------------------------------------------


def long_date(day: date) -> str:
    """``6 March 2023``: how an article writes a date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _duration(seconds: float) -> str:
    return format_duration(seconds)


def _quote_note(note: Note) -> list[str]:
    lines = clean(note.text).strip().split("\n")
    return ["  > " + line if line.strip() else "  >" for line in lines]


def chronicle_markdown(
    events: Iterable[Event],
    incidents: Iterable[Incident],
    notes: Iterable[Note] = (),
    title: str = "Chronicle",
    now: datetime | None = None,
) -> str:
    """The chronicle month by month (``## March 2023``), oldest first, ready for an article.

    Each event reads ``- **6 March 2023** — Title (category)``; each incident adds its start
    time, duration and impact. Attached notes follow as quotes and source links as ``Source:``
    lines; standalone notes close the document under ``## Notes``.
    """
    now = now or utcnow()
    note_list = list(notes)
    by_target: dict[tuple[str, str], list[Note]] = {}
    for note in sorted(note_list, key=lambda n: n.id):
        by_target.setdefault((note.target_kind, note.target_id), []).append(note)
    entries: list[tuple[datetime, int, list[str]]] = []
    for event in events:
        when = long_date(event.day) + (f", {event.time} UTC" if event.time else "")
        head = f"- **{when}** — {clean_line(event.title)} ({clean_line(event.category)})"
        if event.is_change:
            head += " — *key change*"
        lines = [head]
        if event.description:
            lines.append("  " + clean_line(event.description))
        if event.url:
            lines.append(f"  Source: <{clean_line(event.url)}>")
        for note in by_target.get(("event", str(event.id)), []):
            lines += _quote_note(note)
        entries.append((event.moment, 0, lines))
    for incident in incidents:
        start = incident.started_at.astimezone(UTC)
        duration = _duration(incident.duration_seconds(now))
        state = "" if incident.resolved_at else ", still open"
        head = (
            f"- **{long_date(start.date())}, {_hhmm(start)} UTC** — Incident: "
            f"{clean_line(incident.title)} — {duration}{state}, impact "
            f"{clean_line(incident.impact)}"
        )
        lines = [head]
        body = _latest_body(incident)
        if body:
            lines.append("  " + clean_line(body))
        if incident.url:
            lines.append(f"  Source: <{clean_line(incident.url)}>")
        for note in by_target.get(("incident", incident.id), []):
            lines += _quote_note(note)
        entries.append((start, 1, lines))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    out = [f"# {clean_line(title)}", ""]
    current_month: tuple[int, int] | None = None
    for moment, _, lines in entries:
        month = (moment.year, moment.month)
        if month != current_month:
            if current_month is not None:
                out.append("")
            out += [f"## {MONTHS[moment.month - 1]} {moment.year}", ""]
            current_month = month
        out += lines
    standalone = [n for n in note_list if not n.target_kind]
    if standalone:
        out += ["", "## Notes", ""]
        for note in sorted(standalone, key=lambda n: n.id):
            out += [line[2:] if line.startswith("  ") else line for line in _quote_note(note)]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


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
        body = _latest_body(incident)
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


EXPORT_FORMATS: dict[str, str] = {
    "json": "complete backup (platforms, sources, events, incidents, notes)",
    "csv": "one row per event or incident",
    "md": "Markdown chronicle, month by month",
    "ics": "iCalendar file for a calendar application",
}


def render(
    fmt: str,
    selection: Selection,
    sources: Sequence[Source] = (),
    platforms: Sequence[Platform] = (),
    now: datetime | None = None,
) -> str:
    """One export format over a selection (what ``whalewatch export`` writes)."""
    if fmt == "json":
        return export_json(
            selection.events, selection.incidents, selection.notes, sources, platforms, now
        )
    if fmt == "csv":
        return export_csv(selection.events, selection.incidents)
    if fmt == "md":
        return chronicle_markdown(selection.events, selection.incidents, selection.notes, now=now)
    if fmt == "ics":
        return export_ics(selection.events, selection.incidents, stamp=now, now=now)
    raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(EXPORT_FORMATS)})")
