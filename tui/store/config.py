"""The configuration: platforms and sources (``config.json``), and each source's health.

Platforms and sources are the user's own data (a precious file, backed up); the health of
each source is what polling learnt of it (``health.json``), rewritten on every poll cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..domain import utcnow
from .datafile import DataFile
from .records import RecordReader

if TYPE_CHECKING:  # the records load when a source is read or saved: `note list` reads none
    from ..domain import Platform, Source, SourceHealth


class Configuration:
    """The platforms and sources to watch, and the health of each source."""

    def __init__(
        self, config: DataFile, health: DataFile, reader: RecordReader | None = None
    ) -> None:
        self.file = config
        self.health_file = health
        self.reader = reader or RecordReader([])
        """Skips (and reports) a stored document that is not a platform, source or health."""

    def platforms(self) -> list[Platform]:
        records = self.reader.records(
            self.file.label, "config", "platforms", self.file.table("platforms")
        )
        return sorted((p for _, p in records), key=lambda p: p.name.lower())

    def save_platform(self, platform: Platform) -> Platform:
        with self.file.transaction() as db:
            table = db.table("platforms")
            for doc_id, doc in table.documents().items():
                if doc.get("name") == platform.name:
                    table.update(platform.to_dict(), doc_ids=[int(doc_id)])
                    break
            else:
                table.insert(platform.to_dict())
        return platform

    def sources(self) -> list[Source]:
        records = self.reader.records(
            self.file.label, "config", "sources", self.file.table("sources")
        )
        return sorted((s for _, s in records), key=lambda s: s.id)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources() if s.id == source_id), None)

    def save_source(self, source: Source) -> Source:
        """Insert or update a source; a source without an id gets the next ``sN`` id."""
        from ..domain import Platform

        with self.file.transaction() as db:
            table = db.table("sources")
            docs = table.documents()
            if not source.id:
                taken = {str(doc.get("id")) for doc in docs.values()}
                number = len(docs) + 1
                while f"s{number}" in taken:
                    number += 1
                source = replace(source, id=f"s{number}", created_at=source.created_at or utcnow())
            for doc_id, doc in docs.items():
                if doc.get("id") == source.id:
                    table.update(source.to_dict(), doc_ids=[int(doc_id)])
                    break
            else:
                table.insert(source.to_dict())
            if source.platform and not any(
                d.get("name") == source.platform for d in db.table("platforms").documents().values()
            ):
                db.table("platforms").insert(Platform(source.platform).to_dict())
        return source

    def remove_source(self, source_id: str) -> Source | None:
        """Remove a source's configuration; its incidents stay in the history."""
        from ..domain import Source

        with self.file.transaction() as db:
            table = db.table("sources")
            for doc_id, doc in table.documents().items():
                if doc.get("id") == source_id:
                    table.remove(doc_ids=[int(doc_id)])
                    return Source.from_dict(doc)
        return None

    def control_url(self) -> str:
        """The URL that tells this machine's network from the platforms' ('' when none)."""
        docs = self.file.table("network").values()
        url = next(iter(docs), {}).get("control_url")
        return url if isinstance(url, str) else ""

    def save_control_url(self, url: str) -> None:
        """Set the control URL (``''`` clears it); see :mod:`tui.feeds.offline`."""
        with self.file.transaction() as db:
            table = db.table("network")
            table.truncate()
            if url:
                table.insert({"control_url": url})

    def health(self) -> dict[str, SourceHealth]:
        records = self.reader.records(
            self.health_file.label, "health", "health", self.health_file.table("health")
        )
        return {entry.source_id: entry for _, entry in records}

    def save_health(self, entries: Iterable[SourceHealth]) -> None:
        """Record what the poller learnt, all sources of one cycle in one write."""
        entries = list(entries)
        if not entries:
            return
        with self.health_file.transaction() as db:
            table = db.table("health")
            by_source = {doc.get("source_id"): int(i) for i, doc in table.documents().items()}
            known = {by_source[e.source_id]: e for e in entries if e.source_id in by_source}
            table.update_each({doc_id: entry.to_dict() for doc_id, entry in known.items()})
            new = [e.to_dict() for e in entries if e.source_id not in by_source]
            if new:
                table.insert_multiple(new)
