"""What every status-page provider read through its own JSON shares: fetch, read, recognise.

incident.io, Instatus, Better Stack, cState, Cachet, Status.io, Slack, Google Cloud and AWS
each publish their status as JSON in their own shape. A provider's kind (one module each)
says where its document is (:meth:`JsonProviderKind.api_url`, from the home URL a user
pastes), how to tell it is its own (:meth:`~JsonProviderKind.looks_like`) and how to read it
into a :class:`Reading` (:meth:`~JsonProviderKind.read`); fetching, conditional requests,
health and the optional second document (its history) are done here once.

A payload that is not the provider's shape raises :class:`~tui.feeds.errors.FeedError`
from :meth:`~JsonProviderKind.read`: the poller records it on the source and stores nothing
from that poll.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from ..domain import CLOSED_STATUSES, Incident, IncidentUpdate, Source, SourceHealth
from ..feeds.errors import FeedError
from ..feeds.http import FetchResult, fetch
from .base import PollResult, SourceKind, failed_poll, ok_health, unchanged_poll
from .payload import load_json

MAX_COMPONENTS = 200
INDICATOR_RANK = {"none": 0, "maintenance": 1, "minor": 2, "major": 3, "critical": 4}


@dataclass(frozen=True)
class Reading:
    """What one provider document says: its incidents and the page's overall state."""

    incidents: tuple[Incident, ...] = ()
    indicator: str = ""
    """``none`` … ``critical`` or ``maintenance``, as Statuspage says it; ``''``: not said."""
    description: str = ""
    page_name: str = ""
    components: tuple[tuple[str, str], ...] = ()
    """The page's components and their current state, when the document says."""


def page_base(url: str) -> str:
    """``scheme://host[:port]`` of ``url``: where a provider's documents live."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def worst_indicator(incidents: Iterable[Incident]) -> str:
    """The indicator the open incidents add up to (``none`` when nothing is open)."""
    worst = "none"
    for incident in incidents:
        if incident.is_open and incident.status != "scheduled":
            impact = incident.impact if incident.impact in INDICATOR_RANK else "minor"
            if INDICATOR_RANK[impact] > INDICATOR_RANK[worst]:
                worst = impact
    return worst


def settled(incident: Incident) -> Incident:
    """``incident`` with its updates oldest first and a closing time when it is closed."""
    updates = tuple(sorted(incident.updates, key=lambda u: u.at))
    resolved_at = incident.resolved_at
    if resolved_at is None and incident.status in CLOSED_STATUSES:
        resolved_at = updates[-1].at if updates else incident.started_at
    return replace(incident, updates=updates, resolved_at=resolved_at)


def combined(current: Incident, past: Incident) -> Incident:
    """One incident both documents tell: the main one's state, the history's updates."""
    if current.updates and len(current.updates) >= len(past.updates):
        return current
    return replace(current, updates=past.updates, components=current.components or past.components)


def one_update(status: str, body: str, at: datetime | None) -> tuple[IncidentUpdate, ...]:
    """A single update, when a provider gives only its latest message."""
    return (IncidentUpdate(status=status, body=body, at=at),) if at and body else ()


class JsonProviderKind(SourceKind):
    """A status page read from its provider's JSON document (and, optionally, its history)."""

    is_status_page = True
    menu_group = 1

    @abstractmethod
    def api_url(self, url: str) -> str:
        """The provider's main document for the page at ``url`` (its home or the API URL)."""

    def history_url(self, url: str) -> str | None:
        """A second document with past incidents and their updates, if the provider has one."""
        return None

    @abstractmethod
    def looks_like(self, data: Any) -> bool:
        """Whether decoded JSON ``data`` is this provider's main document."""

    @abstractmethod
    def read(self, data: Any, source: Source) -> Reading:
        """The main document read; raises :class:`FeedError` when it is not the shape."""

    def decode(self, body: bytes) -> Any:
        """The document's JSON (a provider may serve it in another encoding)."""
        return load_json(body)

    def read_history(self, body: bytes, source: Source) -> tuple[Incident, ...]:
        """The history document's incidents (by default read like the main document)."""
        return self.read(self.decode(body), source).incidents

    def _recognisable(self, result: FetchResult | None) -> bool:
        if result is None or not result.ok:
            return False
        try:
            return self.looks_like(self.decode(result.body))
        except FeedError:
            return False

    # --- SourceKind ----------------------------------------------------------------------------

    def extra_url(self, url: str) -> str | None:
        api = self.api_url(url)
        return None if api.rstrip("/") == url.strip().rstrip("/") else api

    def recognises(self, url: str, first: FetchResult, extra: FetchResult | None) -> bool:
        if self._recognisable(extra):
            return True
        is_api = self.api_url(url).rstrip("/") == url.strip().rstrip("/")
        return is_api and self._recognisable(first)

    def poll_url(self, url: str) -> str:
        return self.api_url(url)

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        result = await fetch(
            client,
            self.api_url(source.url),
            etag=health.etag,
            last_modified=health.last_modified,
        )
        if result.error:
            return failed_poll(source, health, now, result)
        if result.not_modified:
            return unchanged_poll(source, health, now, result)
        reading = self.read(self.decode(result.body), source)
        incidents = {i.external_id: i for i in reading.incidents}
        history = self.history_url(source.url)
        if history:
            by_url = {i.url: i.external_id for i in reading.incidents if i.url}
            for past in await self._history(client, history, source):
                key = by_url.get(past.url, past.external_id) if past.url else past.external_id
                current = incidents.get(key)
                incidents[key] = past if current is None else combined(current, past)
        merged = tuple(settled(i) for i in incidents.values())
        indicator = reading.indicator or worst_indicator(merged)
        new_health = replace(
            ok_health(health, now, result),
            indicator=indicator,
            description=reading.description,
            components=reading.components[:MAX_COMPONENTS],
        )
        name = reading.page_name or self.label
        note = f"{name}: {reading.description or 'read'} (indicator {indicator})"
        return PollResult(source, new_health, incidents=merged, note=note, fetched=result)

    async def _history(
        self, client: httpx.AsyncClient, url: str, source: Source
    ) -> tuple[Incident, ...]:
        """The history's incidents; a history that fails leaves the main document's answer."""
        result = await fetch(client, url)
        if not result.ok or result.not_modified:
            return ()
        try:
            return self.read_history(result.body, source)
        except FeedError:
            return ()


def make_incident(
    source: Source,
    external_id: str,
    title: str,
    status: str,
    impact: str,
    started: datetime,
    **fields: Any,
) -> Incident:
    """An :class:`Incident` of ``source``, refusing one without an id (it could not be merged)."""
    if not external_id:
        raise FeedError("incident without an id")
    return Incident(
        source_id=source.id,
        external_id=external_id,
        title=title or "(untitled incident)",
        status=status,
        impact=impact,
        started_at=started,
        platform=source.platform,
        **fields,
    )
