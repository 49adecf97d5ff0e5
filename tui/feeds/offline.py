"""Your network or theirs: telling an offline machine from platforms that are down.

When every source of a cycle fails at once without an HTTP answer (no DNS, no route,
connections refused or timing out), on more than one host, the likelier story is that this
machine lost its network, not that every platform went down together. Such a cycle says so on
each source ("offline — cannot tell") and opens no incidents: no probe incident from a
laptop on a train, and — since failures are not counted — no back-off or burst of false
incidents when the network comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from ..domain import SourceHealth
from ..kinds import PollResult

OFFLINE = "offline — cannot tell"
"""What a source's health says while the network looks down (the reason follows)."""


def _no_answer(polled: PollResult) -> bool:
    fetched = polled.fetched
    return fetched is not None and fetched.status is None and bool(fetched.error)


def network_down(polled: Sequence[PollResult]) -> bool:
    """Whether every fetch of the cycle failed without an answer, on two hosts or more."""
    if len(polled) < 2 or not all(_no_answer(p) for p in polled):
        return False
    hosts = {urlsplit(p.source.url).hostname for p in polled}
    return len(hosts) >= 2


def offline_result(polled: PollResult, previous: SourceHealth, now: datetime) -> PollResult:
    """The source's result in an offline cycle: the reason said, nothing counted or opened."""
    reason = polled.fetched.error if polled.fetched is not None else ""
    health = replace(
        previous,
        last_poll=now,
        http_status=None,
        error=f"{OFFLINE} ({reason})" if reason else OFFLINE,
    )
    return replace(polled, health=health, incidents=(), events=(), pending=None)
