"""The incident history: month files, the index of open incidents, and merging polls into it.

Incidents are partitioned by the month they started in (``incidents/YYYY-MM.json``), and
``incidents/index.json`` names the open ones, so that start-up reads the newest months only,
whatever the size of the history. A month file is checked (and repaired like any store file)
when first read, not when the store opens. What a merge changes is worked out by the pure
:func:`tui.store.incident_merge.merge_polled`; this module reads and writes the files.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator, Mapping, MutableMapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import CLOSED_STATUSES, parse_iso, utcnow
from .datafile import DataFile
from .errors import StoreDamaged, StoreError, StoreTooNew
from .locks import FileLock
from .records import RecordReader

if TYPE_CHECKING:  # the merge code loads with the first merge (a poll), not for a listing
    from ..domain import Incident
    from .incident_merge import MergeChanges, MergeResult

OpenFile = Callable[[str, str, bool, bool], DataFile]
"""Makes the store's DataFile for a label, a kind, whether it is precious, and whether it
keeps its previous generation."""


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def open_and_newest(incidents: Iterable[Incident], limit: int) -> list[Incident]:
    """Every open incident, then the newest closed ones, ``limit`` in all (more if that many
    are open), newest first: what the first screen shows of the history."""
    items = sorted(incidents, key=lambda i: i.started_at, reverse=True)
    open_items = [i for i in items if i.is_open]
    closed = [i for i in items if not i.is_open][: max(0, limit - len(open_items))]
    return open_items + closed


def unique_documents(docs: dict[str, Any]) -> dict[str, Any]:
    """Each incident's document once: of those stored under one key, the last.

    A merge updates that one (it finds documents by key, a later one overwriting an earlier),
    so it is the copy kept up to date. A month file holds a key twice when a copy of the
    history was loaded over itself, or a file was put together by hand or by a sync tool;
    the dashboard's lists then raised on the repeated key. A document without a key of
    text is kept, for the reader to judge and report.
    """
    keys = [doc.get("key") if isinstance(doc, dict) else None for doc in docs.values()]
    texts = [key for key in keys if isinstance(key, str)]
    if len(set(texts)) == len(texts):
        return docs
    last = {key: doc_id for doc_id, key in zip(docs, keys, strict=True) if isinstance(key, str)}
    return {
        doc_id: doc
        for (doc_id, doc), key in zip(docs.items(), keys, strict=True)
        if not isinstance(key, str) or last[key] == doc_id
    }


def newest_documents(docs: dict[str, Any], count: int) -> dict[str, Any]:
    """The documents of the ``count`` latest incidents, and of every one that may be open.

    Chosen by each document's start time alone (one parse, where a whole incident is a
    hundred fields checked); a document whose time cannot be read, or whose status is not
    plainly a closed one, is kept, so that the reader judges (and reports) it as a full
    read would. Kept in the documents' order, the latest first by a stable sort (equal
    times in the documents' order too): :func:`open_and_newest` then picks exactly what it
    would have picked among them all (every open one, then the newest closed ones).
    """
    if len(docs) <= count:
        return docs
    chosen: set[str] = set()
    timed: list[tuple[datetime, str]] = []
    for doc_id, doc in docs.items():
        try:
            started = parse_iso(doc.get("started_at")) if isinstance(doc, dict) else None
        except (ValueError, TypeError, OverflowError):
            started = None
        if started is None or doc.get("status") not in CLOSED_STATUSES:
            chosen.add(doc_id)
        else:
            timed.append((started, doc_id))
    timed.sort(key=lambda pair: pair[0], reverse=True)
    chosen.update(doc_id for _, doc_id in timed[: max(0, count)])
    return {doc_id: doc for doc_id, doc in docs.items() if doc_id in chosen}


def _write_documents(
    table: Any,
    added: list[dict[str, Any]],
    replacements: dict[str, dict[str, Any]],
    doc_ids: Mapping[str, int | str],
) -> None:
    """``added`` as new documents of ``table``, and ``replacements`` (by incident key) over
    the documents ``doc_ids`` names for their keys: one insert and one update at most, as
    TinyDB rebuilds the whole table on every insert or update call."""
    if added:
        table.insert_multiple(added)
    if replacements:

        def replace_document(doc: MutableMapping[str, Any]) -> None:
            doc.update(replacements[doc["key"]])

        table.update(replace_document, doc_ids=[int(doc_ids[key]) for key in replacements])


class IncidentHistory:
    """Every incident the store has kept, read month by month."""

    def __init__(
        self,
        folder: Path,
        lock: FileLock,
        open_file: OpenFile,
        messages: list[str],
        reader: RecordReader | None = None,
    ) -> None:
        self.folder = folder
        self.lock = lock
        self._open_file = open_file
        self.messages = messages
        """Where the user is told about repaired or skipped month files (the store's status)."""
        self.index = open_file("incidents/index.json", "incident-index", False, False)
        self._months: dict[str, DataFile] = {}
        self._reported: set[str] = set()
        self.reader = reader or RecordReader(messages)
        """Skips (and reports) a stored document that is not an incident."""

    # --- the files --------------------------------------------------------------------------

    def month_file(self, month: str) -> DataFile:
        datafile = self._months.get(month)
        if datafile is None:
            # A month keeps its previous generation: polled history comes back only while
            # the source still serves it, so a damaged month must have a way back.
            datafile = self._open_file(f"incidents/{month}.json", "incidents", False, True)
            self._months[month] = datafile
        return datafile

    def months(self) -> list[str]:
        """Months that hold incidents, newest first."""
        paths = self.folder.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].json")
        return sorted((p.stem for p in paths), reverse=True)

    def month_files(self) -> list[DataFile]:
        """The month files, oldest first."""
        return [self.month_file(month) for month in sorted(self.months())]

    def read_month(
        self, month: str, keys: Container[str] | None = None, newest: int | None = None
    ) -> list[Incident]:
        """One month of the history (only the incidents in ``keys``, if given).

        ``newest``: only the month's ``newest`` latest incidents and those that may be open
        (see :func:`newest_documents`), which is what the first screen needs of it: an
        incident made from its document costs ~20 µs, and the newest month of a long
        history holds hundreds. Such a read is not kept as the month's objects.

        A damaged month is moved aside and the user told; one that cannot be read is skipped.
        """
        datafile = self.month_file(month)

        def _incidents_of(data: dict[str, Any]) -> tuple[Incident, ...]:
            docs = unique_documents(data.get("incidents", {}))
            if newest is not None:
                docs = newest_documents(docs, newest)
            return tuple(
                i for _, i in self.reader.records(datafile.label, "incidents", "incidents", docs)
            )

        def load(build: Callable[[dict[str, Any]], tuple[Incident, ...]]) -> tuple[Incident, ...]:
            return datafile.load_derived(build) if newest is None else build(datafile.load())

        try:
            incidents = load(_incidents_of)
        except StoreTooNew as error:
            self._report(datafile, str(error))
            return []
        except StoreDamaged:
            try:
                message = datafile.recover()
                if message:
                    self.messages.append(message)
                incidents = load(_incidents_of)
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
            self.messages.append(f"{message} (its incidents are not shown)")

    # --- reading ----------------------------------------------------------------------------

    def open_keys(self) -> dict[str, str]:
        """Key -> month of every open incident, from the small index."""
        docs = self.index.table("open")
        entries = self.reader.records(self.index.label, "incident-index", "open", docs)
        return {entry.key: entry.month for _, entry in entries}

    def recent(self, limit: int) -> list[Incident]:
        """Open incidents plus the newest ones, reading only as many month files as needed.

        This is what start-up shows; it costs the same whatever the length of the history.
        """
        open_keys = self.open_keys()
        found: dict[str, Incident] = {}
        read: set[str] = set()
        for month in self.months():
            if len(found) >= limit:
                break
            read.add(month)
            for incident in self.read_month(month, newest=limit - len(found)):
                found[incident.id] = incident
        for month in sorted(set(open_keys.values()) - read):
            for incident in self.read_month(month, keys=open_keys):
                if incident.is_open:
                    found[incident.id] = incident
        return open_and_newest(found.values(), limit)

    def __iter__(self) -> Iterator[Incident]:
        """Every incident, newest month first (a background load: cost grows with history)."""
        for month in self.months():
            yield from self.read_month(month)

    def find(self, key: str) -> Incident | None:
        month = self.open_keys().get(key)
        months = [month] if month else []
        months += [m for m in self.months() if m != month]
        for candidate in months:
            for incident in self.read_month(candidate):
                if incident.id == key:
                    return incident
        return None

    # --- writing ----------------------------------------------------------------------------

    def merge(self, incidents: Iterable[Incident], now: datetime | None = None) -> MergeResult:
        """Merge polled incidents by identity (see :mod:`tui.store.incident_merge`)."""
        from .incident_merge import MergeResult  # a poll's, not a listing's

        now = now or utcnow()
        new: list[Incident] = []
        changed: list[Incident] = []
        open_now: dict[str, str | None] = {}
        strays: dict[str, dict[str, str]] = {}
        with self.lock.held():
            index = self.open_keys()
            by_month: dict[str, list[Incident]] = {}
            for incident in incidents:
                # An open incident stays in the month it was filed in, even if the source
                # later moves its start across a month boundary.
                home = index.get(incident.id) or month_of(incident.started_at)
                by_month.setdefault(home, []).append(incident)
            for month, items in sorted(by_month.items()):
                changes = self._merge_month(month, items, now)
                new += changes.new
                changed += changes.changed
                open_now.update(
                    (key, month if i.is_open else None) for key, i in changes.seen.items()
                )
                moves = {
                    key: start
                    for key, i in changes.seen.items()
                    if not i.is_open and (start := month_of(i.started_at)) != month
                }
                if moves:
                    strays[month] = moves
            for month, moves in sorted(strays.items()):
                self._move_closed(month, moves)
            # The index is brought in line with every incident seen, changed or not, so an
            # index left behind by an interrupted merge heals on the next poll.
            stale = any(index.get(key) != month for key, month in open_now.items())
            if new or changed or stale:
                self._write_index(open_now, now)
        return MergeResult(tuple(new), tuple(changed))

    def _merge_month(self, month: str, items: list[Incident], now: datetime) -> MergeChanges:
        """Merge into one month file: one insert and one update (TinyDB rebuilds the whole
        table on every insert or update call)."""
        from ..domain import Incident
        from .incident_merge import merge_polled

        with self.month_file(month).transaction() as db:
            table = db.table("incidents")
            docs = table.documents()
            by_key = {str(doc.get("key")): i for i, doc in docs.items()}

            def stored(key: str) -> Incident | None:
                doc_id = by_key.get(key)
                return None if doc_id is None else Incident.from_dict(docs[doc_id])

            changes = merge_polled(items, stored, now)
            _write_documents(
                table,
                [i.to_dict() for i in changes.added.values()],
                {key: i.to_dict() for key, i in changes.updated.items()},
                by_key,
            )
        return changes

    def _move_closed(self, month: str, moves: dict[str, str]) -> None:
        """Move closed incidents filed in ``month`` to the months they started in (by key).

        An open incident stays in the month it was filed in when its source moves its start
        across a month boundary: the index says where it is. Once closed it leaves the
        index, and a later poll looks for it in its start's month only; left behind, it was
        stored there a second time, and told as new. Written to its new month before it is
        removed from the old one: interrupted in between, it is stored twice, never lost.
        """
        with self.month_file(month).transaction() as filed:
            documents = filed.table("incidents")
            found = {
                str(doc.get("key")): (doc_id, doc)
                for doc_id, doc in unique_documents(documents.documents()).items()
                if isinstance(doc, dict) and str(doc.get("key")) in moves
            }
            by_month: dict[str, list[dict[str, Any]]] = {}
            for key, (_, doc) in found.items():
                by_month.setdefault(moves[key], []).append(dict(doc))
            for target, docs in sorted(by_month.items()):
                self._put_documents(target, docs)
            if found:
                documents.remove(doc_ids=[int(doc_id) for doc_id, _ in found.values()])

    def _put_documents(self, month: str, docs: list[dict[str, Any]]) -> None:
        """Store these incident documents in ``month``, replacing any of the same key there."""
        with self.month_file(month).transaction() as db:
            table = db.table("incidents")
            stored = {str(d.get("key")): i for i, d in table.documents().items()}
            replacements = {str(d["key"]): d for d in docs if str(d["key"]) in stored}
            added = [d for d in docs if str(d["key"]) not in stored]
            _write_documents(table, added, replacements, stored)

    def _write_index(self, open_now: dict[str, str | None], now: datetime) -> None:
        with self.index.transaction() as db:
            table = db.table("open")
            docs = table.documents()
            by_key = {str(doc.get("key")): int(i) for i, doc in docs.items()}
            # one pass of each kind: TinyDB copies the whole table on every insert, update
            # and remove call, and a first poll of 2,000 pages opens hundreds at once
            added: list[dict[str, str]] = []
            moved: dict[int, dict[str, str]] = {}
            closed: list[int] = []
            for key, month in open_now.items():
                doc_id = by_key.get(key)
                if doc_id is None:
                    if month is not None:
                        added.append({"key": key, "month": month})
                elif month is None:
                    closed.append(doc_id)
                elif docs[str(doc_id)].get("month") != month:
                    moved[doc_id] = {"month": month}
            if added:
                table.insert_multiple(added)
            table.update_each(moved)
            if closed:
                table.remove(doc_ids=closed)
            stats = db.table("stats")
            stats.truncate()
            stats.insert({"merged_at": now.isoformat()})

    def rebuild_index(self) -> str:
        """Re-derive the index of open incidents from the month files (after it was lost)."""
        with self.lock.held():
            entries = [
                {"key": incident.id, "month": month}
                for month in self.months()
                for incident in self.read_month(month)
                if incident.is_open
            ]
            with self.index.transaction() as db:
                db.table("open").truncate()
                if entries:
                    db.table("open").insert_multiple(entries)
        return f"incidents/index.json was rebuilt from the history ({len(entries)} open incidents)"

    def bulk_load(self, incidents: Iterable[Incident]) -> int:
        """Write many incidents at once without merging (synthetic stores, benchmarks, import)."""
        by_month: dict[str, list[Incident]] = {}
        for incident in incidents:
            by_month.setdefault(month_of(incident.started_at), []).append(incident)
        count = 0
        with self.lock.held():
            open_entries = []
            for month, items in by_month.items():
                with self.month_file(month).transaction() as db:
                    db.table("incidents").insert_multiple(i.to_dict() for i in items)
                count += len(items)
                open_entries += [{"key": i.id, "month": month} for i in items if i.is_open]
            with self.index.transaction() as db:
                if open_entries:
                    db.table("open").insert_multiple(open_entries)
                db.table("stats").truncate()
                db.table("stats").insert({"merged_at": utcnow().isoformat()})
        return count
