"""The timeline's items as columns: a few bytes per item, an item object only when asked for.

A long history is 110,000 items; as :class:`~tui.chronicle.TimelineItem` objects (with their
datetimes, strings and search texts) they took about 600 bytes each, most of the dashboard's
memory, while a screen shows twenty. :class:`ItemTable` keeps each field in a column (times
as integers in arrays, repeated words as codes, texts compressed: :mod:`tui.packed`) and
makes the item of a line when the line is drawn or the cursor reaches it. An
:class:`ItemView` is a selection of a table's items in some order (newest first, the matches
of a filter) as an array of positions, 4 bytes each.

Pure data: no Textual here.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from math import isnan, nan
from typing import TYPE_CHECKING, Any, overload

from .packed import CodedStrings, PackedStrings
from .timeline_item import TimelineItem

if TYPE_CHECKING:
    from .chronicle import TimelineFilter

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = EPOCH.toordinal()
DAY_US = 86_400_000_000
NO_TIME = -(2**63)
"""A missing time (an incident not resolved) in a column of microseconds."""

HAS_TIME, IS_CHANGE, IS_OPEN, DETECTED, UNACKNOWLEDGED = 1, 2, 4, 8, 16


def microseconds(moment: datetime) -> int:
    """``moment`` as microseconds since the epoch (exact: no float rounding)."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def moment_of(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def _flags(item: TimelineItem) -> int:
    return (
        (HAS_TIME if item.has_time else 0)
        | (IS_CHANGE if item.is_change else 0)
        | (IS_OPEN if item.is_open else 0)
        | (DETECTED if item.detected else 0)
        | (UNACKNOWLEDGED if item.unacknowledged else 0)
    )


_COLUMN_KINDS: dict[str, Callable[[Iterable[Any]], Any]] = {
    "kinds": CodedStrings,
    "refs": PackedStrings,
    "moments": lambda values: array("q", values),
    "flags": bytes,
    "titles": PackedStrings,
    "categories": CodedStrings,
    "platforms": CodedStrings,
    "urls": PackedStrings,
    "impacts": CodedStrings,
    "statuses": CodedStrings,
    "durations": lambda values: array("d", values),
    "resolved": lambda values: array("q", values),
    "sources": CodedStrings,
    "haystacks": PackedStrings,
    "files": CodedStrings,
}
"""How each column of an :class:`ItemTable` is made from its values."""


