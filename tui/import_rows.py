"""Reading an export's rows: JSON and CSV parsed, every row checked, nothing written.

What :mod:`tui.importer` writes only ever comes from here, validated: each problem is reported
with where it is (CSV: the line number; JSON: the item path, e.g. ``events[3].day``), and a
row with one is not kept. Values are checked against the record's field types before a record
is built (:mod:`tui.record_shape`), so a wrong type is named rather than crashing or coerced.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from .domain import (
    EVENT_CATEGORIES,
    IMPACTS,
    INCIDENT_STATUSES,
    TARGET_KINDS,
    Event,
    Incident,
    IncidentUpdate,
    Note,
    Platform,
    Source,
    parse_day,
    parse_iso,
    parse_time_of_day,
)
from .export import CSV_COLUMNS, FORMAT_NAME, FORMAT_VERSION, clean
from .kinds import kind_named
from .kinds.conditions import setting_problems
from .record_shape import MAX_INTEGER, field_type_problems
from .text import clean_line, safe_url, url_credentials

CHANGE_VALUES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
INCIDENT_STATES = (*INCIDENT_STATUSES, "completed")
MAX_DIGITS = 4000  # longer integers are not read (Python refuses past 4,300 digits)


class ImportFailed(Exception):
    """The file cannot be read at all (missing, not JSON, unknown format)."""


@dataclass
class ParsedRows:
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


def _plain(text: str) -> bool:
    """Text that every cleaning leaves as it is: printable ASCII, no doubled or outer spaces."""
    return (
        text.isascii()
        and text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


def clean_event(event: Event) -> Event:
    """The event with its text sanitised (the same event when nothing needed it: an import
    of 100,000 clean events must not rebuild them all)."""
    time = parse_time_of_day(event.time)
    lines = (event.title, event.platform, event.url, event.confidence, event.description)
    if time == event.time and all(_plain(text) for text in lines):
        return event
    return replace(
        event,
        title=clean_line(event.title).strip(),
        time=time,
        platform=clean_line(event.platform),
        url=clean_line(event.url),
        description=clean(event.description),
        confidence=clean_line(event.confidence),
    )


def clean_incident(incident: Incident) -> Incident:
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
    record: type,
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
        wrong = field_type_problems(record, data, LENIENT.get(record, frozenset()))
        wrong += _update_type_problems(data) if record is Incident else []
        if wrong:
            errors.extend(f"{where}.{name}: {message}" for name, message in wrong)
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


LENIENT: dict[type, frozenset[str]] = {Source: frozenset({"id"})}
"""Fields a record's ``from_dict`` converts itself (a source id written as a number)."""


def _update_type_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    updates = data.get("updates")
    if not isinstance(updates, list):
        return []
    return [
        (f"updates[{index}].{name}", message)
        for index, update in enumerate(updates)
        if isinstance(update, dict)
        for name, message in field_type_problems(IncidentUpdate, update)
    ]


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
    # A kind this process does not know (the demo's, a plugin's) makes a valid row that the
    # importer leaves out, saying so. A kind that fetches gets the URL rules of `source add`.
    kind = kind_named(source.kind)
    fetched = kind is not None and kind.fetches_url
    if not source.url:
        problems.append(("url", "a source needs a url"))
    elif fetched and not safe_url(source.url):
        problems.append(("url", f"only http:// or https:// URLs, not {source.url[:80]!r}"))
    elif fetched and url_credentials(source.url):
        problems.append(
            ("url", "a user name or password in the URL is refused (it would be shown)")
        )
    return problems + setting_problems(source)


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


def parse_json(text: str) -> tuple[ParsedRows, list[str]]:
    """Parse and validate a JSON export; errors name the item path (``events[3].day``)."""
    giants: list[int] = []  # digit counts of the numbers too long to read

    def bounded_int(digits: str) -> int:
        if len(digits) <= MAX_DIGITS:
            return int(digits)
        giants.append(len(digits.lstrip("-")))
        return MAX_INTEGER + 1  # refused below as "number too large", by row and field

    try:
        document = json.loads(text, parse_int=bounded_int)
    except json.JSONDecodeError as error:
        raise ImportFailed(f"not valid JSON (line {error.lineno}: {error.msg})") from error
    except RecursionError as error:
        raise ImportFailed("not a whalewatch export (nested too deeply to read)") from error
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise ImportFailed(f"not a whalewatch export ({error})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFailed('not a whalewatch export (no "format": "whalewatch")')
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportFailed(
            f"export format version {version!r} is newer than this whalewatch reads "
            f"({FORMAT_VERSION}); upgrade whalewatch"
        )
    errors: list[str] = []
    parsed = ParsedRows(
        platforms=_json_items(
            document, "platforms", Platform, Platform.from_dict, _check_platform, errors
        ),
        sources=_json_items(document, "sources", Source, Source.from_dict, _check_source, errors),
        events=_json_items(document, "events", Event, _event_from_json, _check_event, errors),
        incidents=_json_items(
            document, "incidents", Incident, _incident_from_json, _check_incident, errors
        ),
        notes=_json_items(document, "notes", Note, Note.from_dict, _check_note, errors),
    )
    errors += _duplicate_ids(document.get("events"), "events")
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
    if giants:  # also where no field check reaches: refused all the same
        errors.append(f"a number of {max(giants)} digits: too large to be one")
    return parsed, errors


def _duplicate_ids(raw: Any, kind: str) -> list[str]:
    """Two rows with one id: notes on that id would silently land on the wrong one."""
    first: dict[Any, int] = {}
    errors = []
    for index, data in enumerate(raw if isinstance(raw, list) else ()):
        ident = data.get("id") if isinstance(data, dict) else None
        if not isinstance(ident, int | str) or isinstance(ident, bool):
            continue
        if ident in first:
            errors.append(f"{kind}[{index}].id: {ident!r} is also the id of {kind}[{first[ident]}]")
        else:
            first[ident] = index
    return errors


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


def parse_csv(text: str) -> tuple[ParsedRows, list[str]]:
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
    parsed = ParsedRows()
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
