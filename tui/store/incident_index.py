"""The incident history as summaries for the lists: no update bodies kept in memory.

The dashboard's lists show a title, a status and two times per incident; the rest (the
updates' bodies, the link, the components) is needed only when an incident is opened, and
then :func:`read_incident` reads that one incident. A search needs a few lines of each
incident: those are kept, lowercased, as its search text. Each month's summaries are kept
as a table of timeline items (:class:`~tui.item_table.ItemTable`: columns, not objects).

Reading the history through :class:`~tui.store.incidents.IncidentHistory` keeps each month's
incidents, bodies and all, for as long as its file is unchanged: hundreds of MiB for 100,000
incidents. :class:`IncidentSummaries` validates each month file the same way (a damaged or
older file goes through the history, which repairs and migrates it), and keeps only the
summaries it builds, per month, while that month's file is unchanged.
"""

from __future__ import annotations

import weakref
from array import array
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..chronicle import incident_item
from ..domain import Incident
from ..item_table import ItemTable, ItemView
from .errors import StoreError
from .incidents import month_of, unique_documents
from .records import READ_ERRORS
from .signature import Signature

if TYPE_CHECKING:
    from .store import Store

SEARCHED_UPDATES = 3
"""The updates whose bodies a search looks into: the newest three."""


def summary_of(data: dict[str, Any]) -> Incident:
    """The incident of a stored document, without its updates, link, components and stamps."""
    incident = Incident.from_dict({**data, "updates": (), "components": ()})
    return replace(incident, url="", first_seen_at=None, updated_at=None)


def search_text(title: str, bodies: Iterable[str]) -> str:
    """What a search looks into: the title and the newest updates' bodies, lowercased."""
    return "\n".join([title, *bodies]).lower()


def _document_text(data: dict[str, Any]) -> str:
    updates = data.get("updates") or ()
    bodies = [str(u.get("body", "")) for u in updates[-SEARCHED_UPDATES:] if isinstance(u, dict)]
    return search_text(str(data.get("title", "")), bodies)


def _summary_and_text(data: Any) -> tuple[Incident, str]:
    """A stored document's summary and search text; raises on one the full read would not
    build (the summary alone never reads the updates)."""
    updates = data.get("updates") or []
    if not isinstance(updates, list) or not all(isinstance(u, dict) for u in updates):
        raise TypeError("updates is not a list of updates")
    return summary_of(data), _document_text(data)


def incident_search_text(incident: Incident) -> str:
    return search_text(incident.title, (u.body for u in incident.updates[-SEARCHED_UPDATES:]))


def month_table(month: str, incidents: Iterable[Incident], texts: Iterable[str]) -> ItemTable:
    """Summaries and their search texts as a table of timeline items, in their order."""
    return ItemTable.from_items(
        (
            incident_item(incident, search_text=text)
            for incident, text in zip(incidents, texts, strict=True)
        ),
        file=month,
    )