class ItemTable(Sequence["TimelineItem"]):
    """Timeline items, oldest first, as columns (see the module's docstring)."""

    kinds: CodedStrings
    refs: PackedStrings
    moments: array[int]
    flags: bytes
    titles: PackedStrings
    categories: CodedStrings
    platforms: CodedStrings
    urls: PackedStrings
    impacts: CodedStrings
    statuses: CodedStrings
    durations: array[float]
    resolved: array[int]
    sources: CodedStrings
    haystacks: PackedStrings
    files: CodedStrings
    days: array[int]

    __slots__ = ("days", *_COLUMN_KINDS)

    def __init__(self, **columns: Iterable[Any]) -> None:
        """The columns named in :data:`_COLUMN_KINDS`, each in the items' order: times in
        microseconds since the epoch (:data:`NO_TIME` for none), flags as bits, a duration
        NaN for none; ``files`` may be left out (no file said). Each column is made in turn,
        so a column given as a generator is unpacked only while it is made."""
        unknown = columns.keys() - _COLUMN_KINDS.keys()
        if unknown:
            raise TypeError(f"not columns of an item table: {', '.join(sorted(unknown))}")
        for name, kind in _COLUMN_KINDS.items():
            setattr(self, name, kind(columns.get(name, ())))
        self.days = array("i", (us // DAY_US + EPOCH_ORDINAL for us in self.moments))
        """Each item's day, as a date ordinal (a search groups its matches by day)."""
        if not self.files.codes:
            self.files = CodedStrings([""] * len(self.moments))
        if not all(len(getattr(self, name)) == len(self.moments) for name in _COLUMN_KINDS):
            raise ValueError("the columns of an item table differ in length")

    @classmethod
    def from_items(cls, items: Iterable[TimelineItem], file: str = "") -> ItemTable:
        """``items`` as a table, in their order; ``file`` is the store file they come from."""
        items = list(items)
        return cls(
            kinds=(i.kind for i in items),
            refs=(i.ref for i in items),
            moments=(microseconds(i.moment) for i in items),
            flags=map(_flags, items),
            titles=(i.title for i in items),
            categories=(i.category for i in items),
            platforms=(i.platform for i in items),
            urls=(i.url for i in items),
            impacts=(i.impact for i in items),
            statuses=(i.status for i in items),
            durations=(nan if i.duration_seconds is None else i.duration_seconds for i in items),
            resolved=(
                NO_TIME if i.resolved_at is None else microseconds(i.resolved_at) for i in items
            ),
            sources=(i.source_id for i in items),
            haystacks=(i.haystack for i in items),
            files=[file] * len(items),
        )

    @classmethod
    def merged(cls, parts: Sequence[ItemTable | ItemView], now: datetime) -> ItemTable:
        """The items of ``parts`` in one table, oldest first (equal times keep their order).

        Column by column: the order is worked out once from the times, and each column is
        unpacked, put in that order and packed again. A part may be a view: some items of a
        table (what a new read keeps of the last one). An incident not resolved lasts until
        ``now``: its duration is counted again.
        """
        views = [part.view() if isinstance(part, ItemTable) else part for part in parts]
        moments = array("q")
        for view in views:
            moments += array("q", _values(view, "moments"))
        order = sorted(range(len(moments)), key=moments.__getitem__)

        def reordered(name: str) -> Iterator[Any]:
            # Unpacked only when the table makes this column, and let go once it is made:
            # all of them unpacked at once were 50 MiB of short-lived strings for 110,000
            # items, and the memory they left scattered stayed with the process.
            values: list[Any] = []
            for view in views:
                values += _values(view, name)
            yield from map(values.__getitem__, order)

        merged = cls(
            moments=map(moments.__getitem__, order),
            **{name: reordered(name) for name in _COLUMN_KINDS if name != "moments"},
        )
        now_us = microseconds(now)
        incident = merged.kinds.code_of("incident")
        codes, resolved, durations = merged.kinds.codes, merged.resolved, merged.durations
        for position, code in enumerate(codes):
            if code == incident and resolved[position] == NO_TIME:
                durations[position] = max(0.0, (now_us - merged.moments[position]) / 1e6)
        return merged

    def __len__(self) -> int:
        return len(self.moments)

    @overload
    def __getitem__(self, index: int) -> TimelineItem: ...
    @overload
    def __getitem__(self, index: slice) -> ItemView: ...
    def __getitem__(self, index: int | slice) -> TimelineItem | ItemView:
        if isinstance(index, slice):
            return ItemView(self, range(len(self))[index])
        if index < 0:
            index += len(self)
        flags = self.flags[index]
        duration = self.durations[index]
        resolved = self.resolved[index]
        return TimelineItem(
            kind=self.kinds[index],
            ref=self.refs[index],
            moment=moment_of(self.moments[index]),
            has_time=bool(flags & HAS_TIME),
            title=self.titles[index],
            category=self.categories[index],
            platform=self.platforms[index],
            url=self.urls[index],
            is_change=bool(flags & IS_CHANGE),
            impact=self.impacts[index],
            status=self.statuses[index],
            duration_seconds=None if isnan(duration) else duration,
            is_open=bool(flags & IS_OPEN),
            haystack=self.haystacks[index],
            detected=bool(flags & DETECTED),
            source_id=self.sources[index],
            resolved_at=None if resolved == NO_TIME else moment_of(resolved),
            unacknowledged=bool(flags & UNACKNOWLEDGED),
        )

    def view(self, positions: Sequence[int] | None = None) -> ItemView:
        """The items at ``positions`` (all of them, in order, by default)."""
        return ItemView(self, range(len(self)) if positions is None else positions)

    def positions_of(self, kind: str) -> list[int]:
        code = self.kinds.code_of(kind)
        return [] if code is None else [n for n, c in enumerate(self.kinds.codes) if c == code]


class ItemView(Sequence["TimelineItem"]):
    """Some of a table's items, in some order: their positions in the table."""

    __slots__ = ("table", "positions")

    def __init__(self, table: ItemTable, positions: Sequence[int]) -> None:
        self.table = table
        self.positions = positions
        """A ``range`` (every item), an ``array('i')``, or a list for a search's matches."""

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> TimelineItem: ...
    @overload
    def __getitem__(self, index: slice) -> ItemView: ...
    def __getitem__(self, index: int | slice) -> TimelineItem | ItemView:
        if isinstance(index, slice):
            return ItemView(self.table, self.positions[index])
        return self.table[self.positions[index]]

    def pick(self, indices: Sequence[int]) -> ItemView:
        """The items at ``indices`` (positions in this view, ascending), in this view's order.

        A tuple of positions, for the reason :meth:`haystacks` gives.
        """
        positions = self.positions
        if isinstance(positions, range) and positions == range(len(self.table)):
            return ItemView(self.table, indices)  # every item: a view position is a table's
        return ItemView(self.table, tuple(map(positions.__getitem__, indices)))

    def first_at_or_after(self, moment: datetime) -> int:
        """Where the first item at or after ``moment`` is in this view (its items in time
        order), found in the times column: no item is made to read its time (each unpacks
        its texts' chunks: a bisection over 110,000 items that made one at each step took
        3.5 ms, on each keystroke of a search; this one takes 10 µs)."""
        return bisect_left(self.positions, microseconds(moment), key=self.table.moments.__getitem__)

    def day_ordinals(self) -> array[int]:
        """Each item's day as a date ordinal, in this view's order (an array: no int kept)."""
        if self.positions == range(len(self.table)):
            return self.table.days[:]  # every item, in the table's order: a copy at C speed
        return array("i", map(self.table.days.__getitem__, self.positions))

    def haystacks(self) -> tuple[str, ...]:
        """Each item's search text, in this view's order (unpacked: a search holds them).

        A tuple: the garbage collector stops looking into a tuple of strings after its first
        pass, where each pass through a list of 110,000 strings scattered in memory took
        5-10 ms (cache misses), in the middle of a keystroke.
        """
        every = self.table.haystacks.unpacked()
        if self.positions == range(len(self.table)):
            return tuple(every)
        return tuple(map(every.__getitem__, self.positions))

    def position_of(self, kind: str, ref: str) -> int | None:
        """Where the item ``kind``/``ref`` is in this view, or None."""
        table = self.table
        code = table.kinds.code_of(kind)
        if code is None:
            return None
        codes = table.kinds.codes
        for position, text in enumerate(table.refs):
            if text == ref and codes[position] == code:
                try:
                    return self.positions.index(position)
                except ValueError:
                    return None  # not in this view (filtered out)
        return None

    def where(self, flt: TimelineFilter) -> ItemView:
        """The items that pass ``flt`` (tested column by column, not item by item)."""
        table, kept = self.table, list(self.positions)
        if flt.only:
            kept = _coded(kept, table.kinds, {flt.only})
        if flt.platform:
            wanted = {w for w in table.platforms.words if w.lower() == flt.platform.lower()}
            kept = _coded(kept, table.platforms, wanted)
        if flt.category:
            kept = _coded(kept, table.categories, {flt.category})
        flags = table.flags
        if flt.changes_only:
            kept = [p for p in kept if flags[p] & IS_CHANGE]
        if flt.detected_only:
            kept = [p for p in kept if flags[p] & DETECTED]
        days = table.days
        if flt.start:
            first = flt.start.toordinal()
            kept = [p for p in kept if days[p] >= first]
        if flt.end:
            last = flt.end.toordinal()
            kept = [p for p in kept if days[p] <= last]
        if flt.text:
            needle = flt.text.lower()
            texts = table.haystacks.unpacked()
            kept = [p for p in kept if needle in texts[p]]
        return ItemView(table, array("i", kept))


def _values(view: ItemView, name: str) -> Iterable[Any]:
    """The values of column ``name`` of the view's items, in the view's order."""
    column = getattr(view.table, name)
    if view.positions == range(len(view.table)):
        return column
    every = list(column) if isinstance(column, PackedStrings) else column
    return map(every.__getitem__, view.positions)


def _coded(positions: list[int], column: CodedStrings, words: set[str]) -> list[int]:
    codes = {code for word in words if (code := column.code_of(word)) is not None}
    values = column.codes
    return [p for p in positions if values[p] in codes]
