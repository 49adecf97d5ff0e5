"""The whalewatch store: the only code that knows TinyDB, speaking domain objects outward.

A store is a directory. The user's precious data (platforms and sources, events, notes) lives
apart from what polling rebuilds (source health, incidents), so that a note save never
rewrites the feed's history. :class:`Store` is a facade over the parts, one per kind of data:
:class:`~tui.store.config.Configuration` (``config.json``, ``health.json``),
:class:`~tui.store.events.EventLog` (``events.json``), :class:`~tui.store.notes.NoteBook`
(``notes.json``) and :class:`~tui.store.incidents.IncidentHistory` (``incidents/``); it
opens, checks and repairs their files, and shares one lock between them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import remove_orphaned_temp_files
from .commit import WriteBatch, finish_interrupted_commit, remove_staged_leftovers
from .config import Configuration
from .datafile import DataFile, Migration
from .errors import StoreDamaged, StoreError, StoreTooNew
from .file_format import SCHEMA
from .incidents import IncidentHistory
from .locks import FileLock, PollerLock
from .recent_events import RecentEventsFile
from .records import RecordReader
from .signature import Signature
from .uptime import UptimeLog

if TYPE_CHECKING:  # each loads with its first use: no listing needs them all
    from ..domain import Event, Incident, Note, Platform, Source, SourceHealth
    from .events import EventLog, EventMerge
    from .incident_merge import MergeResult
    from .notes import NoteBook, NoteSave


def _legacy_v0(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 is a plain TinyDB file without ``_meta`` (early prototypes): keep its tables."""
    return data


MIGRATIONS: dict[int, Migration] = {0: _legacy_v0}

KnownGood = Callable[[str, Signature | None], bool]
"""Says a file (by label) is known to read correctly while it has this signature."""


class StoreStatus:
    """Messages from opening the store (recoveries, migrations) for the UI to show once."""

    def __init__(self) -> None:
        self.messages: list[str] = []


