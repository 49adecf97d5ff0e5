"""A copy of what the first screen shows, so that start-up does not grow with the history.

After each full read of the store the app writes ``first-screen.json`` into the store
directory: the recent incidents and events, the notes and the configuration it showed, as
plain store documents, beside the stat signature (inode, mtime, size) of every data file they
were read from. The next start shows that copy at once when every signature still matches,
and the store skips re-validating the files it vouches for; the full read follows in the
background as always.

It is only ever a cache: a missing, damaged, older or mismatched copy is ignored (start-up
then reads the store itself), nothing is ever written back from it, and a signature only
counts once its mtime was safely in the past when the copy was written (see
:mod:`tui.store.signature`), since an atomic replace can reuse an inode within one tick of a
coarse clock.

It lives beside ``snapshot.py`` rather than in ``store/``: it is made of what the dashboard
shows (a :class:`StoreSnapshot`), and the store knows nothing of the dashboard — nor of
this cache, which it sees only as a "known good" predicate given to :meth:`Store.open`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from .chronicle import build_items
from .domain import Event, Incident, Note, Platform, Source, SourceHealth
from .item_table import ItemTable
from .snapshot import RECENT_EVENTS, RECENT_INCIDENTS, StoreSnapshot, read_snapshot
from .store import Store, StoreError
from .store.atomic import atomic_write_bytes, read_regular_file
from .store.incidents import open_and_newest
from .store.signature import Signature, settled
from .store.store import SCHEMA

FILE_NAME = "first-screen.json"
FORMAT = 1

DOCUMENT_FILES = {
    "platforms": ("config.json",),
    "sources": ("config.json",),
    "health": ("health.json",),
    "events": ("events.json",),
    "notes": ("notes.json",),
}
"""The file each kind of document is read from; incidents come from every INCIDENT_FILES."""
INCIDENT_FILES = "incidents/"


def _each(kind: Any) -> Callable[[list[dict[str, Any]]], tuple[Any, ...]]:
    return lambda docs: tuple(kind.from_dict(doc) for doc in docs)


PARSERS: dict[str, Callable[[Any], Any]] = {
    "platforms": _each(Platform),
    "sources": _each(Source),
    "health": lambda docs: {str(d["source_id"]): SourceHealth.from_dict(d) for d in docs},
    "events": _each(Event),
    "incidents": _each(Incident),
    "notes": _each(Note),
}
"""How each kind of first-screen document becomes the snapshot's field of the same name."""

DOCUMENT_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


class FirstScreen(NamedTuple):
    """The copy as read from disk: the signatures it was taken at, and its documents."""

    schema: int
    written_ns: int
    files: dict[str, Signature | None]
    documents: dict[str, Any]

    def trusted(self, label: str, current: Signature | None) -> bool:
        """True when ``label`` is unchanged since a moment it was known to read correctly."""
        if self.schema != SCHEMA or label not in self.files:
            return False
        recorded = self.files[label]
        if recorded is None:  # absent then (health.json before any poll), and absent now
            return current is None
        return recorded == current and settled(recorded, self.written_ns)

    def reusable(self, current: dict[str, Signature | None]) -> dict[str, Any]:
        """The documents still true of the store: those whose every source file is unchanged.

        When another program wrote to the store (a ``whalewatch poll --once`` from cron, say)
        the incidents and health have changed, but the events and notes usually have not: the
        next start reads only what changed, not the whole events file.
        """
        incident_files = {x for x in (*current, *self.files) if x.startswith(INCIDENT_FILES)}
        sources = {**DOCUMENT_FILES, "incidents": incident_files}
        return {
            name: self.documents[name]
            for name, labels in sources.items()
            if name in self.documents and all(self.trusted(x, current.get(x)) for x in labels)
        }

    def matches(self, current: dict[str, Signature | None]) -> bool:
        """True when the store holds exactly the files the copy was taken from, unchanged."""
        return set(current) == set(self.files) and all(
            self.trusted(label, signature) for label, signature in current.items()
        )


