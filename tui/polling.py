"""The session's poller: polls the sources while this session holds the store's poller lock.

Two dashboards on one store must not both poll: one session at a time holds ``poller.lock``
and polls; the others wait and take over when it goes. What a cycle merged comes back to the
app as ``IncidentsPolled``; a cycle that fails is reported and polling goes on.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from textual.app import App

from .domain import Incident
from .messages import IncidentsPolled
from .store import Store

TAKE_OVER_WAIT = 5.0
"""Seconds between tries to take the poller lock from another session."""


class SessionPoller:
    """Runs the poll loop on the calling thread (a thread worker) until ``stop`` is set."""

    def __init__(self, app: App[Any], store: Store, stop: threading.Event, tick: float) -> None:
        self.app = app
        self.store = store
        self.stop = stop
        self.tick = tick
        """Seconds between poller wake-ups; each source still waits for its own interval."""
        self.holds_lock = False
        """True while this session is the one that polls."""

    def run(self) -> None:
        try:
            from .feeds.http import make_client
            from .feeds.poller import poll_once
        except ImportError as error:  # pragma: no cover - the feeds package is part of the app
            self.app.notify(f"polling unavailable: {error}", severity="error")
            return

        async def loop() -> None:
            client = make_client()
            try:
                while not self.stop.is_set():
                    if not self.store.poller_lock.try_acquire():
                        self.holds_lock = False
                        await asyncio.sleep(TAKE_OVER_WAIT)
                        continue
                    self.holds_lock = True
                    try:
                        report = await poll_once(self.store, client)
                    except Exception as error:  # one bad cycle must not end polling
                        self.app.notify(f"poll failed: {error}", severity="error", markup=False)
                        await asyncio.sleep(self.tick)
                        continue
                    if report.merge.any:
                        self._announce(report.merge.new, report.merge.changed)
                    await asyncio.sleep(self.tick)
            finally:
                await client.aclose()
                self.store.poller_lock.release()

        asyncio.run(loop())

    def _announce(self, new: tuple[Incident, ...], changed: tuple[Incident, ...]) -> None:
        """Toast new and changed incidents; the app marks them unread in the feed."""
        from .widgets.text import clean_line

        for incident in new:
            self.app.notify(
                clean_line(incident.title, 120),
                title=f"New incident · {incident.status}",
                severity="warning",
                markup=False,
            )
        for incident in changed:
            self.app.notify(
                clean_line(incident.title, 120),
                title=f"Incident now {incident.status}",
                markup=False,
            )
        self.app.post_message(IncidentsPolled(new, changed))
