"""The ``changelog`` kind: a platform's announcement feed, one timeline event per entry.

A developer changelog or an announcements forum (a Discourse ``/latest.rss``) in RSS, Atom
or JSON Feed says what changed in the platform's own words. Each entry becomes one detected
event, not an incident; its key (:func:`tui.pagewatch.changelog.entry_key`) stays the same
for the same entry, so an entry edited after publication updates its event (the store merges
events by key) instead of adding another. The entries' content hashes are kept in the
source's health (``kind_state["entries"]``). Never auto-detected: a changelog's feed looks
like a status feed, so only ``--kind changelog`` makes one.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain import Event, Source, SourceHealth
from ..feeds.errors import FeedError
from .base import PollResult, SourceKind, ok_health
from .feed import fetch_document
from .table import register

if TYPE_CHECKING:  # the page parsers load with the first poll, not with the table
    import httpx

    from ..pagewatch.changelog import Changelog, ChangelogEntry


HASH_CHARS = 16
"""Of each entry's content hash, kept in the source's health between polls."""


def entry_event(source: Source, entry: ChangelogEntry, now: datetime, category: str) -> Event:
    """The detected event of one changelog entry (the same entry always has the same key)."""
    from ..pagewatch.changelog import entry_key

    when = entry.when or now
    return Event(
        id=0,
        day=when.date(),
        time=when.strftime("%H:%M"),
        title=entry.title,
        category=source.category or category,
        platform=source.platform,
        url=entry.link,
        description=entry.summary,
        detected=True,
        source_id=source.id,
        key=entry_key(source.id, entry.id),
    )


def read_changelog(body: bytes, content_type: str) -> Changelog:
    """The feed's entries; a document that is not a feed is the source's error."""
    from ..pagewatch.changelog import ChangelogError, parse_changelog

    try:
        return parse_changelog(body, content_type)
    except ChangelogError as error:
        raise FeedError(str(error)) from None


class ChangelogKind(SourceKind):
    """An RSS, Atom or JSON Feed of announcements; each entry is an event, edits update it."""

    name = "changelog"
    label = "changelog feed"
    detect_order = None
    options = frozenset({"category"})
    default_category = "api"
    checked_on_add = True

    def state_summary(self, health: SourceHealth) -> str:
        entries = (health.kind_state or {}).get("entries")
        return f"{len(entries)} entries" if isinstance(entries, dict) else ""

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        from ..pagewatch.changelog import remembered_hashes, sort_entries

        result, settled = await fetch_document(client, source, health, now)
        if settled is not None:
            return settled
        changelog = await asyncio.to_thread(
            read_changelog, result.body, result.headers.get("content-type", "")
        )
        known = dict((health.kind_state or {}).get("entries") or {})
        # 16 hex digits tell an edit apart as well as 64, and the map is rewritten with the
        # health on every poll cycle.
        entries = tuple(
            replace(entry, content_hash=entry.content_hash[:HASH_CHARS])
            for entry in changelog.entries
        )
        changes = sort_entries(entries, known)
        events = tuple(
            entry_event(source, entry, now, self.default_category)
            for entry in (*changes.new, *changes.edited)
        )
        kind_state = {
            **(health.kind_state or {}),
            "entries": remembered_hashes(known, entries),
        }
        count = len(entries)
        note = f"{changelog.title or 'feed'}: {count} entr{'y' if count == 1 else 'ies'}"
        if changes.edited:
            note += f", {len(changes.edited)} edited"
        entry = replace(ok_health(health, now, result), kind_state=kind_state, note="")
        if changes.edited:
            entry = replace(entry, note=f"{len(changes.edited)} entries edited at the last poll")
        return PollResult(source, entry, events=events, note=note, fetched=result)


CHANGELOG = register(ChangelogKind())
