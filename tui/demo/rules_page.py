"""The demo's watched "X Rules" page: served in-process, it changes about a minute in.

A watched page's whole pipeline — text extraction, comparison, the kept versions, the
detected event with its diff — runs on this page exactly as on a real one: the demo kind
builds the HTTP response a server would send (:func:`rules_response`) and hands it to the
``page`` kind's :func:`~tui.kinds.page.read_page`. Only the fetch is replaced, so
``whalewatch --demo`` shows a detected policy change with its diff and needs no network.
The text is illustrative, written for the demo, and says so: it is not X's actual rules.
The page's clock is the source's ``created_at``, like the replay's.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain import Source, SourceHealth
from ..kinds import NO_STORE, PollContext, PollingRules, PollResult, SourceKind, register

if TYPE_CHECKING:  # the HTTP stack and the page parsers load with the first poll, not here
    import httpx

    from ..feeds.http import FetchResult

KIND_NAME = "demo-page"
RULES_URL = "demo:x-rules"
RULES_INTERVAL_SECONDS = 5
CHANGE_AFTER_SECONDS = 60
"""When the page's second version appears, counted from the demo's start."""

_PAGE = """<!doctype html><html><head><title>The X Rules (demo)</title></head><body>
<nav>Help Center · Rules and policies · Sign in</nav>
<main>
<h1>The X Rules</h1>
<p><em>Illustrative text written for the whalewatch demo: not X's actual rules.</em></p>
<h2>Safety</h2>
<p>Violence: you may not threaten violence against an individual or a group of people.</p>
<p>Abuse and harassment: you may not engage in the targeted harassment of someone.</p>
<h2>Privacy</h2>
<p>Private information: you may not publish other people's private information without
their express authorization and permission.</p>
{privacy}
<h2>Authenticity</h2>
<p>Platform manipulation and spam: you may not use X's services to artificially amplify
or suppress information.</p>
{authenticity}
</main>
<footer>© 2026 · Page generated at {stamp}</footer>
</body></html>"""

FIRST = {
    "privacy": "",
    "authenticity": "<p>Impersonation: you may not impersonate individuals or groups.</p>",
}
SECOND = {
    "privacy": (
        "<p>Live location: you may not share someone's live location, including information "
        "that makes it possible to follow them in real time, such as a flight tracker.</p>"
    ),
    "authenticity": (
        "<p>Impersonation: you may not impersonate individuals, groups or organizations, "
        "except in parody accounts labelled as such.</p>"
    ),
}


def rules_html(now: datetime, started: datetime) -> bytes:
    """The page as served at ``now``: the first version, then the second after a minute."""
    changed = (now - started).total_seconds() >= CHANGE_AFTER_SECONDS
    parts = SECOND if changed else FIRST
    page = _PAGE.replace("{stamp}", now.strftime("%H:%M:%S"))
    for name, text in parts.items():
        page = page.replace("{" + name + "}", text)
    return page.encode("utf-8")


def rules_response(source: Source, now: datetime) -> FetchResult:
    """What a web server hosting the page would answer at ``now``."""
    from ..feeds.http import FetchResult

    started = source.created_at or now
    return FetchResult(
        url=source.url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        body=rules_html(now, started),
        elapsed_ms=1.0,
        final_url=source.url,
    )


class DemoPageKind(SourceKind):
    """The demo's "X Rules" page: a watched page whose server is this module.

    Polled every 5 s like the replay, never backs off; only the demo store has one. The
    footer's timestamp changes on every fetch and is removed by the source's selectors,
    as a user would with ``--select main``.
    """

    name = KIND_NAME
    label = "demo watched page"
    addable = False
    default_category = "policy"
    rules = PollingRules(fixed_interval=RULES_INTERVAL_SECONDS, backs_off=False, jitter=False)

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        return await self.poll_in(NO_STORE, client, source, health, now)

    async def poll_in(
        self,
        context: PollContext,
        client: httpx.AsyncClient,
        source: Source,
        health: SourceHealth,
        now: datetime,
    ) -> PollResult:
        from ..kinds.page import read_page

        response = rules_response(source, now)
        return await asyncio.to_thread(read_page, context, source, health, now, response)

    def state_summary(self, health: SourceHealth) -> str:
        from ..kinds.page import page_summary

        return page_summary(health)


def rules_source(now: datetime, platform: str) -> Source:
    """The demo store's watched page source, its clock started at ``now``."""
    return Source(
        id="demo-rules",
        url=RULES_URL,
        kind=KIND_NAME,
        platform=platform,
        every=RULES_INTERVAL_SECONDS,
        name="X Rules (illustrative)",
        created_at=now,
        category="policy",
        select=("main",),
    )


DEMO_PAGE = register(DemoPageKind())
