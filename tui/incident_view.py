"""The history's incidents, newest first, as summaries made from the timeline's columns.

The lists and the stats need each incident's title, status, impact, platform, source and
times, which the timeline's :class:`~tui.item_table.ItemTable` already holds for every
incident of the history: :class:`IncidentView` makes an :class:`~tui.domain.Incident`
summary from there when one is asked for, instead of keeping 100,000 of them (with their
datetimes and keys) beside the table. Finding one by key goes through a sorted array of the
keys' hashes: 12 bytes an incident, where a dict of keys took about a hundred.

Pure data: no Textual here.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from .domain import Incident
from .item_table import IS_OPEN, NO_TIME, UNACKNOWLEDGED, ItemTable, moment_of


class IncidentView(Sequence[Incident]):
    """The incidents of ``table`` at ``positions`` (newest first), as summaries."""

    __slots__ = ("table", "positions", "_hashes", "_by_hash")

    def __init__(self, table: ItemTable, positions: Sequence[int]) -> None:
        self.table = table
        self.positions = positions
        self._hashes: array[int] | None = None
        self._by_hash: array[int] | None = None

    @classmethod
    def newest_first(cls, table: ItemTable) -> IncidentView:
        """Every incident of ``table``, newest first (equal times in the table's order)."""
        moments = table.moments
        positions = sorted(table.positions_of("incident"), key=moments.__getitem__, reverse=True)
        return cls(table, array("i", positions))

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> Incident: ...
    @overload
    def __getitem__(self, index: slice) -> list[Incident]: ...
    def __getitem__(self, index: int | slice) -> Incident | list[Incident]:
        if isinstance(index, slice):
            return [self.summary(p) for p in self.positions[index]]
        return self.summary(self.positions[index])

    def __iter__(self) -> Iterator[Incident]:
        return map(self.summary, self.positions)

    def summary(self, position: int) -> Incident:
        """The incident at ``position`` of the table, without updates, link or components."""
        table = self.table
        source = table.sources[position]
        resolved = table.resolved[position]
        return Incident(
            source_id=source,
            external_id=table.refs[position][len(source) + 1 :],
            title=table.titles[position],
            status=table.statuses[position],
            impact=table.impacts[position],
            started_at=moment_of(table.moments[position]),
            platform=table.platforms[position],
            resolved_at=None if resolved == NO_TIME else moment_of(resolved),
            unacknowledged=bool(table.flags[position] & UNACKNOWLEDGED),
        )

    def open_ones(self) -> tuple[Incident, ...]:
        """The open incidents, newest first (told by the flags: no summary made for others)."""
        flags = self.table.flags
        return tuple(self.summary(p) for p in self.positions if flags[p] & IS_OPEN)

    def from_sources(self, source_ids: Iterable[str]) -> list[Incident]:
        """The incidents of these sources, newest first."""
        sources = self.table.sources
        codes = {code for s in source_ids if (code := sources.code_of(s)) is not None}
        values = sources.codes
        return [self.summary(p) for p in self.positions if values[p] in codes]

    def find(self, key: str) -> Incident | None:
        """The incident whose key is ``key``, or None."""
        if self._hashes is None:
            self.index_keys()
        assert self._hashes is not None and self._by_hash is not None
        wanted = hash(key)
        refs, hashes, by_hash = self.table.refs, self._hashes, self._by_hash
        at = bisect_left(hashes, wanted)
        while at < len(hashes) and hashes[at] == wanted:
            if refs[by_hash[at]] == key:
                return self.summary(by_hash[at])
            at += 1
        return None

    def index_keys(self) -> IncidentView:
        """Work out the look-up by key now (the reader thread does, not the UI's first use)."""
        every = array("q", map(hash, self.table.refs))  # chunk by chunk: none kept unpacked
        hashes = array("q", map(every.__getitem__, self.positions))
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        self._hashes = array("q", map(hashes.__getitem__, order))
        self._by_hash = array("i", map(self.positions.__getitem__, order))
        return self
