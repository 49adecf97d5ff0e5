"""The JSON export (a complete backup the importer reads back) and the CSV one (one row an item)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..domain import Event, Incident, Note, Platform, Source
from ..text import clean_line
from .common import (
    CSV_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    clean_tree,
    hhmm,
    iso_or_empty,
    latest_body,
)

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
    return json.dumps(clean_tree(document), ensure_ascii=False, indent=2) + "\n"


# --- CSV ---------------------------------------------------------------------------------


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
                    hhmm(start),
                    iso_or_empty(incident.resolved_at),
                    incident.platform,
                    "",
                    incident.title,
                    incident.status,
                    incident.impact,
                    incident.url,
                    latest_body(incident),
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
