"""The whalewatch store: the only code that knows TinyDB, speaking domain objects outward.

A store is a directory. The user's precious data (platforms and sources, events, notes) lives
apart from what polling rebuilds (source health, incidents), so that a note save never
rewrites the feed's history: incidents are partitioned by the month they started in
(``incidents/YYYY-MM.json``), and ``incidents/index.json`` names the open ones, so that start-up
reads the newest months only, whatever the size of the history.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.table import Document

from ..domain import (
    Event,
    Incident,
    IncidentUpdate,
    Note,
    Platform,
    Source,
    SourceHealth,
    utcnow,
)
from .atomic import remove_orphaned_temp_files
from .datafile import DataFile
from .errors import StoreDamaged, StoreError, StoreTooNew
from .first_screen import read_first_screen, write_first_screen
from .locks import FileLock, PollerLock

SCHEMA = 1


def _legacy_v0(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 is a plain TinyDB file without ``_meta`` (early prototypes): keep its tables."""
    return data


MIGRATIONS = {0: _legacy_v0}


@dataclass(frozen=True)
class MergeResult:
    """What one merge of polled incidents changed: shown as toasts and unread marks."""

    new: tuple[Incident, ...] = ()
    changed: tuple[Incident, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed)


@dataclass(frozen=True)
class NoteSave:
    """The outcome of saving a note: the saved note, and the other session's copy on conflict."""

    note: Note
    conflict_with: Note | None = None


@dataclass
class StoreStatus:
    """Messages from opening the store (recoveries, migrations) for the UI to show once."""

    messages: list[str] = field(default_factory=list)


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _update_identity(update: IncidentUpdate) -> tuple[str, str, str]:
    return (update.status, update.at.isoformat(), update.body)


