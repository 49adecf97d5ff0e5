"""The chronicle of events the user records (``events.json``, a precious file)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import fields
from typing import Any, NamedTuple

from ..domain import Event
from .datafile import DataFile
from .errors import StoreError
from .recent_events import RecentEventsFile, newest_documents
from .records import RecordReader


class EventMerge(NamedTuple):
    """What :meth:`EventLog.merge` did: the events it added and the ones it updated."""

    added: tuple[Event, ...] = ()
    updated: tuple[Event, ...] = ()


EVENT_FIELDS = tuple(f.name for f in fields(Event) if f.name != "id")


def event_document(event: Event) -> dict[str, Any]:
    """``event.to_dict()`` without its ``id``, as stored: the same document, built faster."""
    doc = {name: getattr(event, name) for name in EVENT_FIELDS}
    doc["day"] = event.day.isoformat()
    if event.diff is not None:
        doc["diff"] = copy.deepcopy(event.diff)
    return doc


class EventLog:
    """The user's events (deploys, changes, outages noticed), by their id."""

    def __init__(
        self,
        events: DataFile,
        reader: RecordReader | None = None,
        recent_file: RecentEventsFile | None = None,
    ) -> None:
        self.file = events
        self.reader = reader or RecordReader([])
        """Skips (and reports) a stored document that is not an event."""
        self.recent_file = recent_file
        """The newest events kept beside the file, read instead of it when they match."""

    def _events(self, docs: dict[str, Any]) -> list[Event]:
        return [
            event for _, event in self.reader.records(self.file.label, "events", "events", docs)
        ]

    def all(self) -> list[Event]:
        """All events, oldest first (bad ones skipped).

        The events are kept in place of the parsed file while it is unchanged
        (:meth:`DataFile.load_derived`): the dashboard holds them as objects, and the parsed
        JSON beside them was as big again (about 10 MiB for 10,000 events).
        """
        return list(self.file.load_derived(self._sorted))

    def _sorted(self, data: dict[str, Any]) -> tuple[Event, ...]:
        docs = data.get("events", {})
        _share_words(docs)
        items = self._events(docs)
        items.sort(key=lambda e: (e.moment, e.id))
        return tuple(items)

    def recent(self, limit: int) -> list[Event]:
        """The ``limit`` newest events, oldest first, building objects for those only.

        Start-up shows the newest items first. They are taken from ``recent-events.json``
        when it is true of the file as it is now (see :mod:`tui.store.recent_events`), so
        the first screen neither parses the whole chronicle nor sorts it.
        """
        newest = None
        if self.recent_file is not None and not self.file.staged:
            newest = self.recent_file.newest(limit)
        if newest is None:
            newest = newest_documents(self.file.table("events"), limit)
        items = self._events(newest)
        items.sort(key=lambda e: (e.moment, e.id))
        return items

    def get(self, event_id: int) -> Event | None:
        doc = self.file.table("events").get(str(event_id))
        if doc is None:
            return None
        event: Event | None = self.reader.one(
            self.file.label, "events", "events", str(event_id), doc
        )
        return event

    def add(self, event: Event) -> Event:
        with self.file.transaction() as db:
            doc = event.to_dict()
            doc.pop("id", None)
            new_id = db.table("events").insert(doc)
        return event.with_id(new_id)

    def add_many(self, events: Iterable[Event]) -> list[Event]:
        """Insert many events in one write (import, demo)."""
        events = list(events)
        ids = self.insert_many(events)
        return [event.with_id(new_id) for event, new_id in zip(events, ids, strict=True)]

    def insert_many(self, events: Iterable[Event]) -> list[int]:
        """Insert many events in one write; their new ids, in order (no objects rebuilt).

        One ``insert_multiple``, since TinyDB rebuilds the table on every insert call, and
        documents built without ``dataclasses.asdict`` (which deep-copies every field and
        cost more than the rest of a 100,000-event import together).
        """
        docs = [event_document(event) for event in events]
        if not docs:
            return []
        with self.file.transaction() as db:
            return db.table("events").insert_multiple(docs)

    def merge(self, events: Iterable[Event]) -> EventMerge:
        """Add ``events`` in one write; one whose ``key`` is already stored updates that event.

        A detected event (a changelog entry) comes back with the same key when its entry is
        edited: the stored event keeps its id (notes stay attached) and takes the new title,
        text, link and diff. Events without a key are always added.
        """
        events = list(events)
        if not events:
            return EventMerge()
        added: list[Event] = []
        updated: list[Event] = []
        with self.file.transaction() as db:
            table = db.table("events")
            keyed = {
                str(doc["key"]): int(doc_id)
                for doc_id, doc in table.documents().items()
                if doc.get("key")
            }
            for event in events:
                doc = event.to_dict()
                doc.pop("id", None)
                existing = keyed.get(event.key) if event.key else None
                if existing is None:
                    saved = event.with_id(table.insert(doc))
                    added.append(saved)
                    if event.key:
                        keyed[event.key] = saved.id
                else:
                    stored = table.documents().get(str(existing)) or {}
                    doc["is_change"] = bool(doc["is_change"] or stored.get("is_change"))
                    table.update(doc, doc_ids=[existing])
                    updated.append(event.with_id(existing))
        return EventMerge(tuple(added), tuple(updated))

    def update(self, event: Event) -> Event:
        with self.file.transaction() as db:
            table = db.table("events")
            if not table.contains(doc_id=event.id):
                raise StoreError(f"event {event.id} no longer exists (deleted in another session?)")
            doc = event.to_dict()
            doc.pop("id", None)
            table.update(doc, doc_ids=[event.id])
        return event

    def delete(self, event_id: int) -> Event | None:
        with self.file.transaction() as db:
            table = db.table("events")
            doc = table.get(doc_id=event_id)
            if doc is None:
                return None
            table.remove(doc_ids=[event_id])
        return Event.from_dict({**doc, "id": event_id})

    def restore(self, event: Event) -> Event:
        """Undo a delete: put the event back under its old id."""
        from tinydb.table import Document  # TinyDB loads with a write, not with a read

        with self.file.transaction() as db:
            doc = event.to_dict()
            doc.pop("id", None)
            db.table("events").upsert(Document(doc, doc_id=event.id))
        return event


SHARED_WORDS = ("category", "platform", "time", "confidence", "source_id")
"""Event fields whose few distinct values repeat over thousands of events."""


def _share_words(docs: Any) -> None:
    """One string object per distinct value of :data:`SHARED_WORDS` (the parser makes one per
    occurrence: 10,000 events held 30,000 copies of a few dozen words)."""
    if not isinstance(docs, dict):
        return
    shared: dict[str, str] = {}
    for doc in docs.values():
        if isinstance(doc, dict):
            for key in SHARED_WORDS:
                value = doc.get(key)
                if type(value) is str:
                    doc[key] = shared.setdefault(value, value)
