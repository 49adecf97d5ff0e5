"""One poll cycle and its alerts: what both poll loops (``whalewatch poll``, the dashboard) run.

:meth:`PollAlerts.poll` reads the sources' health before the cycle, runs
:func:`~tui.feeds.poller.poll_once`, asks the rules what the cycle deserves, queues it in the
store's :class:`~tui.alerts.ledger.Ledger` for every target, and starts delivering in a
background task, so a slow or failing target never delays the next cycle. Only the session
holding the store's poller lock calls it, which is what makes one alert go out once.

The alert settings are read again whenever their file changes (``whalewatch notify add`` or
the dashboard's palette while this runs); a damaged file is reported once and the last good
settings are kept. ``push=False`` (the demo's throwaway store) queues for no target: the
dashboard still shows its own alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import httpx

from ..domain import Event, SourceHealth, utcnow
from ..feeds.poller import PollReport, poll_once
from ..store import Store, StoreError
from .alert import Alert
from .config import AlertConfig, AlertConfigError, Target, alerts_path, load_alert_config
from .delivery import DeliveryReport, deliver_pending, queue_cycle
from .ledger import Ledger
from .rules import CycleChanges, alerts_for_cycle, for_destination

CLOSE_WAIT = 2.0
"""Seconds a stopping poller gives a delivery in progress before cancelling it (it settles:
what was not sent stays queued for the next run)."""


@dataclass(frozen=True)
class AlertedCycle:
    """What one cycle did, the alerts it deserves (before any destination's filters), and the
    settings they were judged with."""

    report: PollReport
    alerts: tuple[Alert, ...] = ()
    config: AlertConfig = field(default_factory=AlertConfig)

    def for_dashboard(self) -> list[Alert]:
        """What the dashboard's own rules keep, bursts folded (as a target's would be)."""
        return for_destination(self.alerts, self.config.rules)


def detected_events(events: Sequence[Event]) -> tuple[Event, ...]:
    """The events a kind found on a watched page or changelog (not ones a user typed in)."""
    return tuple(event for event in events if getattr(event, "detected", False))


class PollAlerts:
    """Polls ``store`` one cycle at a time and sends what each cycle is worth telling.

    ``on_problem`` hears, once per new problem, what the user should know: an alert file that
    cannot be read, a ledger that cannot be written, a target that starts failing.
    """

    def __init__(
        self,
        store: Store,
        *,
        push: bool = True,
        config_path: Path | None = None,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.push = push
        self.ledger = Ledger(store.root)
        self.config_path = config_path
        self.on_problem = on_problem
        self.delivery: asyncio.Task[DeliveryReport] | None = None
        self._config = AlertConfig()
        self._stamp: tuple[int, ...] | None = None
        self._last_problem = ""
        self._failing: set[str] = set()

    # --- settings -------------------------------------------------------------------------

    @property
    def config(self) -> AlertConfig:
        """The alert settings, read again when the file changed since the last look."""
        path = self.config_path or alerts_path()
        try:
            status = path.stat()
            stamp: tuple[int, ...] = (status.st_mtime_ns, status.st_size, status.st_ino)
        except FileNotFoundError:
            stamp = ()
        except OSError:
            return self._config
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._config = load_alert_config(path)
            except AlertConfigError as error:
                self._problem(f"alerts: {error}; using the settings read before")
        return self._config

    def _problem(self, message: str) -> None:
        if message != self._last_problem:
            self._last_problem = message
            if self.on_problem is not None:
                self.on_problem(message)

    # --- the cycle ------------------------------------------------------------------------

    async def poll(self, client: httpx.AsyncClient, *, force: bool = False) -> AlertedCycle:
        """One cycle of :func:`poll_once`, its alerts queued and their delivery started."""
        previous = self.store.health()
        now = utcnow()
        report = await poll_once(self.store, client, now=now, force=force)
        if not report.polled:
            return AlertedCycle(report)
        config = self.config
        alerts = self._queue(report, previous, now, config)
        self.start_delivery(config.targets if self.push else (), client)
        return AlertedCycle(report, tuple(alerts), config)

    async def poll_report(self, client: httpx.AsyncClient) -> PollReport:
        """:meth:`poll`, for a loop that only wants the report (``Poller(run_cycle=…)``)."""
        return (await self.poll(client)).report

    def _queue(
        self,
        report: PollReport,
        previous: Mapping[str, SourceHealth],
        now: datetime,
        config: AlertConfig,
    ) -> list[Alert]:
        sources = {source.id: source for source in self.store.sources()}
        detected = detected_events(report.events)
        changes = CycleChanges.from_report(report, previous, sources, now, detected=detected)
        queued_for = config if self.push else replace(config, targets=())
        try:
            return queue_cycle(changes, queued_for, self.ledger)
        except StoreError as error:  # a full disk or a read-only store: polling goes on
            self._problem(f"alerts not queued: {error}")
            return alerts_for_cycle(changes)

    # --- delivery -------------------------------------------------------------------------

    def start_delivery(self, targets: Sequence[Target], client: httpx.AsyncClient) -> None:
        """Deliver what is queued and due, in the background, unless a delivery still runs."""
        if not targets or (self.delivery is not None and not self.delivery.done()):
            return
        self.delivery = asyncio.create_task(self._deliver(targets, client))

    async def _deliver(
        self, targets: Sequence[Target], client: httpx.AsyncClient
    ) -> DeliveryReport:
        try:
            report = await deliver_pending(self.ledger, targets, client)
        except Exception as error:  # the store, or a bug: say so; the alerts stay queued
            self._problem(f"alerts not delivered: {error}")
            return DeliveryReport()
        for target_id, why in report.failed.items():
            if target_id not in self._failing:
                self._failing.add(target_id)
                self._problem(f"alert target {target_id} failing: {why} (retrying, backing off)")
        self._failing -= {claim.target_id for claim in report.sent}
        return report

    async def finish(self) -> None:
        """Wait for the delivery in progress (it has its own deadline): ``poll --once``."""
        if self.delivery is not None:
            await asyncio.wait([self.delivery])

    async def close(self, wait: float = CLOSE_WAIT) -> None:
        """Give a delivery in progress ``wait`` seconds, then cancel it (what is left stays
        queued for the next run)."""
        task = self.delivery
        if task is None or task.done():
            return
        await asyncio.wait([task], timeout=wait)
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
