"""From a poll cycle to the targets: queue what the rules say, then deliver within a deadline.

Two calls, so that polling never waits for a slow webhook:

1. :func:`queue_cycle` (synchronous, a few milliseconds of file work): right after the
   cycle's merge, it asks the rules for alerts, keeps what each target accepts and queues it
   in the :class:`~tui.alerts.ledger.Ledger`.
2. :func:`deliver_pending` (a coroutine with an overall deadline): sends what is queued and
   due, one target's alerts in order, the targets side by side; a failing target is left to
   back off and its alerts stay queued. The poller can run it as a task and forget it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from ..feeds.http import make_client
from .alert import Alert
from .config import AlertConfig, Target
from .ledger import Claim, Ledger
from .rules import CycleChanges, alerts_for_cycle, select
from .targets import SEND_TIMEOUT, send_alert

DELIVERY_DEADLINE = 20.0


def queue_alerts(
    ledger: Ledger, alerts: Sequence[Alert], targets: Iterable[Target], now: datetime | None = None
) -> dict[str, list[Alert]]:
    """Queue, per target, the alerts its rules accept (known ones are skipped; bursts fold)."""
    batches = {target.id: select(alerts, target.rules) for target in targets}
    return ledger.enqueue({tid: items for tid, items in batches.items() if items}, now)


def queue_cycle(changes: CycleChanges, config: AlertConfig, ledger: Ledger) -> list[Alert]:
    """The cycle's alerts, queued for ``config``'s targets; returned for the dashboard to show
    (filter them with ``select(alerts, config.rules)``)."""
    alerts = alerts_for_cycle(changes)
    if alerts and config.targets:
        queue_alerts(ledger, alerts, config.targets, changes.now)
    return alerts


@dataclass(frozen=True)
class DeliveryReport:
    """What one delivery round did."""

    sent: tuple[Claim, ...] = ()
    failed: dict[str, str] = field(default_factory=dict)
    """Target id -> why its send failed (it now backs off)."""
    left: int = 0
    """Claimed alerts not tried before the deadline (they stay queued)."""


async def deliver_pending(
    ledger: Ledger,
    targets: Iterable[Target],
    client: httpx.AsyncClient | None = None,
    *,
    deadline: float = DELIVERY_DEADLINE,
    send_timeout: float = SEND_TIMEOUT,
    now: datetime | None = None,
) -> DeliveryReport:
    """Send every queued alert that is due, within ``deadline`` seconds overall.

    ``client`` is the poller's shared HTTP client (one is made when ``None``). ``now`` is
    for tests: it decides which backing-off targets are due and stamps the outcome.
    """
    by_id = {target.id: target for target in targets}
    if not by_id:
        return DeliveryReport()
    lease = deadline + send_timeout + 5.0
    claims = await asyncio.to_thread(ledger.claim_due, by_id, now, lease)
    if not claims:
        return DeliveryReport()
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.target_id, []).append(claim)
    sent: list[Claim] = []
    failed: dict[str, str] = {}
    started = time.monotonic()

    async def run(target: Target, items: list[Claim], http: httpx.AsyncClient) -> None:
        for claim in items:
            remaining = deadline - (time.monotonic() - started)
            if remaining <= 0:
                return
            error = await send_alert(target, claim.alert, http, min(send_timeout, remaining))
            if error:
                failed[target.id] = error
                return  # the rest would fail too: they wait for the backoff
            sent.append(claim)

    async def run_all(http: httpx.AsyncClient) -> None:
        try:
            async with asyncio.timeout(deadline):
                await asyncio.gather(
                    *(run(by_id[tid], items, http) for tid, items in groups.items())
                )
        except TimeoutError:
            pass

    def released() -> list[Claim]:
        done = {id(claim) for claim in sent}
        return [claim for claim in claims if id(claim) not in done]

    try:
        if client is None:
            async with make_client() as own:
                await run_all(own)
        else:
            await run_all(client)
    except asyncio.CancelledError:
        ledger.settle(sent, failed, released(), now)  # short file work; the task is ending
        raise
    left = released()
    await asyncio.to_thread(ledger.settle, sent, failed, left, now)
    untried = sum(1 for claim in left if claim.target_id not in failed)
    return DeliveryReport(tuple(sent), failed, untried)