class Store:
    """Domain-level access to one store directory, safe to share between processes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.lock = FileLock(self.root / "store.lock")
        self.poller_lock = PollerLock(self.root / "poller.lock")
        self.backups = self.root / "backups"

        def datafile(name: str, kind: str, precious: bool) -> DataFile:
            return DataFile(
                self.root / name,
                kind,
                SCHEMA,
                self.lock,
                self.backups,
                MIGRATIONS,
                precious=precious,
                label=name,
            )

        self.config = datafile("config.json", "config", True)
        self.events_file = datafile("events.json", "events", True)
        self.notes_file = datafile("notes.json", "notes", True)
        self.health_file = datafile("health.json", "health", False)
        self.incident_index = datafile("incidents/index.json", "incident-index", False)
        self._incident_months: dict[str, DataFile] = {}
        self._reported: set[str] = set()
        self.status = StoreStatus()
        self.first_screen: dict[str, Any] | None = None
        """The documents of the last first screen, when no data file changed since (open)."""
        self.first_screen_parts: dict[str, Any] = {}
        """Those of its documents whose source files did not change (see FirstScreen)."""

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path) -> Store:
        """Open (creating if needed) a store directory, repairing what can be safely repaired.

        Orphaned temporary files are removed, older schemas are migrated with a backup, and a
        damaged file is moved aside and replaced by its newest good backup. A file of a newer
        schema, or one that cannot be read, raises :class:`StoreError`: nothing is overwritten.

        The month files of the incident history are not read here (start-up must not cost more
        as the history grows): each is checked, and repaired the same way, when first read.
        """
        store = cls(root)
        try:
            store.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            (store.root / "incidents").mkdir(exist_ok=True, mode=0o700)
        except OSError as error:
            raise StoreError(f"cannot create the store at {root}: {error.strerror}") from error
        with store.lock.held():
            remove_orphaned_temp_files(store.root)
            remove_orphaned_temp_files(store.root / "incidents")
            remove_orphaned_temp_files(store.root / "backups")
            copy = read_first_screen(store.root)
            signatures = store.file_signatures()
            # A file unchanged since the last full read (which parsed it) is not parsed again.
            repaired = [
                False
                if copy is not None and copy.trusted(datafile.label, signatures[datafile.label])
                else store._check(datafile)
                for datafile in store.main_files()
            ]
            index_lost = repaired[-1] or not store.incident_index.path.exists()
            if index_lost and store.incident_months():
                store.status.messages.append(store.rebuild_incident_index())
            if copy is not None and not any(repaired):
                store.first_screen_parts = copy.reusable(signatures, SCHEMA)
                if copy.matches(signatures, SCHEMA):
                    store.first_screen = copy.documents
        return store

    def _check(self, datafile: DataFile) -> bool:
        """Repair one file at start-up; ``True`` when it was damaged (and moved aside).

        Raises when the file must be left as it is: too new, unreadable, or damaged in a
        directory where it cannot be moved aside.
        """
        repaired = False
        try:
            if datafile.schema_of(datafile.read_checked()) == datafile.schema:
                return False
        except StoreTooNew:
            raise
        except StoreDamaged:
            message = datafile.recover()
            if message:
                repaired = True
                self.status.messages.append(message)
        try:
            message = datafile.migrate_on_disk()
        except StoreError as error:
            self.status.messages.append(f"{datafile.label}: not migrated ({error})")
            return repaired
        if message:
            self.status.messages.append(message)
        return repaired

    def main_files(self) -> list[DataFile]:
        """The files every start-up reads: configuration, events, notes, health, the index."""
        return [
            self.config,
            self.events_file,
            self.notes_file,
            self.health_file,
            self.incident_index,
        ]

    def all_files(self) -> list[DataFile]:
        return [
            *self.main_files(),
            *(self._month_file(month) for month in sorted(self.incident_months())),
        ]

    def file_signatures(self) -> dict[str, tuple[int, int, int] | None]:
        """The stat signature of every data file, by label: a few stats, no parsing."""
        signatures = {datafile.label: datafile.stat_signature() for datafile in self.main_files()}
        for month in self.incident_months():
            signatures[f"incidents/{month}.json"] = self._month_file(month).stat_signature()
        return signatures

    def save_first_screen(
        self, signatures: dict[str, tuple[int, int, int] | None], documents: dict[str, Any]
    ) -> bool:
        """Keep ``documents`` for the next start, valid while ``signatures`` hold.

        Written only when the files are still as ``signatures`` says (so the documents were
        read from exactly them); returns whether it was written.
        """
        if self.file_signatures() != signatures:
            return False
        write_first_screen(self.root, SCHEMA, signatures, documents)
        return True

    def signature(self) -> tuple[Any, ...]:
        """Changes whenever any session writes anything: cheap enough to check every second.

        A merge that changes any incident rewrites the index, so month files are not checked.
        """
        return tuple(f.signature() for f in self.main_files())

    def generations(self) -> dict[str, int]:
        """Each file's write counter (``whalewatch doctor`` and change detection)."""
        return {f.kind: f.generation() for f in self.all_files() if f.path.parent == self.root}

    # --- platforms and sources -------------------------------------------------------------

    def platforms(self) -> list[Platform]:
        docs = self.config.table("platforms").values()
        return sorted((Platform.from_dict(d) for d in docs), key=lambda p: p.name.lower())

    def save_platform(self, platform: Platform) -> Platform:
        with self.config.transaction() as db:
            table = db.table("platforms")
            for doc_id, doc in table._read_table().items():
                if doc.get("name") == platform.name:
                    table.update(platform.to_dict(), doc_ids=[int(doc_id)])
                    break
            else:
                table.insert(platform.to_dict())
        return platform

    def sources(self) -> list[Source]:
        docs = self.config.table("sources").values()
        return sorted((Source.from_dict(d) for d in docs), key=lambda s: s.id)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources() if s.id == source_id), None)

    def save_source(self, source: Source) -> Source:
        """Insert or update a source; a source without an id gets the next ``sN`` id."""
        with self.config.transaction() as db:
            table = db.table("sources")
            docs = table._read_table()
            if not source.id:
                taken = {str(doc.get("id")) for doc in docs.values()}
                number = len(docs) + 1
                while f"s{number}" in taken:
                    number += 1
                source = replace(source, id=f"s{number}", created_at=source.created_at or utcnow())
            for doc_id, doc in docs.items():
                if doc.get("id") == source.id:
                    table.update(source.to_dict(), doc_ids=[int(doc_id)])
                    break
            else:
                table.insert(source.to_dict())
            if source.platform and not any(
                d.get("name") == source.platform
                for d in db.table("platforms")._read_table().values()
            ):
                db.table("platforms").insert(Platform(source.platform).to_dict())
        return source

    def remove_source(self, source_id: str) -> Source | None:
        """Remove a source's configuration; its incidents stay in the history."""
        with self.config.transaction() as db:
            table = db.table("sources")
            for doc_id, doc in table._read_table().items():
                if doc.get("id") == source_id:
                    table.remove(doc_ids=[int(doc_id)])
                    return Source.from_dict(doc)
        return None

    def health(self) -> dict[str, SourceHealth]:
        return {
            str(d["source_id"]): SourceHealth.from_dict(d)
            for d in self.health_file.table("health").values()
        }

    def save_health(self, entries: Iterable[SourceHealth]) -> None:
        """Record what the poller learnt, all sources of one cycle in one write."""
        entries = list(entries)
        if not entries:
            return
        with self.health_file.transaction() as db:
            table = db.table("health")
            by_source = {doc.get("source_id"): int(i) for i, doc in table._read_table().items()}
            for entry in entries:
                doc_id = by_source.get(entry.source_id)
                if doc_id is None:
                    table.insert(entry.to_dict())
                else:
                    table.update(entry.to_dict(), doc_ids=[doc_id])

    # --- events -----------------------------------------------------------------------------

    def events(self) -> list[Event]:
        """All events, oldest first."""
        items = []
        for doc_id, doc in self.events_file.table("events").items():
            items.append(Event.from_dict({**doc, "id": int(doc_id)}))
        items.sort(key=lambda e: (e.moment, e.id))
        return items

    def recent_events(self, limit: int) -> list[Event]:
        """The ``limit`` newest events, oldest first, building objects for those only.

        Start-up shows the newest items first; ISO dates sort as text, so choosing them needs
        no parsing, and the cost of the first screen does not grow with the chronicle.
        """
        docs = self.events_file.table("events")
        newest = heapq.nlargest(
            limit,
            docs.items(),
            key=lambda item: (str(item[1].get("day", "")), str(item[1].get("time", "")), item[0]),
        )
        items = [Event.from_dict({**doc, "id": int(doc_id)}) for doc_id, doc in newest]
        items.sort(key=lambda e: (e.moment, e.id))
        return items

    def event(self, event_id: int) -> Event | None:
        doc = self.events_file.table("events").get(str(event_id))
        return None if doc is None else Event.from_dict({**doc, "id": event_id})

    def add_event(self, event: Event) -> Event:
        with self.events_file.transaction() as db:
            doc = event.to_dict()
            doc.pop("id", None)
            new_id = db.table("events").insert(doc)
        return event.with_id(new_id)

    def add_events(self, events: Iterable[Event]) -> list[Event]:
        """Insert many events in one write (import, demo)."""
        saved = []
        with self.events_file.transaction() as db:
            table = db.table("events")
            for event in events:
                doc = event.to_dict()
                doc.pop("id", None)
                saved.append(event.with_id(table.insert(doc)))
        return saved

    def update_event(self, event: Event) -> Event:
        with self.events_file.transaction() as db:
            table = db.table("events")
            if not table.contains(doc_id=event.id):
                raise StoreError(f"event {event.id} no longer exists (deleted in another session?)")
            doc = event.to_dict()
            doc.pop("id", None)
            table.update(doc, doc_ids=[event.id])
        return event

    def delete_event(self, event_id: int) -> Event | None:
        with self.events_file.transaction() as db:
            table = db.table("events")
            doc = table.get(doc_id=event_id)
            if doc is None:
                return None
            table.remove(doc_ids=[event_id])
        return Event.from_dict({**doc, "id": event_id})

    def restore_event(self, event: Event) -> Event:
        """Undo a delete: put the event back under its old id."""
        with self.events_file.transaction() as db:
            doc = event.to_dict()
            doc.pop("id", None)
            db.table("events").upsert(Document(doc, doc_id=event.id))
        return event

    # --- notes ------------------------------------------------------------------------------

    def notes(self) -> list[Note]:
        """All notes, pinned first, then most recently updated first."""
        items = [
            Note.from_dict({**doc, "id": int(doc_id)})
            for doc_id, doc in self.notes_file.table("notes").items()
        ]
        items.sort(key=lambda n: n.updated_at or n.created_at or utcnow(), reverse=True)
        items.sort(key=lambda n: not n.pinned)
        return items

    def note(self, note_id: int) -> Note | None:
        doc = self.notes_file.table("notes").get(str(note_id))
        return None if doc is None else Note.from_dict({**doc, "id": note_id})

    def notes_for(self, target_kind: str, target_id: str) -> list[Note]:
        return [
            n for n in self.notes() if n.target_kind == target_kind and n.target_id == target_id
        ]

    def add_note(
        self,
        text: str,
        target_kind: str = "",
        target_id: str = "",
        pinned: bool = False,
        created_at: datetime | None = None,
    ) -> Note:
        now = utcnow()
        note = Note(
            id=0,
            text=text,
            target_kind=target_kind,
            target_id=str(target_id) if target_kind else "",
            pinned=pinned,
            created_at=created_at or now,
            updated_at=created_at or now,
            revision=1,
        )
        with self.notes_file.transaction() as db:
            doc = note.to_dict()
            doc.pop("id")
            new_id = db.table("notes").insert(doc)
        return replace(note, id=new_id)

    def save_note_text(self, note_id: int, text: str, base_revision: int) -> NoteSave:
        """Save an edit made on top of ``base_revision``, never overwriting another session's.

        If the note changed on disk since (another session saved it), this edit is kept as a new
        note attached to the same item and both are reported; if the note was deleted meanwhile,
        the text is saved as a new note too. Nothing the user typed is ever dropped.
        """
        now = utcnow()
        with self.notes_file.transaction() as db:
            table = db.table("notes")
            doc = table.get(doc_id=note_id)
            if doc is not None:
                current = Note.from_dict({**doc, "id": note_id})
                if current.text == text:
                    return NoteSave(current)
                if current.revision == base_revision:
                    saved = replace(current, text=text, updated_at=now, revision=base_revision + 1)
                    update = saved.to_dict()
                    update.pop("id")
                    table.update(update, doc_ids=[note_id])
                    return NoteSave(saved)
                target_kind, target_id = current.target_kind, current.target_id
            else:
                current = None
                target_kind, target_id = "", ""
            copy = Note(
                id=0,
                text=text,
                target_kind=target_kind,
                target_id=target_id,
                created_at=now,
                updated_at=now,
                revision=1,
            )
            new_doc = copy.to_dict()
            new_doc.pop("id")
            new_id = table.insert(new_doc)
        return NoteSave(replace(copy, id=new_id), conflict_with=current)

    def update_note(self, note: Note) -> Note:
        """Change a note's pin or attachment (not its text), keeping the latest text on disk."""
        with self.notes_file.transaction() as db:
            table = db.table("notes")
            doc = table.get(doc_id=note.id)
            if doc is None:
                raise StoreError(f"note {note.id} no longer exists (deleted in another session?)")
            fields = {
                "pinned": note.pinned,
                "target_kind": note.target_kind,
                "target_id": note.target_id,
            }
            table.update(fields, doc_ids=[note.id])
            merged = Note.from_dict({**doc, **fields, "id": note.id})
        return merged

    def delete_note(self, note_id: int) -> Note | None:
        with self.notes_file.transaction() as db:
            table = db.table("notes")
            doc = table.get(doc_id=note_id)
            if doc is None:
                return None
            table.remove(doc_ids=[note_id])
        return Note.from_dict({**doc, "id": note_id})

    def restore_note(self, note: Note) -> Note:
        """Undo a delete: put the note back under its old id."""
        with self.notes_file.transaction() as db:
            doc = note.to_dict()
            doc.pop("id")
            db.table("notes").upsert(Document(doc, doc_id=note.id))
        return note

    # --- incidents --------------------------------------------------------------------------

    def _month_file(self, month: str) -> DataFile:
        datafile = self._incident_months.get(month)
        if datafile is None:
            datafile = DataFile(
                self.root / "incidents" / f"{month}.json",
                "incidents",
                SCHEMA,
                self.lock,
                self.backups,
                MIGRATIONS,
                precious=False,
                label=f"incidents/{month}.json",
            )
            self._incident_months[month] = datafile
        return datafile

    def incident_months(self) -> list[str]:
        """Months that hold incidents, newest first."""
        paths = (self.root / "incidents").glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].json")
        return sorted((p.stem for p in paths), reverse=True)

    def _month_incidents(self, month: str, keys: Container[str] | None = None) -> list[Incident]:
        """One month of the history (only the incidents in ``keys``, if given).

        A damaged month is moved aside and the user told; one that cannot be read is skipped.
        """
        datafile = self._month_file(month)
        try:
            incidents = datafile.load_derived(_incidents_of)
        except StoreTooNew as error:
            self._report(datafile, str(error))
            return []
        except StoreDamaged:
            try:
                message = datafile.recover()
                if message:
                    self.status.messages.append(message)
                incidents = datafile.load_derived(_incidents_of)
            except StoreError as error:
                self._report(datafile, str(error))
                return []
        except StoreError as error:
            self._report(datafile, str(error))
            return []
        if keys is not None:
            return [i for i in incidents if i.id in keys]
        return list(incidents)

    def _report(self, datafile: DataFile, message: str) -> None:
        """Tell the user once about a file that is skipped while reading."""
        if datafile.label not in self._reported:
            self._reported.add(datafile.label)
            self.status.messages.append(f"{message} (its incidents are not shown)")

    def open_incident_keys(self) -> dict[str, str]:
        """Key -> month of every open incident, from the small index."""
        return {str(d["key"]): str(d["month"]) for d in self.incident_index.table("open").values()}

    def recent_incidents(self, limit: int = 200) -> list[Incident]:
        """Open incidents plus the newest ones, reading only as many month files as needed.

        This is what start-up shows; it costs the same whatever the length of the history.
        """
        open_keys = self.open_incident_keys()
        found: dict[str, Incident] = {}
        read: set[str] = set()
        for month in self.incident_months():
            if len(found) >= limit:
                break
            read.add(month)
            for incident in self._month_incidents(month):
                found[incident.id] = incident
        for month in sorted(set(open_keys.values()) - read):
            for incident in self._month_incidents(month, keys=open_keys):
                if incident.is_open:
                    found[incident.id] = incident
        items = sorted(found.values(), key=lambda i: i.started_at, reverse=True)
        open_items = [i for i in items if i.is_open]
        closed = [i for i in items if not i.is_open][: max(0, limit - len(open_items))]
        return open_items + closed

    def iter_incidents(self) -> Iterator[Incident]:
        """Every incident, newest month first (a background load: cost grows with history)."""
        for month in self.incident_months():
            yield from self._month_incidents(month)

    def incidents(self) -> list[Incident]:
        return sorted(self.iter_incidents(), key=lambda i: i.started_at, reverse=True)

    def incident(self, key: str) -> Incident | None:
        month = self.open_incident_keys().get(key)
        months = [month] if month else []
        months += [m for m in self.incident_months() if m != month]
        for candidate in months:
            for incident in self._month_incidents(candidate):
                if incident.id == key:
                    return incident
        return None

    def merge_incidents(
        self, incidents: Iterable[Incident], now: datetime | None = None
    ) -> MergeResult:
        """Merge polled incidents by identity: update in place, append only new updates.

        Re-merging the same payload changes nothing. A new update or a status change records
        when whalewatch first saw it (``seen_at``); incidents not in ``incidents`` are left as
        they are (an unreachable source never resolves anything).
        """
        now = now or utcnow()
        new: list[Incident] = []
        changed: list[Incident] = []
        open_now: dict[str, str | None] = {}
        with self.lock.held():
            index = self.open_incident_keys()
            by_month: dict[str, list[Incident]] = {}
            for incident in incidents:
                # An open incident stays in the month it was filed in, even if the source
                # later moves its start across a month boundary.
                home = index.get(incident.id) or month_of(incident.started_at)
                by_month.setdefault(home, []).append(incident)
            for month, items in sorted(by_month.items()):
                with self._month_file(month).transaction() as db:
                    table = db.table("incidents")
                    docs = table._read_table()
                    by_key = {doc.get("key"): i for i, doc in docs.items()}
                    # Collected, then written in one insert and one update: TinyDB rebuilds
                    # the whole table on every insert or update call.
                    added: dict[str, Incident] = {}
                    updated: dict[str, Incident] = {}
                    for incoming in items:
                        doc_id = by_key.get(incoming.id)
                        if doc_id is None and incoming.id not in added:
                            merged = added[incoming.id] = _first_sighting(incoming, now)
                            new.append(merged)
                        else:
                            if doc_id is None:  # twice in one payload: merge into the first
                                existing = added[incoming.id]
                            else:
                                existing = updated.get(incoming.id) or Incident.from_dict(
                                    docs[doc_id]
                                )
                            merged = _merge_one(existing, incoming, now)
                            if merged is None:
                                merged = existing
                            elif doc_id is None:
                                added[incoming.id] = merged
                            else:
                                updated[incoming.id] = merged
                                changed.append(merged)
                        open_now[merged.id] = month if merged.is_open else None
                    if added:
                        table.insert_multiple(i.to_dict() for i in added.values())
                    if updated:
                        replacements = {key: i.to_dict() for key, i in updated.items()}
                        table.update(
                            lambda doc, new=replacements: doc.update(new[doc["key"]]),
                            doc_ids=[int(by_key[key]) for key in updated],
                        )
            # The index is brought in line with every incident seen, changed or not, so an
            # index left behind by an interrupted merge heals on the next poll.
            stale = any(index.get(key) != month for key, month in open_now.items())
            if new or changed or stale:
                with self.incident_index.transaction() as db:
                    table = db.table("open")
                    by_key = {doc.get("key"): int(i) for i, doc in table._read_table().items()}
                    for key, month in open_now.items():
                        doc_id = by_key.get(key)
                        if month is None and doc_id is not None:
                            table.remove(doc_ids=[doc_id])
                        elif month is not None and doc_id is None:
                            table.insert({"key": key, "month": month})
                        elif month is not None and table.get(doc_id=doc_id).get("month") != month:
                            table.update({"month": month}, doc_ids=[doc_id])
                    stats = db.table("stats")
                    stats.truncate()
                    stats.insert({"merged_at": now.isoformat()})
        return MergeResult(tuple(new), tuple(changed))

    def rebuild_incident_index(self) -> str:
        """Re-derive the index of open incidents from the month files (after it was lost)."""
        with self.lock.held():
            entries = [
                {"key": incident.id, "month": month}
                for month in self.incident_months()
                for incident in self._month_incidents(month)
                if incident.is_open
            ]
            with self.incident_index.transaction() as db:
                db.table("open").truncate()
                if entries:
                    db.table("open").insert_multiple(entries)
        return f"incidents/index.json was rebuilt from the history ({len(entries)} open incidents)"

    def bulk_load_incidents(self, incidents: Iterable[Incident]) -> int:
        """Write many incidents at once without merging (synthetic stores, benchmarks, import)."""
        by_month: dict[str, list[Incident]] = {}
        for incident in incidents:
            by_month.setdefault(month_of(incident.started_at), []).append(incident)
        count = 0
        with self.lock.held():
            open_entries = []
            for month, items in by_month.items():
                with self._month_file(month).transaction() as db:
                    db.table("incidents").insert_multiple(i.to_dict() for i in items)
                count += len(items)
                open_entries += [{"key": i.id, "month": month} for i in items if i.is_open]
            with self.incident_index.transaction() as db:
                if open_entries:
                    db.table("open").insert_multiple(open_entries)
                db.table("stats").truncate()
                db.table("stats").insert({"merged_at": utcnow().isoformat()})
        return count


