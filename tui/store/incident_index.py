"""The incident history as summaries for the lists: no update bodies kept in memory.

The dashboard's lists show a title, a status and two times per incident; the rest (the
updates' bodies, the link, the components) is needed only when an incident is opened, and
then :func:`read_incident` reads that one incident. A search needs a few lines of each
incident: those are kept, lowercased, as its search text.

Reading the history through :class:`~tui.store.incidents.IncidentHistory` keeps each month's
incidents, bodies and all, for as long as its file is unchanged: hundreds of MiB for 100,000
incidents. :class:`IncidentSummaries` validates each month file the same way (a damaged or
older file goes through the history, which repairs and migrates it), and keeps only the
summaries it builds, per month, while that month's file is unchanged.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..domain import Incident
from .errors import StoreError
from .incidents import month_of
from .signature import Signature

if TYPE_CHECKING:
    from .store import Store

SEARCHED_UPDATES = 3
"""The updates whose bodies a search looks into: the newest three."""


def summary_of(data: dict[str, Any]) -> Incident:
    """The incident of a stored document, without its updates, link, components and stamps.

    Words that repeat across incidents (sources, statuses, platforms, titles) are interned:
    one string each, however many incidents share it.
    """
    intern = sys.intern
    incident = Incident.from_dict({**data, "updates": (), "components": ()})
    return Incident(
        source_id=intern(incident.source_id),
        external_id=incident.external_id,
        title=intern(incident.title),
        status=intern(incident.status),
        impact=intern(incident.impact),
        started_at=incident.started_at,
        platform=intern(incident.platform),
        resolved_at=incident.resolved_at,
        unacknowledged=incident.unacknowledged,
    )


def search_text(title: str, bodies: Iterable[str]) -> str:
    """What a search looks into: the title and the newest updates' bodies, lowercased."""
    return "\n".join([title, *bodies]).lower()


def _document_text(data: dict[str, Any]) -> str:
    updates = data.get("updates") or ()
    bodies = [str(u.get("body", "")) for u in updates[-SEARCHED_UPDATES:] if isinstance(u, dict)]
    return search_text(str(data.get("title", "")), bodies)


def incident_search_text(incident: Incident) -> str:
    return search_text(incident.title, (u.body for u in incident.updates[-SEARCHED_UPDATES:]))


@dataclass(frozen=True, slots=True)
class MonthSummaries:
    """One month file's incidents as summaries, each with its search text."""

    signature: Signature | None
    incidents: tuple[Incident, ...]
    search_texts: tuple[str, ...]


class IncidentSummaries:
    """Reads the history's months as summaries, re-reading only the months that changed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._months: dict[str, MonthSummaries] = {}

    def month(self, month: str) -> MonthSummaries:
        datafile = self.store.history.month_file(month)
        cached = self._months.get(month)
        signature = datafile.stat_signature()
        if cached is not None and signature is not None and cached.signature == signature:
            return cached
        documents = self._documents(month)
        if documents is None:  # damaged, older or unreadable: the history deals with it
            incidents = self.store.history.read_month(month)
            summaries = MonthSummaries(
                None,
                tuple(summary_of(i.to_dict()) for i in incidents),
                tuple(incident_search_text(i) for i in incidents),
            )
        else:
            summaries = MonthSummaries(
                signature,
                tuple(summary_of(d) for d in documents),
                tuple(_document_text(d) for d in documents),
            )
        self._months[month] = summaries
        return summaries

    def _documents(self, month: str) -> list[dict[str, Any]] | None:
        """The month's incident documents as on disk, or None when the file needs the history.

        The signature was taken before the read: a write in between makes it stale, and the
        next read reads the month again.
        """
        datafile = self.store.history.month_file(month)
        try:
            found = datafile.read_payload()
            if found is None:
                return []
            data = datafile.parse(found[0])
        except StoreError:
            return None
        if datafile.schema_of(data) != datafile.schema:
            return None
        documents = data.get("incidents", {})
        return [d for d in documents.values() if isinstance(d, dict)]

    def read_all(
        self, should_stop: Callable[[], bool] | None = None
    ) -> tuple[list[Incident], list[str]]:
        """Every incident as a summary and its search text, newest month first.

        ``should_stop`` is asked between months; when it says so, :class:`ReadStopped`.
        """
        incidents: list[Incident] = []
        texts: list[str] = []
        months = self.store.incident_months()
        for month in months:
            if should_stop is not None and should_stop():
                raise ReadStopped()
            summaries = self.month(month)
            incidents += summaries.incidents
            texts += summaries.search_texts
        for gone in set(self._months) - set(months):
            del self._months[gone]
        return incidents, texts


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
        for document in data.get("incidents", {}).values():
            if isinstance(document, dict) and document.get("key") == key:
                return Incident.from_dict(document)
    return store.incident(key)  # moved, damaged or older: the history looks everywhere
