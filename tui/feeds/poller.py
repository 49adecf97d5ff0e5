"""One polling cycle over every due source, and the loop that repeats it.

:func:`poll_once` is the entry point shared by ``whalewatch poll`` and the dashboard's worker.
It reads the store a few times, polls due sources concurrently (a bad source never spoils the
others), then writes once: one merge of incidents and one save of source health. An
unreachable source keeps its incidents as they were: silence is not recovery.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import httpx

from ..demo.replay import REPLAY_INTERVAL_SECONDS, replay_incidents
from ..domain import Incident, Source, SourceHealth, utcnow
from ..store import MergeResult, Store, StoreError
from . import probe
from .errors import FeedError
from .http import FetchResult, fetch, make_client
from .rss import parse_feed
from .statuspage import incidents_url, parse_incidents, parse_summary, summary_url

MIN_INTERVAL = 15
DEFAULT_INTERVAL = 60
MAX_BACKOFF = 30 * 60
CONCURRENCY = 50
JITTER = 0.1


@dataclass(frozen=True)
class SourceOutcome:
    """How one source's poll went, for the report and the Sources screen."""

    source: Source
    ok: bool
    error: str = ""
    incidents: int = 0
    not_modified: bool = False

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"{self.source.id} FAILED {self.error}"
        if self.not_modified:
            return f"{self.source.id} ok (not modified)"
        return f"{self.source.id} ok ({self.incidents} incidents)"


@dataclass(frozen=True)
class PollReport:
    """What one cycle did: per-source outcomes and what the merge changed."""

    outcomes: tuple[SourceOutcome, ...] = ()
    merge: MergeResult = field(default_factory=MergeResult)
    health: tuple[SourceHealth, ...] = ()

    @property
    def all_ok(self) -> bool:
        return all(outcome.ok for outcome in self.outcomes)

    @property
    def polled(self) -> int:
        return len(self.outcomes)


@dataclass
class _Polled:
    """A source's raw result before the (synchronous) store work at the end of the cycle."""

    source: Source
    health: SourceHealth
    incidents: list[Incident] = field(default_factory=list)
    error: str = ""
    not_modified: bool = False
    retry_after: float | None = None
    probe_outcome: probe.ProbeOutcome | None = None


def interval_of(source: Source) -> int:
    """Seconds between polls: the source's own, at least 15 s (the replay is local)."""
    if source.kind == "replay":
        return REPLAY_INTERVAL_SECONDS
    return max(MIN_INTERVAL, int(source.every or DEFAULT_INTERVAL))


def is_due(source: Source, health: SourceHealth | None, now: datetime) -> bool:
    if source.paused:
        return False
    return health is None or health.next_poll is None or health.next_poll <= now


def next_poll_time(
    source: Source, failures: int, now: datetime, retry_after: float | None = None
) -> datetime:
    """The next poll: the interval plus jitter, backing off exponentially while failing."""
    interval = float(interval_of(source))
    if failures > 0 and source.kind not in ("replay", "probe"):
        interval = min(MAX_BACKOFF, interval * 2 ** min(failures - 1, 10))
    if retry_after:
        interval = max(interval, min(retry_after, MAX_BACKOFF * 4))
    if source.kind != "replay":
        interval += random.uniform(0, interval * JITTER)
    return now + timedelta(seconds=interval)


def _failed_health(
    previous: SourceHealth, now: datetime, error: str, status: int | None
) -> SourceHealth:
    return replace(
        previous,
        last_poll=now,
        http_status=status,
        error=error,
        consecutive_failures=previous.consecutive_failures + 1,
        consecutive_successes=0,
    )


def _ok_health(previous: SourceHealth, now: datetime, result: FetchResult | None) -> SourceHealth:
    health = replace(
        previous,
        last_poll=now,
        last_ok=now,
        error="",
        consecutive_failures=0,
        consecutive_successes=previous.consecutive_successes + 1,
    )
    if result is not None:
        health = replace(
            health,
            http_status=result.status,
            latency_ms=result.elapsed_ms,
            etag=result.etag or health.etag,
            last_modified=result.last_modified or health.last_modified,
        )
    return health