def _incidents_of(data: dict[str, Any]) -> tuple[Incident, ...]:
    return tuple(Incident.from_dict(d) for d in data.get("incidents", {}).values())


def _first_sighting(incident: Incident, now: datetime) -> Incident:
    updates = tuple(
        u if u.seen_at else replace(u, seen_at=now)
        for u in sorted(incident.updates, key=lambda u: u.at)
    )
    return replace(
        incident,
        updates=updates,
        first_seen_at=incident.first_seen_at or now,
        updated_at=now,
    )


def _merge_one(existing: Incident, incoming: Incident, now: datetime) -> Incident | None:
    """The merged incident, or ``None`` when the incoming version changes nothing."""
    known = {_update_identity(u) for u in existing.updates}
    added = [
        replace(u, seen_at=u.seen_at or now)
        for u in incoming.updates
        if _update_identity(u) not in known
    ]
    status_changed = incoming.status != existing.status
    if status_changed and not any(u.status == incoming.status for u in added):
        added.append(IncidentUpdate(status=incoming.status, body="", at=now, seen_at=now))
    fields_changed = (
        status_changed
        or incoming.title != existing.title
        or incoming.impact != existing.impact
        or incoming.resolved_at != existing.resolved_at
        or incoming.url != existing.url
        or tuple(incoming.components) != tuple(existing.components)
        or incoming.unacknowledged != existing.unacknowledged
        or incoming.platform != existing.platform
    )
    if not added and not fields_changed:
        return None
    updates = tuple(sorted((*existing.updates, *added), key=lambda u: u.at))
    return replace(
        incoming,
        updates=updates,
        first_seen_at=existing.first_seen_at or now,
        updated_at=now,
    )


def default_store_path() -> Path:
    """``$WHALEWATCH_DB`` if set, else the platform's user data dir (via platformdirs)."""
    env = os.environ.get("WHALEWATCH_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("whalewatch", appauthor=False)) / "store"
