"""The ``page`` kind: a web page watched for changes of its text (terms, rules, pricing).

Each poll fetches the page with the shared client (capped in size and time, conditional on
the last ETag/Last-Modified); :func:`.page_poll.read_page` compares its text with the last
version, keeps the new version under ``<store>/pages/`` and makes one timeline event with
the diff when the wording changed. A page that keeps changing only in its noise is flagged
"noisy" on the Sources screen instead. Only ever chosen by ``--kind page``. The page
parsers load with the first poll (:mod:`.page_poll` is imported then), not with the table.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain import Source, SourceHealth
from ..feeds.http import MAX_BYTES, fetch
from .base import NO_STORE, PollContext, PollResult, SourceKind
from .table import register

if TYPE_CHECKING:
    import httpx

PAGE_OPTIONS = frozenset({"category", "select", "remove", "ignore", "keep_versions"})
MAX_PAGE_BYTES = MAX_BYTES
"""A page larger than this stops at the cap with an error and makes no version."""


class PageKind(SourceKind):
    """A web page whose text is compared poll after poll; changes become events."""

    name = "page"
    label = "watched web page"
    detect_order = None
    options = PAGE_OPTIONS
    default_category = "policy"
    checked_on_add = True

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
        from .page_poll import read_page

        result = await fetch(
            client,
            source.url,
            etag=health.etag,
            last_modified=health.last_modified,
            max_bytes=MAX_PAGE_BYTES,
        )
        return await asyncio.to_thread(
            read_page, context, source, health, now, result, self.default_category
        )

    def state_summary(self, health: SourceHealth) -> str:
        from .page_poll import page_summary

        return page_summary(health)


PAGE = register(PageKind())