class IncidentSummaries:
    """Reads the history's months as summaries, re-reading only the months that changed.

    What it keeps between reads is the table it made last (which the dashboard holds
    anyway) and the signature of each month file it read into it: an unchanged month's items
    are taken from that table, not kept a second time per month.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._signatures: dict[str, Signature] = {}
        self._last: ItemTable | None = None
        self.months_read = 0
        """How many month files the reads parsed (an unchanged month is not parsed again)."""

    def month(self, month: str) -> tuple[ItemTable, Signature | None]:
        """The month's incidents as a table, read from its file, and the file's signature
        (None when the file had to go through the history: it is read again next time)."""
        self.months_read += 1
        signature = self.store.history.month_file(month).stat_signature()
        documents = self._documents(month)
        if documents is None:  # damaged, older or unreadable: the history deals with it
            incidents = self.store.history.read_month(month)
            table = month_table(
                month,
                (summary_of(i.to_dict()) for i in incidents),
                (incident_search_text(i) for i in incidents),
            )
            return table, None
        summaries: list[Incident] = []
        texts: list[str] = []
        label = self.store.history.month_file(month).label
        for doc_id, document in documents.items():
            try:
                summary, text = _summary_and_text(document)
            except READ_ERRORS:
                # Not an incident as the full read builds one: the reader says why, once,
                # and skips it, as the first screen's read of the same month does.
                whole = self.store.history.reader.one(
                    label, "incidents", "incidents", doc_id, document
                )
                if whole is None:
                    continue
                summary, text = summary_of(whole.to_dict()), incident_search_text(whole)
            summaries.append(summary)
            texts.append(text)
        return month_table(month, summaries, texts), signature

    def timeline(
        self,
        events: ItemTable,
        now: datetime,
        should_stop: Callable[[], bool] | None = None,
    ) -> ItemTable:
        """``events`` and every incident of the history in one table, oldest first.

        ``should_stop`` is asked between months; when it says so, :class:`ReadStopped`.
        """
        last, known = self._last, self._signatures
        signatures: dict[str, Signature] = {}
        fresh: list[ItemTable] = []
        unchanged: list[str] = []
        for month in self.store.incident_months():
            if should_stop is not None and should_stop():
                raise ReadStopped()
            signature = self.store.history.month_file(month).stat_signature()
            if last is not None and signature is not None and known.get(month) == signature:
                signatures[month] = signature
                unchanged.append(month)
                continue
            table, read_signature = self.month(month)
            fresh.append(table)
            if read_signature is not None:
                signatures[month] = read_signature
        parts: list[ItemTable | ItemView] = [events, *fresh]
        if last is not None and unchanged:
            files = last.files
            kept = {code for m in unchanged if (code := files.code_of(m)) is not None}
            codes = files.codes
            parts.append(last.view(array("i", (p for p, c in enumerate(codes) if c in kept))))
        merged = ItemTable.merged(parts, now)
        self._last, self._signatures = merged, signatures
        return merged

    def _documents(self, month: str) -> dict[str, Any] | None:
        """The month's incident documents as on disk, or None when the file needs the history.

        The signature was taken before the read: a write in between makes it stale, and the
        next read reads the month again.
        """
        datafile = self.store.history.month_file(month)
        try:
            found = datafile.read_payload()
            if found is None:
                return {}
            data = datafile.parse(found[0])
        except StoreError:
            return None
        if datafile.schema_of(data) != datafile.schema:
            return None
        return unique_documents(data.get("incidents", {}))


class ReadStopped(Exception):
    """``should_stop`` said to stop part-way through the history."""


_READERS: weakref.WeakKeyDictionary[Store, IncidentSummaries] = weakref.WeakKeyDictionary()


def incident_summaries(store: Store) -> IncidentSummaries:
    """The summaries reader of ``store`` (one per store: it remembers unchanged months)."""
    reader = _READERS.get(store)
    if reader is None:
        reader = _READERS[store] = IncidentSummaries(store)
    return reader


def read_incident(store: Store, key: str, started_at: datetime | None = None) -> Incident | None:
    """Incident ``key`` as stored, updates and all, reading one month file when possible.

    An incident lives in the month it started in, or (while open, see the index) the month
    it was filed in; ``started_at`` names the first. The file is read and dropped, not kept.
    """
    months = [month_of(started_at)] if started_at is not None else []
    filed = store.open_incident_keys().get(key)
    if filed is not None and filed not in months:
        months.append(filed)
    for month in months:
        datafile = store.history.month_file(month)
        try:
            found = datafile.read_payload()
            data = datafile.parse(found[0]) if found is not None else {}
        except StoreError:
            break
        if found is not None and datafile.schema_of(data) != datafile.schema:
            break
        for document in unique_documents(data.get("incidents", {})).values():
            if isinstance(document, dict) and document.get("key") == key:
                try:
                    return Incident.from_dict(document)
                except READ_ERRORS:
                    break  # the history reads it again, and says why it is skipped
    return store.incident(key)  # moved, damaged or older: the history looks everywhere
