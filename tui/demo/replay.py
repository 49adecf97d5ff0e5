"""The demo's built-in replay kind: a new outage that plays out live with no network.

The demo registers this kind itself when :mod:`tui.demo` is imported; the poller treats a
``replay`` source like any other: each poll asks :func:`replay_incidents` what the source would
publish now, and merges it. The story is timed from the source's ``created_at`` (the moment
the demo store was made), so every demo run replays it afresh: investigating -> identified ->
monitoring -> resolved over about two minutes. The same source watches the demo's "X Rules"
page (:mod:`.rules_page`), which changes about a minute in: a detected policy change.

The replay plays a status page, and its URL may name the demo's probe
(``replay:demo?probe=demo-probe``): then it also plays what that probe saw, an outage that
began :data:`PROBE_LAG` before the page admitted it, so the probe's detail and the Stats
screen show how late the page was (:mod:`tui.honesty`). The probe source itself is paused:
the demo fetches nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from ..domain import Incident, IncidentUpdate, Source, SourceHealth, to_iso
from ..kinds import PollContext, PollingRules, PollResult, SourceKind, register
from ..kinds.base import ok_health
from .rules_page import poll_rules_page, rules_page_summary

if TYPE_CHECKING:
    import httpx

KIND_NAME = "replay"
PROBE_SOURCE_ID = "demo-probe"
REPLAY_URL = f"replay:demo?probe={PROBE_SOURCE_ID}"
PROBE_URL = "https://api.x.com/2/tweets"
"""What the demo's (paused) probe watches, as a user would; the replay plays its answers."""
PROBE_LAG = timedelta(minutes=12)
"""How long the probe had been failing when the page admitted the outage."""
PROBE_RECOVERS_AFTER = 90
"""Seconds after the start when the probe sees the API answer again (before the page says so)."""
REPLAY_INTERVAL_SECONDS = 5

# (seconds after the start, status, update text)
SCRIPT: tuple[tuple[int, str, str], ...] = (
    (
        6,
        "investigating",
        "We are investigating reports that API requests return errors and that links and "
        "images in posts fail to load.",
    ),
    (
        40,
        "identified",
        "The issue has been identified as an internal configuration change. We are rolling "
        "it back.",
    ),
    (
        75,
        "monitoring",
        "A fix has been deployed. Error rates are back to normal; we are monitoring.",
    ),
    (
        115,
        "resolved",
        "This incident has been resolved. API requests, links and media load normally.",
    ),
)

TITLE = "Replay: API errors, broken links and images"
COMPONENTS = ("API", "Media", "Link shortener (t.co)")


def replay_incidents(source: Source, now: datetime) -> list[Incident]:
    """What the replay source publishes at ``now`` (empty before the story begins)."""
    if source.created_at is None:
        return []
    start = source.created_at
    elapsed = (now - start).total_seconds()
    published = [(offset, status, body) for offset, status, body in SCRIPT if elapsed >= offset]
    if not published:
        return []
    updates = tuple(
        IncidentUpdate(status=status, body=body, at=start + timedelta(seconds=offset))
        for offset, status, body in published
    )
    last_status = published[-1][1]
    resolved_at = updates[-1].at if last_status == "resolved" else None
    return [
        Incident(
            source_id=source.id,
            external_id="replay-" + start.strftime("%Y%m%dT%H%M%S"),
            title=TITLE,
            status=last_status,
            impact="major",
            started_at=updates[0].at,
            platform=source.platform,
            resolved_at=resolved_at,
            url="",
            components=COMPONENTS,
            updates=updates,
        )
    ]


def replay_probe_id(source: Source) -> str:
    """The id of the probe whose view the replay also plays (``''``: none)."""
    query = parse_qs(urlsplit(source.url).query)
    return (query.get("probe") or [""])[0]


def probe_outage(source: Source, now: datetime) -> list[Incident]:
    """What the demo's probe saw by ``now``: failing since :data:`PROBE_LAG` before the page
    admitted the outage, recovered :data:`PROBE_RECOVERS_AFTER` seconds in (as a probe
    incident: the same key, title and updates the probe kind writes)."""
    from ..kinds.probe import PROBE_PREFIX  # the probe kind: with the first poll, not at import

    probe_id = replay_probe_id(source)
    if source.created_at is None or not probe_id:
        return []
    start = source.created_at
    first_failure = start + timedelta(seconds=SCRIPT[0][0]) - PROBE_LAG
    recovered = start + timedelta(seconds=PROBE_RECOVERS_AFTER)
    updates = [
        IncidentUpdate(
            status="investigating",
            body="2 failed checks in a row: HTTP 503 Service Unavailable.",
            at=first_failure,
        )
    ]
    if now >= recovered:
        updates.append(
            IncidentUpdate(
                "resolved", "2 successful checks in a row (HTTP 200, 212 ms).", recovered
            )
        )
    return [
        Incident(
            source_id=probe_id,
            external_id=PROBE_PREFIX + (to_iso(first_failure) or ""),
            title=f"Probe failing: {PROBE_URL} (HTTP 503)",
            status=updates[-1].status,
            impact="major",
            started_at=first_failure,
            platform=source.platform,
            resolved_at=recovered if now >= recovered else None,
            updates=tuple(updates),
        )
    ]


class ReplayKind(SourceKind):
    """The demo's scripted outage: local, so it is polled every 5 s, never backs off or jitters.

    Never auto-detected nor offered by ``source add``: only the demo store has one.
    """

    name = KIND_NAME
    label = "demo replay"
    addable = False
    fetches_url = False
    is_status_page = True
    """It plays X's status page: the probe's outage is measured against what it admits."""
    rules = PollingRules(fixed_interval=REPLAY_INTERVAL_SECONDS, backs_off=False, jitter=False)

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        incidents = (*replay_incidents(source, now), *probe_outage(source, now))
        return PollResult(source, ok_health(health, now, None), incidents=incidents)

    async def poll_in(
        self,
        context: PollContext,
        client: httpx.AsyncClient,
        source: Source,
        health: SourceHealth,
        now: datetime,
    ) -> PollResult:
        """The outage, and the demo's watched "X Rules" page (its versions, its event)."""
        page = await poll_rules_page(context, source, health, now)
        incidents = (*replay_incidents(source, now), *probe_outage(source, now))
        return PollResult(source, page.health, incidents=incidents, events=page.events)

    def state_summary(self, health: SourceHealth) -> str:
        return rules_page_summary(health)


REPLAY = register(ReplayKind())
