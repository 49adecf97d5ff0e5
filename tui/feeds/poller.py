"""One polling cycle over every due source, and the loop that repeats it.

:func:`poll_once` is the entry point shared by ``whalewatch poll`` and the dashboard's worker.
It reads the store a few times, polls due sources concurrently, each through its kind in
:mod:`tui.kinds` (a bad source never spoils the others), lets each kind conclude with what the
whole cycle knows, then writes once: one merge of incidents, the events kinds detected, and
one save of source health. An unreachable source keeps its incidents as they were: silence is
not recovery.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import httpx

from .. import collector
from ..domain import Event, Incident, Source, SourceHealth, poll_interval, utcnow
from ..kinds import PollContext, PollingRules, PollResult, kind_named
from ..kinds.base import failed_health
from ..store import EventMerge, MergeResult, Store, StoreError
from .errors import FeedError
from .http import make_client
from .offline import cycle_offline, offline_result, unanswered

MAX_BACKOFF = 30 * 60
CONCURRENCY = 50
JITTER = 0.1
UNKNOWN_KIND_RULES = PollingRules()


@dataclass(frozen=True)
class SourceOutcome:
    """How one source's poll went, for the report and the Sources screen."""

    source: Source
    ok: bool
    error: str = ""
    incidents: int = 0
    not_modified: bool = False
    events: int = 0

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"{self.source.id} FAILED {self.error}"
        if self.not_modified:
            return f"{self.source.id} ok (not modified)"
        events = f", {self.events} event{'s' if self.events != 1 else ''}" if self.events else ""
        return f"{self.source.id} ok ({self.incidents} incidents{events})"


@dataclass(frozen=True, repr=False)
class PollReport:
    """What one cycle did: per-source outcomes, what the merge changed, the events added
    and the detected events updated (an edited changelog entry)."""

    outcomes: tuple[SourceOutcome, ...] = ()
    merge: MergeResult = field(default_factory=MergeResult)
    health: tuple[SourceHealth, ...] = ()
    events: tuple[Event, ...] = ()
    updated_events: tuple[Event, ...] = ()
    offline: bool = False
    """The sources that failed without an answer failed with this machine's network: they
    say "offline — cannot tell" and opened nothing (see :mod:`.offline`)."""

    @property
    def all_ok(self) -> bool:
        return all(outcome.ok for outcome in self.outcomes)

    @property
    def polled(self) -> int:
        return len(self.outcomes)

    def __repr__(self) -> str:
        """Counts, not contents: the report of a first cycle over 2,000 sources holds 10,000
        incidents (a 10 MB repr, 0.2 s of CPU), and on Python 3.11 ``asyncio.run`` formats
        the repr of what its main task returned twice as it restores the SIGINT handler
        (``signal.getsignal`` tries the handler, which names the task, as an enum value)."""
        failed = sum(1 for outcome in self.outcomes if not outcome.ok)
        return (
            f"PollReport(polled={self.polled}, failed={failed}, new={len(self.merge.new)}, "
            f"changed={len(self.merge.changed)}, events={len(self.events)}, "
            f"updated_events={len(self.updated_events)}, offline={self.offline})"
        )


def rules_of(source: Source) -> PollingRules:
    """The polling rules of the source's kind (a kind this process does not know: the defaults)."""
    kind = kind_named(source.kind)
    return kind.rules if kind is not None else UNKNOWN_KIND_RULES


def interval_of(source: Source) -> int:
    """Seconds between polls: the kind's fixed interval, else the source's own (at least 15 s)."""
    fixed = rules_of(source).fixed_interval
    return fixed if fixed is not None else poll_interval(source.every)


def is_due(source: Source, health: SourceHealth | None, now: datetime) -> bool:
    if source.paused:
        return False
    return health is None or health.next_poll is None or health.next_poll <= now


def next_poll_time(
    source: Source, failures: int, now: datetime, retry_after: float | None = None
) -> datetime:
    """The next poll: the interval plus jitter, backing off exponentially while failing."""
    rules = rules_of(source)
    interval = float(interval_of(source))
    if failures > 0 and rules.backs_off:
        interval = min(MAX_BACKOFF, interval * 2 ** min(failures - 1, 10))
    if retry_after:
        interval = max(interval, min(retry_after, MAX_BACKOFF * 4))
    if rules.jitter:
        interval += random.uniform(0, interval * JITTER)
    return now + timedelta(seconds=interval)


def _failure(source: Source, previous: SourceHealth, now: datetime, error: str) -> PollResult:
    return PollResult(source, failed_health(previous, now, error, None))


def _internal_error(exc: Exception) -> str:
    return f"internal error: {type(exc).__name__}: {exc}"[:300]


async def _poll_source(
    source: Source,
    client: httpx.AsyncClient,
    previous: SourceHealth,
    now: datetime,
    context: PollContext,
) -> PollResult:
    """Poll one source by its kind; every exception becomes that source's failure with a reason."""
    kind = kind_named(source.kind)
    if kind is None:
        return _failure(source, previous, now, f"unknown source kind {source.kind!r}")
    try:
        return await kind.poll_in(context, client, source, previous, now)
    except FeedError as exc:
        error = str(exc)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # a bug or a payload we did not foresee: this source only
        error = _internal_error(exc)
    return _failure(source, previous, now, error)


