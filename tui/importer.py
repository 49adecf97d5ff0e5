"""Reading an export back into a store: all or nothing, and never twice.

Every row is validated before anything is written; if one is bad, the report lists every bad
row (CSV: its line number in the file; JSON: its path, e.g. ``events[3].day``) and the store is
left untouched. Importing the same file again adds nothing: events are matched on
``(day, title, platform)``, notes on ``(text, target)``, sources on id or URL, platforms on
name, and incidents are merged by their key (:meth:`Store.merge_incidents`), so a newer export
of the same incident only appends its new updates.

A source whose kind this installation does not have (the demo's ``replay``, a plugin's, a
newer whalewatch's) is not added: it could never be polled, and ``poll --once`` would report
it failing on every run. The report names it and its kind (``refused``); everything else,
its incidents included, is imported, and importing the file again once the kind exists adds
the source alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .domain import Event, Note
from .export import clean
from .import_rows import (
    ImportFailed,
    ParsedRows,
    clean_event,
    clean_incident,
    parse_csv,
    parse_json,
)
from .kinds import kind_named
from .store import Store
from .text import clean_line, normalized_url

__all__ = ["ImportFailed", "ImportReport", "import_file", "import_text", "parse_csv", "parse_json"]

KINDS = ("platforms", "sources", "events", "incidents", "notes")


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (``errors``)."""

    path: str = ""
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    refused: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    """Rows left out of an import that went ahead, by table: one line each, which and why."""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line per kind that had rows, e.g. ``events: 3 added, 1 already present``,
        then one line per refused row (``not imported: source 'x' …``)."""
        lines = []
        for kind in KINDS:
            added, skipped = self.added[kind], self.skipped[kind]
            refused = len(self.refused[kind])
            if added or skipped or refused:
                counts = f"{kind}: {added} added, {skipped} already present"
                lines.append(counts + (f", {refused} not imported" if refused else ""))
        lines.extend(line for kind in KINDS for line in self.refused[kind])
        return "\n".join(lines) or "nothing to import"


# --- writing -----------------------------------------------------------------------------


def _event_key(event: Event) -> tuple[str, str, str]:
    return (event.day.isoformat(), event.title.strip().casefold(), event.platform.casefold())


def _write(store: Store, parsed: ParsedRows, report: ImportReport) -> None:
    """Compare with what the store holds and write what is new: all of it, or none.

    Everything runs in one :meth:`Store.batch`: the store lock is held from the first read of
    the existing keys to the last write, so two imports at once cannot both find a row
    missing and both add it; each file is written once, however many rows (TinyDB would
    rebuild a table on every insert); and a process killed midway leaves nothing.
    """
    with store.batch():
        _write_platforms_and_sources(store, parsed, report)
        id_map = _write_events(store, parsed, report)
        if parsed.incidents:
            result = store.merge_incidents(clean_incident(i) for i in parsed.incidents)
            report.added["incidents"] += len(result.new)
            report.skipped["incidents"] += len(parsed.incidents) - len(result.new)
        _write_notes(store, parsed, report, id_map)


def _write_platforms_and_sources(store: Store, parsed: ParsedRows, report: ImportReport) -> None:
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
    urls = {normalized_url(s.url) for s in existing_sources}
    for source in parsed.sources:
        if source.id in ids or normalized_url(source.url) in urls:
            report.skipped["sources"] += 1
            continue
        if kind_named(source.kind) is None:
            report.refused["sources"].append(
                f"not imported: source {clean_line(source.id, 80)!r} "
                f"({clean_line(source.url, 120)}) is of kind {clean_line(source.kind, 40)!r}, "
                "which this installation does not have: it could not be polled "
                "(its incidents are imported)"
            )
            continue
        store.save_source(replace(source, url=clean_line(source.url), name=clean_line(source.name)))
        ids.add(source.id)
        urls.add(normalized_url(source.url))
        report.added["sources"] += 1


def _write_events(store: Store, parsed: ParsedRows, report: ImportReport) -> dict[str, str]:
    """Add the new events; returns each exported event id's id in this store."""
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
        fresh.append(clean_event(event))
        fresh_old_ids.append(str(event.id))
    for old_id, new_id in zip(fresh_old_ids, store.insert_events(fresh), strict=True):
        id_map[old_id] = str(new_id)
    report.added["events"] += len(fresh)
    return id_map


def _write_notes(
    store: Store, parsed: ParsedRows, report: ImportReport, id_map: dict[str, str]
) -> None:
    seen_notes = {(n.text, n.target_kind, n.target_id) for n in store.notes()}
    fresh: list[Note] = []
    for note in sorted(parsed.notes, key=lambda n: n.id):
        target_id = note.target_id
        if note.target_kind == "event":
            target_id = id_map.get(target_id, target_id)
        text = clean(note.text)
        key = (text, note.target_kind, target_id if note.target_kind else "")
        if key in seen_notes:
            report.skipped["notes"] += 1
            continue
        fresh.append(replace(note, text=text, target_id=key[2]))
        seen_notes.add(key)
    store.add_notes(fresh)
    report.added["notes"] += len(fresh)


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
