"""The demo's built-in replay kind: a new outage that plays out live with no network.

The demo registers this kind itself when :mod:`tui.demo` is imported; the poller treats a
``replay`` source like any other: each poll asks :func:`replay_incidents` what the source would
publish now, and merges it. The story is timed from the source's ``created_at`` (the moment
the demo store was made), so every demo run replays it afresh: investigating -> identified ->
monitoring -> resolved over about two minutes. The same source watches the demo's "X Rules"
page (:mod:`.rules_page`), which changes about a minute in: a detected policy change.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..domain import Incident, IncidentUpdate, Source, SourceHealth
from ..kinds import PollContext, PollingRules, PollResult, SourceKind, register
from ..kinds.base import ok_health
from .rules_page import poll_rules_page, rules_page_summary

if TYPE_CHECKING:
    import httpx

KIND_NAME = "replay"
REPLAY_URL = "replay:demo"
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


class ReplayKind(SourceKind):
    """The demo's scripted outage: local, so it is polled every 5 s, never backs off or jitters.

    Never auto-detected nor offered by ``source add``: only the demo store has one.
    """

    name = KIND_NAME
    label = "demo replay"
    addable = False
    fetches_url = False
    rules = PollingRules(fixed_interval=REPLAY_INTERVAL_SECONDS, backs_off=False, jitter=False)

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        incidents = tuple(replay_incidents(source, now))
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
        incidents = tuple(replay_incidents(source, now))
        return PollResult(source, page.health, incidents=incidents, events=page.events)

    def state_summary(self, health: SourceHealth) -> str:
        return rules_page_summary(health)


REPLAY = register(ReplayKind())
