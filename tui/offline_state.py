"""Whether this machine looked offline at the last poll, read from the sources' health.

The poller (:mod:`tui.feeds.offline`) writes "offline — cannot tell" into the health of every
source it could not judge; this module reads that back for the header, the Sources screen and
the command line, in whichever process polled. It imports only the domain, so the first
screen can say so without loading the HTTP stack.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import NamedTuple

from .domain import Source, SourceHealth

OFFLINE = "offline — cannot tell"
"""What a source's health says while the network looks down (the reason follows)."""


def is_offline(health: SourceHealth | None) -> bool:
    """Whether this health entry was recorded in a cycle that looked offline."""
    return health is not None and health.error.startswith(OFFLINE)


class NetworkState(NamedTuple):
    """What the latest poll cycle said of the network: offline or not, and the last answer."""

    offline: bool = False
    last_answer: datetime | None = None
    """The last time any source answered (``None`` if none ever did)."""

    def describe(self, short: bool = False) -> str:
        """``offline — cannot tell (last answer 09:41 UTC)``; ``offline`` when short."""
        if not self.offline:
            return ""
        if short:
            return "offline"
        if self.last_answer is None:
            return OFFLINE
        return f"{OFFLINE} (last answer {self.last_answer:%H:%M} UTC)"


def network_state(sources: Iterable[Source], health: Mapping[str, SourceHealth]) -> NetworkState:
    """Offline when the sources polled last (one cycle: the latest ``last_poll``) were offline.

    Sources polled earlier may still carry an older verdict either way; the latest cycle is
    what the machine knows now, so the first cycle that reaches the network clears it.
    """
    entries = [
        entry
        for source in sources
        if not source.paused
        and (entry := health.get(source.id)) is not None
        and entry.last_poll is not None
    ]
    if not entries:
        return NetworkState()
    latest = max(entry.last_poll for entry in entries if entry.last_poll is not None)
    offline = any(is_offline(e) for e in entries if e.last_poll == latest)
    answers = [entry.last_ok for entry in entries if entry.last_ok is not None]
    return NetworkState(offline, max(answers) if answers else None)
