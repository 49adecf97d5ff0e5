"""Polling one source once outside any store: ``source test``, and the check before adding.

A kind that says so (``checked_on_add``: a watched page, a changelog) is polled once before it
is added, from the command line and from the add-source form alike, so a PDF, a selector that
matches nothing or a feed that is not one is refused with its reason instead of becoming a
source that fails forever. Nothing is written: the poll gets no store (its versions are not
kept) and its health is thrown away.
"""

from __future__ import annotations

from ..domain import Source, SourceHealth, utcnow
from ..kinds import NoCycle, PollResult, SourceKind
from .http import make_client


async def trial_poll(source: Source, kind: SourceKind) -> PollResult:
    """``source`` polled once as ``kind``, with a fresh health and no store."""
    async with make_client() as client:
        polled = await kind.poll(client, source, SourceHealth(source.id), utcnow())
    return kind.conclude(polled, NoCycle())