class FirstScreenCache:
    """The first-screen copy of one store directory: :meth:`load` at start, :meth:`save` after.

    The copy is read from disk once, when first needed. Typical use::

        cache = FirstScreenCache(root)
        store = Store.open(root, trusted=cache.vouches_for)
        snapshot = cache.load(store)  # None: read the store
        ...
        cache.save(store, files, full_snapshot)  # after a full read
    """

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / FILE_NAME
        self._copy: FirstScreen | None = None
        self._read = False

    @property
    def copy(self) -> FirstScreen | None:
        """The copy on disk, or ``None`` when there is none that can be used."""
        if not self._read:
            self._copy = read_copy(self.path)
            self._read = True
        return self._copy

    def vouches_for(self, label: str, signature: Signature | None) -> bool:
        """True when the file ``label`` read correctly at exactly ``signature`` (``Store.open``)."""
        copy = self.copy
        return copy is not None and copy.trusted(label, signature)

    def documents(self, store: Store) -> dict[str, Any] | None:
        """The whole copy, when every data file of ``store`` is as it was; else ``None``."""
        copy = self.copy
        if copy is None or not copy.matches(store.file_signatures()):
            return None
        return copy.documents

    def reusable(self, store: Store) -> dict[str, Any]:
        """The snapshot fields the copy still holds true of ``store``, ready for read_snapshot."""
        copy = self.copy
        if copy is None:
            return {}
        return parse_documents(copy.reusable(store.file_signatures()))

    def load(self, store: Store) -> StoreSnapshot | None:
        """What the first frame can show at once, before any worker runs; ``None`` if nothing.

        The whole last first screen when no file changed since. When only some did (another
        program polled: new incidents and health), the unchanged documents plus a read of what
        changed, as long as that read is bounded: the newest incident months and the small
        files, never the events file, whose size grows with the chronicle.
        """
        copy = self.copy
        if copy is None:
            return None
        signatures = store.file_signatures()
        if copy.matches(signatures):
            return snapshot_from_documents(copy.documents)
        parts = parse_documents(copy.reusable(signatures))
        if {"events", "notes"} <= set(parts):
            try:
                return read_snapshot(store, full_history=False, reuse=parts)
            except StoreError:
                return None  # the loader reads the store again and reports what is wrong
        return None

    def save(
        self, store: Store, files: dict[str, Signature | None], snapshot: StoreSnapshot
    ) -> bool:
        """Keep what ``snapshot`` (a full read) shows first, valid while ``files`` hold.

        ``files`` are the store's signatures taken before the read. The copy is written only
        when the files are still so (the documents were read from exactly them); returns
        whether it was written. An ``OSError`` (a full disk) propagates.
        """
        if store.file_signatures() != files:
            return False
        payload = {
            "format": FORMAT,
            "schema": SCHEMA,
            "written_ns": time.time_ns(),
            "files": files,
            "documents": first_screen_documents(snapshot),
        }
        atomic_write_bytes(self.path, json.dumps(payload, ensure_ascii=False).encode())
        self._copy, self._read = None, False  # the new copy is read from disk if needed
        return True


def read_copy(path: Path) -> FirstScreen | None:
    """The copy at ``path``, or ``None`` when there is none that can be used."""
    try:
        data = json.loads(read_regular_file(path))
        if data.get("format") != FORMAT:
            return None
        files = {
            str(label): None if s is None else (int(s[0]), int(s[1]), int(s[2]))
            for label, s in data["files"].items()
        }
        documents = data["documents"]
        if not isinstance(documents, dict):
            return None
        return FirstScreen(int(data["schema"]), int(data["written_ns"]), files, documents)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def first_screen_documents(snapshot: StoreSnapshot) -> dict[str, Any]:
    """What a start-up read would show, taken from a full read, as store documents.

    The same selection as ``read_snapshot(full_history=False)``: open incidents plus the
    newest, the newest events, every note, source and platform.
    """
    events = sorted(snapshot.events, key=lambda e: (e.moment, e.id))[-RECENT_EVENTS:]
    # A full read keeps the history as summaries, and the same selection read whole.
    whole = snapshot.details.values() if snapshot.summaries else snapshot.incidents
    return {
        "platforms": [p.to_dict() for p in snapshot.platforms],
        "sources": [s.to_dict() for s in snapshot.sources],
        "health": [h.to_dict() for h in snapshot.health.values()],
        "events": [e.to_dict() for e in events],
        "incidents": [i.to_dict() for i in open_and_newest(whole, RECENT_INCIDENTS)],
        "notes": [n.to_dict() for n in snapshot.notes],
    }


def parse_documents(documents: dict[str, Any]) -> dict[str, Any]:
    """The snapshot fields of the documents that parse (a kind that does not is left out)."""
    parts = {}
    for name, parse in PARSERS.items():
        if name in documents:
            try:
                parts[name] = parse(documents[name])
            except DOCUMENT_ERRORS:
                pass  # a copy that cannot be used: read the store instead
    return parts


def snapshot_from_documents(documents: dict[str, Any]) -> StoreSnapshot | None:
    """The start-up snapshot from :func:`first_screen_documents`; ``None`` if unusable."""
    parts = parse_documents(documents)
    if set(parts) != set(PARSERS):
        return None
    try:
        return StoreSnapshot(
            **parts,
            full_history=False,
            timeline=ItemTable.from_items(build_items(parts["events"], parts["incidents"])),
        ).warm()
    except DOCUMENT_ERRORS:
        return None
