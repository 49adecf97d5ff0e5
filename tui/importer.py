"""Reading an export back into a store: all or nothing, and never twice.

Every row is validated before anything is written; if one is bad, the report lists every bad
row (CSV: its line number in the file; JSON: its path, e.g. ``events[3].day``) and the store is
left untouched. Importing the same file again adds nothing: events are matched on
``(day, title, platform)``, notes on ``(text, target)``, sources on id or URL, platforms on
name, and incidents are merged by their key (:meth:`Store.merge_incidents`), so a newer export
of the same incident only appends its new updates.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .domain import (
    EVENT_CATEGORIES,
    IMPACTS,
    INCIDENT_STATUSES,
    TARGET_KINDS,
    Event,
    Incident,
    Note,
    Platform,
    Source,
    parse_day,
    parse_iso,
    parse_time_of_day,
)
from .export import CSV_COLUMNS, FORMAT_NAME, FORMAT_VERSION, clean
from .store import Store
from .text import clean_line

KINDS = ("platforms", "sources", "events", "incidents", "notes")
CHANGE_VALUES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
INCIDENT_STATES = (*INCIDENT_STATUSES, "completed")


class ImportFailed(Exception):
    """The file cannot be read at all (missing, not JSON, unknown format)."""


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (``errors``)."""

    path: str = ""
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line per kind that had rows, e.g. ``events: 3 added, 1 already present``."""
        lines = []
        for kind in KINDS:
            added, skipped = self.added[kind], self.skipped[kind]
            if added or skipped:
                lines.append(f"{kind}: {added} added, {skipped} already present")
        return "\n".join(lines) or "nothing to import"


@dataclass
class _Parsed:
    platforms: list[Platform] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


# --- validation helpers ------------------------------------------------------------------


def _check_event(event: Event) -> list[tuple[str, str]]:
    """Problems as ``(field, message)`` pairs."""
    problems = []
    if not event.title.strip():
        problems.append(("title", "the title is empty"))
    if event.category not in EVENT_CATEGORIES:
        problems.append(
            (
                "category",
                f"unknown category {event.category!r} (expected one of "
                f"{', '.join(EVENT_CATEGORIES)})",
            )
        )
    try:
        parse_time_of_day(event.time)
    except ValueError as error:
        problems.append(("time", str(error)))
    return problems


def _check_incident(incident: Incident) -> list[tuple[str, str]]:
    problems = []
    if not incident.source_id or not incident.external_id:
        problems.append(("id", "an incident needs a source id and an external id"))
    if incident.status not in INCIDENT_STATES:
        problems.append(("status", f"unknown status {incident.status!r}"))
    if incident.impact not in IMPACTS:
        problems.append(("impact", f"unknown impact {incident.impact!r}"))
    if incident.resolved_at and incident.resolved_at < incident.started_at:
        problems.append(("resolved_at", "resolved before it started"))
    return problems


def _clean_event(event: Event) -> Event:
    return replace(
        event,
        title=clean_line(event.title).strip(),
        time=parse_time_of_day(event.time),
        platform=clean_line(event.platform),
        url=clean_line(event.url),
        description=clean(event.description),
        confidence=clean_line(event.confidence),
    )


def _clean_incident(incident: Incident) -> Incident:
    return replace(
        incident,
        title=clean_line(incident.title),
        platform=clean_line(incident.platform),
        url=clean_line(incident.url),
        updates=tuple(replace(u, body=clean(u.body)) for u in incident.updates),
    )


# --- JSON --------------------------------------------------------------------------------


def _json_items(
    document: dict[str, Any],
    kind: str,
    build: Callable[[dict[str, Any]], Any],
    check: Callable[[Any], list[tuple[str, str]]],
    errors: list[str],
) -> list[Any]:
    raw = document.get(kind, [])
    if not isinstance(raw, list):
        errors.append(f"{kind}: expected a list")
        return []
    items = []
    for index, data in enumerate(raw):
        where = f"{kind}[{index}]"
        if not isinstance(data, dict):
            errors.append(f"{where}: expected an object")
            continue
        try:
            item = build(data)
        except KeyError as error:
            errors.append(f"{where}.{error.args[0]}: missing")
            continue
        except (TypeError, ValueError) as error:
            errors.append(f"{where}{_guess_field(data, error)}: {error}")
            continue
        problems = check(item)
        for name, message in problems:
            errors.append(f"{where}.{name}: {message}")
        if not problems:
            items.append(item)
    return items


def _guess_field(data: dict[str, Any], error: Exception) -> str:
    """Point at the field a parse error came from, when the value appears in the message."""
    text = str(error)
    for key, value in data.items():
        if isinstance(value, str) and value and repr(value) in text:
            return f".{key}"
    for key in ("day", "started_at", "resolved_at", "at", "created_at", "id"):
        if key in data and key in text:
            return f".{key}"
    return ""


def _check_source(source: Source) -> list[tuple[str, str]]:
    problems = []
    if not source.id:
        problems.append(("id", "a source needs an id"))
    if not source.url:
        problems.append(("url", "a source needs a url"))
    return problems


def _check_note(note: Note) -> list[tuple[str, str]]:
    if note.target_kind and note.target_kind not in TARGET_KINDS:
        return [("target_kind", f"unknown target kind {note.target_kind!r}")]
    return []


def _check_platform(platform: Platform) -> list[tuple[str, str]]:
    return [] if platform.name.strip() else [("name", "a platform needs a name")]


def _incident_from_json(data: dict[str, Any]) -> Incident:
    if "started_at" in data and not data["started_at"]:
        raise KeyError("started_at")
    for update in data.get("updates") or ():
        if not isinstance(update, dict) or not update.get("at"):
            raise ValueError("every update needs an 'at' timestamp (updates)")
    return Incident.from_dict(data)


def _event_from_json(data: dict[str, Any]) -> Event:
    if "title" not in data:
        raise KeyError("title")
    return Event.from_dict(data)


def parse_json(text: str) -> tuple[_Parsed, list[str]]:
    """Parse and validate a JSON export; errors name the item path (``events[3].day``)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(f"not valid JSON (line {error.lineno}: {error.msg})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFailed('not a whalewatch export (no "format": "whalewatch")')
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportFailed(
            f"export format version {version!r} is newer than this whalewatch reads "
            f"({FORMAT_VERSION}); upgrade whalewatch"
        )
    errors: list[str] = []
    parsed = _Parsed(
        platforms=_json_items(document, "platforms", Platform.from_dict, _check_platform, errors),
        sources=_json_items(document, "sources", Source.from_dict, _check_source, errors),
        events=_json_items(document, "events", _event_from_json, _check_event, errors),
        incidents=_json_items(document, "incidents", _incident_from_json, _check_incident, errors),
        notes=_json_items(document, "notes", Note.from_dict, _check_note, errors),
    )
    # A note on an event that is not in the file would land on whatever event has that
    # number here: refuse it rather than attach it to the wrong item.
    event_ids = {str(event.id) for event in parsed.events}
    for index, data in enumerate(document.get("notes") or []):
        if (
            isinstance(data, dict)
            and data.get("target_kind") == "event"
            and str(data.get("target_id")) not in event_ids
        ):
            errors.append(
                f"notes[{index}].target_id: event {data.get('target_id')!r} is not in this file"
            )
    return parsed, errors


# --- CSV ---------------------------------------------------------------------------------


def _csv_event(row: dict[str, str]) -> tuple[Event | None, list[str]]:
    problems = []
    try:
        day = parse_day(row["date"])
    except ValueError as error:
        problems.append(f"date: {error}")
        day = None
    try:
        time = parse_time_of_day(row["time"].strip())
    except ValueError as error:
        problems.append(f"time: {error}")
        time = ""
    change = CHANGE_VALUES.get(row["change"].strip().lower() or "no")
    if change is None:
        problems.append(f"change: expected yes or no, got {row['change']!r}")
    raw_id = row["id"].strip()
    if raw_id and not raw_id.isdigit():
        problems.append(f"id: an event id is a number, got {raw_id!r}")
    event = Event(
        id=int(raw_id) if raw_id.isdigit() else 0,
        day=day or datetime(1970, 1, 1).date(),
        title=row["title"],
        category=row["category"].strip() or "other",
        platform=row["platform"],
        time=time,
        url=row["url"],
        description=row["description"],
        is_change=bool(change),
    )
    problems += [f"{name}: {message}" for name, message in _check_event(event) if name != "time"]
    return (None if problems else event), problems


def _csv_incident(row: dict[str, str]) -> tuple[Incident | None, list[str]]:
    problems = []
    source_id, sep, external_id = row["id"].strip().partition(":")
    if not sep or not source_id or not external_id:
        problems.append(f"id: expected source_id:external_id, got {row['id']!r}")
    started = None
    try:
        day = parse_day(row["date"])
        time = parse_time_of_day(row["time"].strip()) or "00:00"
        hour, minute = (int(part) for part in time.split(":"))
        started = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
    except ValueError as error:
        problems.append(f"date/time: {error}")
    try:
        resolved = parse_iso(row["end"].strip() or None)
    except ValueError:
        problems.append(f"end: not an ISO-8601 timestamp: {row['end']!r}")
        resolved = None
    if problems or started is None:
        return None, problems
    incident = Incident(
        source_id=source_id,
        external_id=external_id,
        title=row["title"],
        status=row["status"].strip() or ("resolved" if resolved else "investigating"),
        impact=row["impact"].strip() or "none",
        started_at=started,
        platform=row["platform"],
        resolved_at=resolved,
        url=row["url"],
    )
    problems += [f"{name}: {message}" for name, message in _check_incident(incident)]
    return (None if problems else incident), problems


def parse_csv(text: str) -> tuple[_Parsed, list[str]]:
    """Parse and validate a CSV export; errors name the line in the file (``line 7``)."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed("the CSV file is empty") from None
    except csv.Error as error:
        raise ImportFailed(f"line 1: {error}") from error
    if tuple(h.strip() for h in header) != CSV_COLUMNS:
        raise ImportFailed("line 1: expected the header " + ",".join(CSV_COLUMNS))
    parsed = _Parsed()
    errors: list[str] = []
    line = reader.line_num
    while True:
        first_line = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(f"line {first_line}: {error}")
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(CSV_COLUMNS):
            errors.append(
                f"line {first_line}: expected {len(CSV_COLUMNS)} columns, found {len(cells)}"
            )
            continue
        row = dict(zip(CSV_COLUMNS, cells, strict=True))
        kind = row["kind"].strip()
        if kind == "event":
            event, problems = _csv_event(row)
            if event is not None:
                parsed.events.append(event)
        elif kind == "incident":
            incident, problems = _csv_incident(row)
            if incident is not None:
                parsed.incidents.append(incident)
        else:
            problems = [f"kind: expected event or incident, got {row['kind']!r}"]
        errors += [f"line {first_line}: {problem}" for problem in problems]
    return parsed, errors


# --- writing -----------------------------------------------------------------------------


def _event_key(event: Event) -> tuple[str, str, str]:
    return (event.day.isoformat(), event.title.strip().casefold(), event.platform.casefold())


def _write(store: Store, parsed: _Parsed, report: ImportReport) -> None:
    known_platforms = {p.name for p in store.platforms()}
    for platform in parsed.platforms:
        if platform.name in known_platforms:
            report.skipped["platforms"] += 1
        else:
            store.save_platform(platform)
            known_platforms.add(platform.name)
            report.added["platforms"] += 1

    existing_sources = store.sources()
    ids = {s.id for s in existing_sources}
    urls = {s.url for s in existing_sources}
    for source in parsed.sources:
        if source.id in ids or source.url in urls:
            report.skipped["sources"] += 1
            continue
        store.save_source(replace(source, url=clean_line(source.url), name=clean_line(source.name)))
        ids.add(source.id)
        urls.add(source.url)
        report.added["sources"] += 1

    # Exported event ids mean nothing in this store: map them to the ids events get here.
    by_key = {_event_key(e): e.id for e in store.events()}
    id_map: dict[str, str] = {}
    fresh: list[Event] = []
    fresh_old_ids: list[str] = []
    for event in parsed.events:
        key = _event_key(event)
        if key in by_key:
            id_map[str(event.id)] = str(by_key[key])
            report.skipped["events"] += 1
            continue
        by_key[key] = -1
        fresh.append(_clean_event(event))
        fresh_old_ids.append(str(event.id))
    for old_id, saved in zip(fresh_old_ids, store.add_events(fresh), strict=True):
        id_map[old_id] = str(saved.id)
        by_key[_event_key(saved)] = saved.id
    report.added["events"] += len(fresh)

    if parsed.incidents:
        result = store.merge_incidents(_clean_incident(i) for i in parsed.incidents)
        report.added["incidents"] += len(result.new)
        report.skipped["incidents"] += len(parsed.incidents) - len(result.new)

    seen_notes = {(n.text, n.target_kind, n.target_id) for n in store.notes()}
    for note in sorted(parsed.notes, key=lambda n: n.id):
        target_id = note.target_id
        if note.target_kind == "event":
            target_id = id_map.get(target_id, target_id)
        text = clean(note.text)
        key = (text, note.target_kind, target_id if note.target_kind else "")
        if key in seen_notes:
            report.skipped["notes"] += 1
            continue
        added = store.add_note(
            text, note.target_kind, target_id, pinned=note.pinned, created_at=note.created_at
        )
        seen_notes.add((added.text, added.target_kind, added.target_id))
        report.added["notes"] += 1


def import_text(store: Store, text: str, fmt: str, path: str = "") -> ImportReport:
    """Import already-read text (``fmt`` is ``json`` or ``csv``); see :func:`import_file`."""
    report = ImportReport(path=path)
    try:
        parsed, errors = parse_json(text) if fmt == "json" else parse_csv(text)
    except ImportFailed as error:
        report.errors.append(str(error))
        return report
    if errors:
        report.errors.extend(errors)
        return report
    _write(store, parsed, report)
    return report


EXPORT_ONLY = {".md": "Markdown", ".markdown": "Markdown", ".ics": "iCalendar"}
"""Formats whalewatch writes but cannot read back: they drop what an import needs."""


def import_file(store: Store, path: Path | str) -> ImportReport:
    """Import a JSON or CSV export into ``store``: everything valid, or nothing at all.

    The format is taken from the extension (``.json``/``.csv``), else from the first
    character. Errors (unreadable file, bad rows) are in ``report.errors``; nothing is written
    when there is any.
    """
    path = Path(path)
    report = ImportReport(path=str(path))
    export_only = EXPORT_ONLY.get(path.suffix.lower())
    if export_only:
        report.errors.append(
            f"{path}: {export_only} is an export-only format (for reading and publishing); "
            "import a JSON or CSV export instead (`whalewatch export --format json`)"
        )
        return report
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        report.errors.append(f"cannot read {path}: {error.strerror or error}")
        return report
    except UnicodeDecodeError:
        report.errors.append(f"{path} is not UTF-8 text")
        return report
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        fmt = suffix[1:]
    else:
        fmt = "json" if text.lstrip().startswith("{") else "csv"
    return import_text(store, text, fmt, str(path))