async def _poll_statuspage(
    source: Source, client: httpx.AsyncClient, previous: SourceHealth, now: datetime
) -> _Polled:
    result = await fetch(
        client, summary_url(source.url), etag=previous.etag, last_modified=previous.last_modified
    )
    if result.error:
        health = _failed_health(previous, now, result.error, result.status)
        return _Polled(source, health, error=result.error, retry_after=result.retry_after)
    if result.not_modified:
        return _Polled(source, _ok_health(previous, now, result), not_modified=True)
    summary = parse_summary(result.body, source.id, source.platform)
    incidents: dict[str, Incident] = {i.external_id: i for i in summary.incidents}
    for maintenance in summary.active_maintenances:
        incidents[maintenance.external_id] = maintenance
    # The summary lists only unresolved incidents; incidents.json says how the others ended.
    history = await fetch(client, incidents_url(source.url))
    if history.ok and not history.not_modified:
        try:
            for incident in parse_incidents(history.body, source.id, source.platform):
                incidents[incident.external_id] = incident
        except FeedError:
            pass  # the summary alone is still a good answer
    health = replace(
        _ok_health(previous, now, result),
        indicator=summary.indicator,
        description=summary.description,
    )
    return _Polled(source, health, incidents=list(incidents.values()))


async def _poll_feed(
    source: Source, client: httpx.AsyncClient, previous: SourceHealth, now: datetime
) -> _Polled:
    result = await fetch(
        client, source.url, etag=previous.etag, last_modified=previous.last_modified
    )
    if result.error:
        health = _failed_health(previous, now, result.error, result.status)
        return _Polled(source, health, error=result.error, retry_after=result.retry_after)
    if result.not_modified:
        return _Polled(source, _ok_health(previous, now, result), not_modified=True)
    parsed = parse_feed(result.body, source.id, source.platform, now=now)
    return _Polled(source, _ok_health(previous, now, result), incidents=list(parsed.incidents))


async def _poll_probe(
    source: Source, client: httpx.AsyncClient, previous: SourceHealth, now: datetime
) -> _Polled:
    result = await fetch(
        client,
        source.url,
        method=source.method or "GET",
        deadline=max(0.5, float(source.timeout or 10.0)),
    )
    outcome = probe.judge(source, result)
    return _Polled(
        source,
        previous,
        error=outcome.reason,
        probe_outcome=outcome,
        retry_after=result.retry_after,
    )


async def _poll_source(
    source: Source, client: httpx.AsyncClient, previous: SourceHealth, now: datetime
) -> _Polled:
    """Poll one source; every exception becomes that source's failure with a reason."""
    try:
        if source.kind == "replay":
            incidents = replay_incidents(source, now)
            return _Polled(source, _ok_health(previous, now, None), incidents=incidents)
        if source.kind == "statuspage":
            return await _poll_statuspage(source, client, previous, now)
        if source.kind == "feed":
            return await _poll_feed(source, client, previous, now)
        if source.kind == "probe":
            return await _poll_probe(source, client, previous, now)
        error = f"unknown source kind {source.kind!r}"
    except FeedError as exc:
        error = str(exc)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # a bug or a payload we did not foresee: this source only
        error = f"internal error: {type(exc).__name__}: {exc}"[:300]
    return _Polled(source, _failed_health(previous, now, error, None), error=error)


def _page_indicators(sources: Iterable[Source], health: dict[str, SourceHealth]) -> dict[str, str]:
    """Platform -> the last Statuspage indicator known for it."""
    indicators: dict[str, str] = {}
    for source in sources:
        entry = health.get(source.id)
        if source.kind == "statuspage" and source.platform and entry and entry.indicator:
            indicators.setdefault(source.platform, entry.indicator)
    return indicators


