"""The demo's watched "X Rules" page: served in-process, it changes about a minute in.

The live replay source (:mod:`.replay`) watches this page besides replaying its outage, so
the demo keeps its two sources. A watched page's whole pipeline — text extraction,
comparison, the kept versions, the detected event with its diff — runs on this page exactly
as on a real one: :func:`rules_response` builds the HTTP response a server would send and
:func:`poll_rules_page` hands it to the ``page`` kind's :func:`~tui.kinds.page_poll.read_page`.
Only the fetch is replaced, so ``whalewatch --demo`` shows a detected policy change with its
diff and needs no network. The text is illustrative, written for the demo, and says so: it
is not X's actual rules. The page's clock is the source's ``created_at``, like the replay's;
the footer's timestamp changes on every fetch and is left out by ``--select main``, as a
user would do.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain import Source, SourceHealth
from ..kinds import PollContext, PollResult

if TYPE_CHECKING:  # the HTTP stack and the page parsers load with the first poll, not here
    from ..feeds.http import FetchResult

RULES_URL = "demo:x-rules"
RULES_NAME = "X Rules (illustrative)"
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


def rules_page_source(replay: Source) -> Source:
    """The page as the live replay source watches it: its own name, URL and selectors.

    The versions and the event keep the replay source's id, so ``whalewatch source diff
    demo-replay`` shows the change; the title names the page.
    """
    return replace(
        replay,
        url=RULES_URL,
        name=RULES_NAME,
        category="policy",
        select=("main",),
        remove=(),
        ignore=(),
    )


async def poll_rules_page(
    context: PollContext, replay: Source, health: SourceHealth, now: datetime
) -> PollResult:
    """One poll of the demo page through the ``page`` kind's own reading of a fetch."""
    from ..kinds.page_poll import read_page

    source = rules_page_source(replay)
    response = rules_response(source, now)
    return await asyncio.to_thread(
        read_page, context, source, health, now, response, source.category
    )


def rules_page_summary(health: SourceHealth) -> str:
    from ..kinds.page_poll import page_summary

    return page_summary(health)
