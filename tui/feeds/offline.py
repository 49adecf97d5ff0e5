"""Your network or theirs: telling an offline machine from platforms that are down.

A source that fails without an HTTP answer (no DNS, no route, connections refused or timing
out) may be down, or this machine may have lost its network. A cycle with such failures
decides which before anything is counted:

- with a control URL the user set (``whalewatch source control URL``), that URL decides: no
  answer from it means offline, any HTTP answer means the network works;
- without one, every source of the cycle failing without an answer on two hosts or more means
  offline; a cycle where only one host failed asks a witness (another source's host, not
  due this cycle): no answer there either means offline; any answer in the cycle or from a
  witness means the network works and the failure is the source's own.

An offline cycle says so on each unanswered source ("offline — cannot tell") and opens no
incidents: no probe incident from a laptop on a train, and — since failures are not counted —
no back-off or burst of false incidents when the network comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

import httpx

from ..domain import Source, SourceHealth
from ..kinds import PollResult
from ..offline_state import OFFLINE
from .http import fetch

__all__ = ["OFFLINE", "cycle_offline", "network_down", "offline_result", "unanswered"]

WITNESSES = 2
"""How many other hosts a one-host failure asks before calling the network down."""
CHECK_DEADLINE = 5.0
CHECK_BYTES = 64 * 1024


def unanswered(polled: PollResult) -> bool:
    """Whether the source's fetch failed before any HTTP answer (the network's kind of failure)."""
    fetched = polled.fetched
    return fetched is not None and fetched.status is None and bool(fetched.error)


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


def network_down(polled: Sequence[PollResult]) -> bool:
    """Whether every fetch of the cycle failed without an answer, on two hosts or more."""
    if len(polled) < 2 or not all(unanswered(p) for p in polled):
        return False
    return len({_host(p.source.url) for p in polled}) >= 2


async def answers(client: httpx.AsyncClient, url: str) -> bool:
    """Whether ``url`` gives any HTTP answer at all (an error status counts: it answered)."""
    result = await fetch(client, url, max_bytes=CHECK_BYTES, deadline=CHECK_DEADLINE)
    return result.status is not None


async def cycle_offline(
    client: httpx.AsyncClient,
    polled: Sequence[PollResult],
    control_url: str = "",
    others: Iterable[Source] = (),
) -> bool:
    """Whether this cycle's unanswered failures are this machine's network (see the module).

    ``others`` are the store's sources not polled in this cycle, the witnesses' candidates.
    Costs no request when every source answered; otherwise one (the control URL) or at most
    :data:`WITNESSES`.
    """
    if not any(unanswered(p) for p in polled):
        return False
    if control_url:
        return not await answers(client, control_url)
    if network_down(polled):
        return True
    if not all(unanswered(p) for p in polled):
        return False
    failed_hosts = {_host(p.source.url) for p in polled}
    witnesses: dict[str, str] = {}
    for source in others:
        host = _host(source.url)
        if not source.paused and host and host not in failed_hosts:
            witnesses.setdefault(host, source.url)
    if not witnesses:
        return False  # one host is all we know: it is down, or we cannot tell — as before
    for url in list(witnesses.values())[:WITNESSES]:
        if await answers(client, url):
            return False
    return True


def offline_result(polled: PollResult, previous: SourceHealth, now: datetime) -> PollResult:
    """The source's result in an offline cycle: the reason said, nothing counted or opened.

    A source that answered keeps its result (only a control URL's failure makes a cycle
    offline while some sources answer).
    """
    if not unanswered(polled):
        return polled
    reason = polled.fetched.error if polled.fetched is not None else ""
    health = replace(
        previous,
        last_poll=now,
        http_status=None,
        error=f"{OFFLINE} ({reason})" if reason else OFFLINE,
    )
    return replace(polled, health=health, incidents=(), events=(), pending=None)