class Store:
    """Domain-level access to one store directory, safe to share between processes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.write_batch = WriteBatch(self.root)
        """Open during :meth:`batch`: the files it changes are written together, or not at all."""
        self.lock = FileLock(
            self.root / "store.lock", on_acquire=partial(finish_interrupted_commit, self.root)
        )
        self.poller_lock = PollerLock(self.root / "poller.lock")
        self.backups = self.root / "backups"
        self.status = StoreStatus()
        self.config = self._data_file("config.json", "config", True)
        self.events_file = self._data_file("events.json", "events", True)
        self.recent_events_file = RecentEventsFile(self.events_file.path, SCHEMA)
        """The newest events of each version of events.json written (see recent_events)."""
        self.events_file.on_write = self.recent_events_file.about_to_write
        self.notes_file = self._data_file("notes.json", "notes", True)
        self.health_file = self._data_file("health.json", "health", False)
        self.records = RecordReader(self.status.messages)
        """Skips a stored document that is not a valid record, telling the user once."""
        self.configuration = Configuration(self.config, self.health_file, self.records)
        self.uptime = UptimeLog(self._data_file("uptime.json", "uptime", False))
        """Each source's polls and failures by day, for the uptime strip (see uptime)."""
        self.history = IncidentHistory(
            self.root / "incidents", self.lock, self._data_file, self.status.messages, self.records
        )
        self.incident_index = self.history.index
        self.pages = self.root / "pages"
        """Where watched pages keep their versions (one folder per source; see pagewatch)."""

    @cached_property
    def event_log(self) -> EventLog:
        """The events, made on first use (``source list`` loads neither them nor the notes)."""
        from .events import EventLog

        return EventLog(self.events_file, self.records, self.recent_events_file)

    @cached_property
    def notebook(self) -> NoteBook:
        """The notes, made on first use."""
        from .notes import NoteBook

        return NoteBook(self.notes_file, self.records)

    def _data_file(
        self, label: str, kind: str, precious: bool, keep_previous: bool | None = None
    ) -> DataFile:
        return DataFile(
            self.root / label,
            kind,
            SCHEMA,
            self.lock,
            self.backups,
            MIGRATIONS,
            precious=precious,
            label=label,
            batch=self.write_batch,
            keep_previous=keep_previous,
        )

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, trusted: KnownGood | None = None) -> Store:
        """Open (creating if needed) a store directory, repairing what can be safely repaired.

        Orphaned temporary files are removed, older schemas are migrated with a backup, and a
        damaged file is moved aside and replaced by its newest good backup. A file of a newer
        schema, or one that cannot be read, raises :class:`StoreError`: nothing is overwritten.

        A file that ``trusted`` vouches for at its current signature (unchanged since it was
        last read correctly) is not parsed again. The month files of the incident history
        are not read here (start-up must not cost more as the history grows): each is
        checked, and repaired the same way, when first read.
        """
        store = cls(root)
        try:
            store.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise StoreError(f"cannot create the store at {root}: {error.strerror}") from error
        try:
            store.history.folder.mkdir(exist_ok=True, mode=0o700)
        except OSError as error:  # a file named "incidents" is no reason to blame the store
            raise StoreError(f"cannot create {store.history.folder}: {error.strerror}") from error
        with store.lock.held():
            remove_orphaned_temp_files(store.root)
            remove_orphaned_temp_files(store.history.folder)
            remove_orphaned_temp_files(store.backups)
            remove_staged_leftovers(store.root)
            remove_staged_leftovers(store.history.folder)
            repaired = [
                False if store._known_good(datafile, trusted) else store._check(datafile)
                for datafile in store.main_files()
            ]
            index_lost = repaired[-1] or not store.incident_index.path.exists()
            if index_lost and store.incident_months():
                store.status.messages.append(store.rebuild_incident_index())
        return store

    def _known_good(self, datafile: DataFile, trusted: KnownGood | None) -> bool:
        """True when ``datafile`` need not be parsed to be checked at open.

        Either ``trusted`` vouches for it, or it is an ``events.json`` whose bytes are the
        ones this store last wrote (its newest events are then read from beside it).
        """
        if trusted is not None and trusted(datafile.label, datafile.stat_signature()):
            return True
        return datafile is self.events_file and self.recent_events_file.verify() is not None

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

    # --- writing several files as one --------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold the store lock, and write every change made in the block at its end, together.

        What the block reads, it reads under the lock (no other session writes in between),
        and every file it changes is written once: all of them or, if the block raises or the
        process is killed before the commit, none (see :mod:`tui.store.commit`).
        """
        with self.lock.held():
            self.write_batch.begin()
            try:
                yield
            except BaseException:
                self.write_batch.discard()
                raise
            self.write_batch.commit()

    # --- the files --------------------------------------------------------------------------

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
        return [*self.main_files(), *self.history.month_files()]

    def file_signatures(self) -> dict[str, Signature | None]:
        """The stat signature of every data file, by label: a few stats, no parsing."""
        signatures = {datafile.label: datafile.stat_signature() for datafile in self.main_files()}
        for month in self.incident_months():
            signatures[f"incidents/{month}.json"] = self.history.month_file(month).stat_signature()
        return signatures

    def signature(self) -> tuple[Any, ...]:
        """Changes whenever any session writes anything: cheap enough to check every second.

        A merge that changes any incident rewrites the index, so month files are not checked.
        """
        return tuple(f.signature() for f in self.main_files())

    def generations(self) -> dict[str, int]:
        """Each file's write counter (``whalewatch doctor`` and change detection)."""
        return {f.kind: f.generation() for f in self.all_files() if f.path.parent == self.root}

    # --- platforms, sources and their health (see Configuration) ----------------------------

    def platforms(self) -> list[Platform]:
        return self.configuration.platforms()

    def save_platform(self, platform: Platform) -> Platform:
        return self.configuration.save_platform(platform)

    def sources(self) -> list[Source]:
        return self.configuration.sources()

    def source(self, source_id: str) -> Source | None:
        return self.configuration.source(source_id)

    def save_source(self, source: Source) -> Source:
        return self.configuration.save_source(source)

    def remove_source(self, source_id: str) -> Source | None:
        return self.configuration.remove_source(source_id)

    def health(self) -> dict[str, SourceHealth]:
        return self.configuration.health()

    def save_health(self, entries: Iterable[SourceHealth]) -> None:
        entries = list(entries)
        self.configuration.save_health(entries)
        self.uptime.record(entries)

    # --- events (see EventLog) --------------------------------------------------------------

    def events(self) -> list[Event]:
        return self.event_log.all()

    def recent_events(self, limit: int) -> list[Event]:
        return self.event_log.recent(limit)

    def event(self, event_id: int) -> Event | None:
        return self.event_log.get(event_id)

    def add_event(self, event: Event) -> Event:
        return self.event_log.add(event)

    def add_events(self, events: Iterable[Event]) -> list[Event]:
        return self.event_log.add_many(events)

    def insert_events(self, events: Iterable[Event]) -> list[int]:
        """Add events in one write and return their new ids (an import: no objects rebuilt)."""
        return self.event_log.insert_many(events)

    def merge_events(self, events: Iterable[Event]) -> EventMerge:
        return self.event_log.merge(events)

    def update_event(self, event: Event) -> Event:
        return self.event_log.update(event)

    def delete_event(self, event_id: int) -> Event | None:
        return self.event_log.delete(event_id)

    def restore_event(self, event: Event) -> Event:
        return self.event_log.restore(event)

    # --- notes (see NoteBook) ---------------------------------------------------------------

    def notes(self) -> list[Note]:
        return self.notebook.all()

    def note(self, note_id: int) -> Note | None:
        return self.notebook.get(note_id)

    def notes_for(self, target_kind: str, target_id: str) -> list[Note]:
        return self.notebook.attached_to(target_kind, target_id)

    def add_note(
        self,
        text: str,
        target_kind: str = "",
        target_id: str = "",
        pinned: bool = False,
        created_at: datetime | None = None,
    ) -> Note:
        return self.notebook.add(text, target_kind, target_id, pinned, created_at)

    def add_notes(self, notes: Iterable[Note]) -> list[Note]:
        return self.notebook.add_many(notes)

    def save_note_text(self, note_id: int, text: str, base_revision: int) -> NoteSave:
        return self.notebook.save_text(note_id, text, base_revision)

    def update_note(self, note: Note) -> Note:
        return self.notebook.update(note)

    def delete_note(self, note_id: int) -> Note | None:
        return self.notebook.delete(note_id)

    def restore_note(self, note: Note) -> Note:
        return self.notebook.restore(note)

    # --- incidents (see IncidentHistory) ----------------------------------------------------

    def incident_months(self) -> list[str]:
        return self.history.months()

    def open_incident_keys(self) -> dict[str, str]:
        return self.history.open_keys()

    def recent_incidents(self, limit: int = 200) -> list[Incident]:
        return self.history.recent(limit)

    def iter_incidents(self) -> Iterator[Incident]:
        return iter(self.history)

    def incidents(self) -> list[Incident]:
        return sorted(self.history, key=lambda i: i.started_at, reverse=True)

    def incident(self, key: str) -> Incident | None:
        return self.history.find(key)

    def merge_incidents(
        self, incidents: Iterable[Incident], now: datetime | None = None
    ) -> MergeResult:
        return self.history.merge(incidents, now)

    def rebuild_incident_index(self) -> str:
        return self.history.rebuild_index()

    def bulk_load_incidents(self, incidents: Iterable[Incident]) -> int:
        return self.history.bulk_load(incidents)