async def poll_once(
    store: Store,
    client: httpx.AsyncClient,
    now: datetime | None = None,
    sources: Iterable[Source] | None = None,
    *,
    force: bool = False,
) -> PollReport:
    """Poll every due, unpaused source once, merge what they say, record their health.

    ``sources`` limits the cycle to those sources (default: all in the store); ``force``
    ignores the schedule. Store I/O: three reads and at most two writes per cycle.
    """
    now = now or utcnow()
    all_sources = store.sources()
    chosen = list(sources) if sources is not None else all_sources
    health = store.health()
    due = [s for s in chosen if not s.paused and (force or is_due(s, health.get(s.id), now))]
    if not due:
        return PollReport()
    semaphore = asyncio.Semaphore(CONCURRENCY)

    async def bounded(source: Source) -> _Polled:
        async with semaphore:
            return await _poll_source(
                source, client, health.get(source.id) or SourceHealth(source.id), now
            )

    polled = await asyncio.gather(*(bounded(source) for source in due))
    fresh = dict(health)
    fresh.update({p.source.id: p.health for p in polled if p.source.kind == "statuspage"})
    indicators = _page_indicators(all_sources, fresh)
    open_keys = store.open_incident_keys() if any(p.probe_outcome for p in polled) else {}
    for item in polled:
        if item.probe_outcome is None:
            continue
        prefix = f"{item.source.id}:{probe.PROBE_PREFIX}"
        key = next((k for k in open_keys if k.startswith(prefix)), None)
        open_incident = store.incident(key) if key else None
        if open_incident is not None and not open_incident.is_open:
            open_incident = None
        item.health, incident = probe.advance(
            item.source,
            item.health,
            item.probe_outcome,
            now,
            open_incident,
            indicators.get(item.source.platform, ""),
        )
        item.incidents = [incident] if incident is not None else []
    outcomes = []
    entries = []
    for item in polled:
        failures = item.health.consecutive_failures
        item.health = replace(
            item.health, next_poll=next_poll_time(item.source, failures, now, item.retry_after)
        )
        ok = not item.health.error
        outcomes.append(
            SourceOutcome(
                item.source,
                ok=ok,
                error=item.health.error,
                incidents=len(item.incidents),
                not_modified=item.not_modified,
            )
        )
        entries.append(item.health)
    incidents = [incident for item in polled for incident in item.incidents]
    merge = store.merge_incidents(incidents, now) if incidents else MergeResult()
    store.save_health(entries)
    return PollReport(tuple(outcomes), merge, tuple(entries))


def seconds_until_next(store: Store, now: datetime | None = None, cap: float = 5.0) -> float:
    """How long the loop may sleep before some source is due (re-reading at least every ``cap``)."""
    now = now or utcnow()
    health = store.health()
    waits = []
    for source in store.sources():
        if source.paused:
            continue
        entry = health.get(source.id)
        if entry is None or entry.next_poll is None:
            return 0.0
        waits.append((entry.next_poll - now).total_seconds())
    if not waits:
        return cap
    return max(0.0, min(cap, min(waits)))


class Poller:
    """Runs :func:`poll_once` until told to stop; used by ``whalewatch poll``."""

    def __init__(
        self,
        store: Store,
        client: httpx.AsyncClient | None = None,
        on_report: Callable[[PollReport], None] | None = None,
        idle_cap: float = 5.0,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.on_report = on_report
        self.on_error = on_error
        self.idle_cap = idle_cap
        self.cycles = 0

    async def run(self, stop_event: asyncio.Event) -> None:
        """Poll whenever a source is due, until ``stop_event`` is set."""
        if self.client is None:
            async with make_client() as client:
                await self._loop(client, stop_event)
        else:
            await self._loop(self.client, stop_event)

    async def _loop(self, client: httpx.AsyncClient, stop_event: asyncio.Event) -> None:
        while not stop_event.is_set():
            wait = self.idle_cap
            try:
                report = await poll_once(self.store, client)
                self.cycles += 1
                if report.polled and self.on_report is not None:
                    self.on_report(report)
                wait = max(0.5, seconds_until_next(self.store, cap=self.idle_cap))
            except StoreError as error:
                # A full disk or a damaged file must not end polling: say so, try again later.
                if self.on_error is not None:
                    self.on_error(error)
            try:
                await asyncio.wait_for(stop_event.wait(), timeout=wait)
            except TimeoutError:
                pass