async def in_parallel(
    work: Callable[[Source], Awaitable[PollResult]], sources: list[Source], most: int
) -> list[PollResult]:
    """``work`` on every source, at most ``most`` at a time; the results in their order.

    ``most`` tasks take the next source in turn until none is left, rather than one task a
    source waiting on a semaphore: 2,000 sources made 2,000 tasks, each parked on a future.
    """
    results: list[PollResult | None] = [None] * len(sources)
    queue = iter(enumerate(sources))  # shared by the tasks: each step is taken by one

    async def worker() -> None:
        for index, source in queue:
            results[index] = await work(source)

    await asyncio.gather(*(worker() for _ in range(min(most, len(sources)))))
    return [result for result in results if result is not None]


def _conclude(polled: PollResult, previous: SourceHealth, cycle: StoreCycle) -> PollResult:
    """The kind's cross-source step; a bug in it spoils this source only."""
    kind = kind_named(polled.source.kind)
    if kind is None:
        return polled
    try:
        return kind.conclude(polled, cycle)
    except StoreError:
        raise
    except Exception as exc:
        return _failure(polled.source, previous, cycle.now, _internal_error(exc))


class StoreCycle:
    """The :class:`~tui.kinds.CycleContext` of one cycle: the store, and the health just polled.

    Reads the store only when a kind asks (most cycles have no probe).
    """

    def __init__(
        self,
        store: Store,
        sources: Iterable[Source],
        health: dict[str, SourceHealth],
        now: datetime,
    ) -> None:
        self.store = store
        self.now = now
        self._open_keys: dict[str, str] | None = None
        self._indicators: dict[str, str] = {}
        for source in sources:
            kind = kind_named(source.kind)
            entry = health.get(source.id)
            if kind is None or not kind.is_status_page or not source.platform or not entry:
                continue
            if entry.indicator:
                self._indicators.setdefault(source.platform, entry.indicator)

    def open_incident(self, key_prefix: str) -> Incident | None:
        if self._open_keys is None:
            self._open_keys = self.store.open_incident_keys()
        key = next((k for k in self._open_keys if k.startswith(key_prefix)), None)
        incident = self.store.incident(key) if key else None
        return incident if incident is not None and incident.is_open else None

    def page_indicator(self, platform: str) -> str:
        return self._indicators.get(platform, "")


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
    ignores the schedule. The garbage collector is paused for the cycle (see
    :func:`tui.collector.paused`).
    """
    with collector.paused():
        return await _poll_cycle(store, client, now, sources, force)


async def _poll_cycle(
    store: Store,
    client: httpx.AsyncClient,
    now: datetime | None,
    sources: Iterable[Source] | None,
    force: bool,
) -> PollReport:
    """One cycle (see :func:`poll_once`).

    A cycle with failures that got no answer first asks whether the
    network is down (:func:`~.offline.cycle_offline`). Store I/O: four reads and at most four
    writes per cycle (incidents, events when a kind yields any, health, and the per-day uptime
    tally with it); a page source also writes its new version under ``<store>/pages/``, under
    the store lock.
    """
    now = now or utcnow()
    all_sources = store.sources()
    chosen = list(sources) if sources is not None else all_sources
    health = store.health()
    due = [s for s in chosen if not s.paused and (force or is_due(s, health.get(s.id), now))]
    if not due:
        return PollReport()
    context = PollContext(pages=store.pages, lock=store.lock.held)

    def previous(source: Source) -> SourceHealth:
        return health.get(source.id) or SourceHealth(source.id)

    async def poll(source: Source) -> PollResult:
        return await _poll_source(source, client, previous(source), now, context)

    polled = await in_parallel(poll, due, CONCURRENCY)
    polled_ids = {p.source.id for p in polled}
    others = [s for s in all_sources if s.id not in polled_ids]
    offline = await cycle_offline(client, polled, store.configuration.control_url(), others)
    fresh = dict(health)
    fresh.update({p.source.id: p.health for p in polled})
    cycle = StoreCycle(store, all_sources, fresh, now)
    concluded = [
        offline_result(p, previous(p.source), now)
        if offline and unanswered(p)
        else _conclude(p, previous(p.source), cycle)
        for p in polled
    ]
    outcomes = []
    entries = []
    for item in concluded:
        failures = item.health.consecutive_failures
        entry = replace(
            item.health, next_poll=next_poll_time(item.source, failures, now, item.retry_after)
        )
        outcomes.append(
            SourceOutcome(
                item.source,
                ok=not entry.error,
                error=entry.error,
                incidents=len(item.incidents),
                not_modified=item.not_modified,
                events=len(item.events),
            )
        )
        entries.append(entry)
    incidents = [incident for item in concluded for incident in item.incidents]
    merge = store.merge_incidents(incidents, now) if incidents else MergeResult()
    events = [event for item in concluded for event in item.events]
    merged = store.merge_events(events) if events else EventMerge()
    store.save_health(entries)
    return PollReport(tuple(outcomes), merge, tuple(entries), merged.added, merged.updated, offline)


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


CycleRunner = Callable[[httpx.AsyncClient], Awaitable[PollReport]]
"""How a loop runs one cycle: :func:`poll_once` on the store, or that plus its alerts."""


class Poller:
    """Runs :func:`poll_once` (or ``run_cycle``) until told to stop; used by ``whalewatch poll``."""

    def __init__(
        self,
        store: Store,
        client: httpx.AsyncClient | None = None,
        on_report: Callable[[PollReport], None] | None = None,
        idle_cap: float = 5.0,
        on_error: Callable[[Exception], None] | None = None,
        run_cycle: CycleRunner | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.on_report = on_report
        self.on_error = on_error
        self.idle_cap = idle_cap
        self.run_cycle = run_cycle
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
                if self.run_cycle is not None:
                    report = await self.run_cycle(client)
                else:
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
