"""The merged chronicle of events and incidents, as rows ready for a line-by-line view.

Pure data (no Textual): the timeline widget renders only the rows on screen, so this module
keeps the whole history as compact :class:`TimelineItem` tuples and turns a filtered,
ordered selection into month/day-grouped :class:`Row` objects in one pass. Both steps are
linear and allocation-light so that 100,000 items filter and regroup in a few tens of ms.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from itertools import chain, compress, groupby, islice, repeat
from operator import attrgetter, contains, sub
from typing import NamedTuple, overload

from .domain import Event, Incident, utcnow
from .domain import format_duration as domain_duration
from .item_table import ItemView
from .timeline_item import CATEGORY_GLYPHS as CATEGORY_GLYPHS  # re-exported: the glyphs'
from .timeline_item import DETECTED_GLYPH as DETECTED_GLYPH  # home was here, their users
from .timeline_item import IMPACT_GLYPHS as IMPACT_GLYPHS  # still import them from here
from .timeline_item import STATUS_LABELS as STATUS_LABELS
from .timeline_item import TimelineItem


def event_item(event: Event) -> TimelineItem:
    return TimelineItem(
        kind="event",
        ref=str(event.id),
        moment=event.moment,
        has_time=bool(event.time),
        title=event.title,
        category=event.category,
        platform=event.platform,
        url=event.url,
        is_change=event.is_change,
        haystack=f"{event.title}\n{event.description}".lower(),
        detected=event.detected,
    )


def incident_item(
    incident: Incident,
    now: datetime | None = None,
    search_text: str | None = None,
    key: str | None = None,
) -> TimelineItem:
    """The incident's line; ``search_text`` is what a search looks into, when already known
    (an incident read as a summary has no updates: its text was taken from the store), and
    ``key`` its key, when already worked out (one string, shared)."""
    if search_text is None:
        body = "\n".join(update.body for update in incident.updates[-3:])
        search_text = f"{incident.title}\n{body}".lower()
    return TimelineItem(
        kind="incident",
        ref=incident.id if key is None else key,
        moment=incident.started_at,
        has_time=True,
        title=incident.title,
        category="outage",
        platform=incident.platform,
        url=incident.url,
        impact=incident.impact,
        status=incident.status,
        duration_seconds=incident.duration_seconds(now),
        is_open=incident.is_open,
        haystack=search_text,
        source_id=incident.source_id,
        resolved_at=incident.resolved_at,
        unacknowledged=incident.unacknowledged,
    )


def build_items(
    events: Iterable[Event], incidents: Iterable[Incident], now: datetime | None = None
) -> list[TimelineItem]:
    """Every event and incident as timeline items, oldest first."""
    now = now or utcnow()
    items = [event_item(e) for e in events]
    items += [incident_item(i, now) for i in incidents]
    items.sort(key=lambda item: item.moment)
    return items


class TimelineFilter(NamedTuple):
    """Filters that combine; an empty filter lets everything through."""

    text: str = ""
    platform: str = ""
    category: str = ""
    start: date | None = None
    end: date | None = None
    only: str = ""  # "" | "event" | "incident"
    changes_only: bool = False
    detected_only: bool = False
    """Only events recorded by watched pages and changelogs."""

    @property
    def active(self) -> bool:
        return self != TimelineFilter()

    def describe(self) -> str:
        """The filter in words, for the always-visible filter line."""
        parts = []
        if self.text:
            parts.append(f'text "{self.text}"')
        if self.platform:
            parts.append(f"platform {self.platform}")
        if self.category:
            parts.append(f"category {self.category}")
        if self.start or self.end:
            parts.append(f"{self.start or '…'} to {self.end or '…'}")
        if self.only:
            parts.append(f"{self.only}s only")
        if self.changes_only:
            parts.append("changes only")
        if self.detected_only:
            parts.append("detected only")
        return ", ".join(parts) if parts else "all"

    def matches(self, item: TimelineItem) -> bool:
        if self.only and item.kind != self.only:
            return False
        if self.platform and item.platform.lower() != self.platform.lower():
            return False
        if self.category and item.category != self.category:
            return False
        if self.changes_only and not item.is_change:
            return False
        if self.detected_only and not item.detected:
            return False
        if self.start and item.moment.date() < self.start:
            return False
        if self.end and item.moment.date() > self.end:
            return False
        if self.text and self.text.lower() not in item.haystack:
            return False
        return True


class SearchColumns:
    """Each item's search text, and where each day's items start, in the items' order.

    A search typed into the timeline tests 110,000 texts on each keystroke: over these
    tuples the test runs in C (``map``, ``compress``), where a comprehension ran Python code
    for each item (reading two attributes of each, too). The matches are then grouped by
    day without a look at each match: the items are in time order, so a day's matches are
    those between the day's first item and the next day's, found by bisection.

    The columns remember the last search's matches: a text that holds the last one (a
    letter typed at either end or in the middle of it) can only match among them, so typing
    on tests the few thousand texts still shown, not every text again; and they keep the
    last grouping, for a letter that leaves the same items shown.
    """

    __slots__ = ("haystacks", "_day_starts", "_day_ordinals", "_last", "_grouped")

    def __init__(self, haystacks: Sequence[str], days: Sequence[int]) -> None:
        """``days``: each item's day as an ordinal, in the items' (time) order."""
        self.haystacks = haystacks
        self._day_starts = array("i")
        self._day_ordinals = array("i")
        start, end = 0, len(days)
        while start < end:  # one bisection a day (the days are in order), nothing per item
            ordinal = days[start]
            self._day_starts.append(start)
            self._day_ordinals.append(ordinal)
            start = bisect_right(days, ordinal, start)
        self._last: tuple[str, Sequence[int]] | None = None
        self._grouped: tuple[Sequence[int], bool, Sequence[TimelineItem], Rows] | None = None

    def matches(self, needle: str) -> Sequence[int]:
        """The positions, ascending, of the items whose search text holds ``needle`` (lower
        case). The same object as the last time when the same items match.

        A tuple, which the garbage collector stops looking into after its first pass (a
        list of 110,000 ints was walked again by each collection, in the middle of a
        keystroke).
        """
        last = self._last
        if last is not None and last[0] == needle:
            return last[1]
        if last is not None and last[0] in needle and len(last[1]) * 2 < len(self.haystacks):
            found = last[1]
            texts = map(self.haystacks.__getitem__, found)
            selected = list(map(contains, texts, repeat(needle)))
            if not all(selected):
                found = tuple(compress(found, selected))
        else:  # a new search, or most items still match: fetching their texts costs more
            found = self._scan(needle)
            if last is not None and last[0] in needle and len(found) == len(last[1]):
                found = last[1]  # the same matches (a subset as large): the same object
        self._last = (needle, found)
        return found

    def _scan(self, needle: str) -> Sequence[int]:
        every = range(len(self.haystacks))
        selected = list(map(contains, self.haystacks, repeat(needle)))
        return every if all(selected) else tuple(compress(every, selected))

    def day_runs(self, found: Sequence[int]) -> list[tuple[int, int]]:
        """Each day of the matches ``found`` (ascending positions) with its number of them,
        oldest first: per day a bisection, nothing per match."""
        cuts = list(map(bisect_left, repeat(found), self._day_starts))
        cuts.append(len(found))
        sizes = map(sub, islice(cuts, 1, None), cuts)
        return [
            (ordinal, size) for ordinal, size in zip(self._day_ordinals, sizes, strict=True) if size
        ]

    def grouped(
        self, found: Sequence[int], newest_first: bool
    ) -> tuple[Sequence[TimelineItem], Rows] | None:
        """The last grouping made of ``found`` (the same object) in this order, if any."""
        grouped = self._grouped
        if grouped is not None and grouped[0] is found and grouped[1] == newest_first:
            return grouped[2], grouped[3]
        return None

    def keep_grouped(
        self, found: Sequence[int], newest_first: bool, visible: Sequence[TimelineItem], rows: Rows
    ) -> None:
        self._grouped = (found, newest_first, visible, rows)


def search_columns(items: Sequence[TimelineItem]) -> SearchColumns:
    if isinstance(items, ItemView):
        return SearchColumns(items.haystacks(), items.day_ordinals())
    ordinals: dict[date, int] = {}  # one int per day, shared by the day's items
    days = []
    for item in items:
        day = item.moment.date()
        ordinal = ordinals.get(day)
        if ordinal is None:
            ordinal = ordinals[day] = day.toordinal()
        days.append(ordinal)
    return SearchColumns(tuple(map(_haystack_of, items)), days)


_haystack_of = attrgetter("haystack")


def apply_filter(items: Sequence[TimelineItem], flt: TimelineFilter) -> Sequence[TimelineItem]:
    """The items that pass ``flt``; the common text-only search is one tight comprehension.

    Over an :class:`ItemView` (the history's items as columns) the filter tests columns.
    """
    if isinstance(items, ItemView):
        return items.where(flt) if flt.active else items
    if not flt.active:
        return list(items)
    if is_text_only(flt):
        needle = flt.text.lower()
        return [item for item in items if needle in item.haystack]
    return [item for item in items if flt.matches(item)]


def is_text_only(flt: TimelineFilter) -> bool:
    return bool(flt.text) and flt._replace(text="") == TimelineFilter()


def search_rows(
    items: Sequence[TimelineItem],
    columns: SearchColumns,
    text: str,
    newest_first: bool = True,
    unfiltered: Rows | None = None,
) -> tuple[Sequence[TimelineItem], Rows]:
    """The items whose search text holds ``text``, and their rows (see :class:`SearchColumns`).

    When every item matches (the first letter typed often does), that is ``items`` and their
    ``unfiltered`` rows, when given: grouped already.
    """
    found = columns.matches(text.lower())
    if unfiltered is not None and len(found) == len(items):
        return items, unfiltered
    grouped = columns.grouped(found, newest_first)
    if grouped is not None:
        return grouped
    visible: Sequence[TimelineItem]
    if isinstance(items, ItemView):
        visible = items.pick(found)
    else:
        visible = list(map(items.__getitem__, found))
    runs = columns.day_runs(found)
    if newest_first:
        runs.reverse()
    rows = _rows_of_runs(visible[::-1] if newest_first else visible, runs)
    columns.keep_grouped(found, newest_first, visible, rows)
    return visible, rows


class Row:
    """A screen line of the timeline: a month header, a day header, or an item."""

    __slots__ = ("kind", "label", "item", "day")

    def __init__(
        self, kind: str, label: str = "", item: TimelineItem | None = None, day: date | None = None
    ) -> None:
        self.kind = kind  # "month" | "day" | "item"
        self.label = label
        self.item = item
        self.day = day


class ItemLines(Sequence[int]):
    """The screen line of each item, in display order, kept per day rather than per item.

    A day's items are on consecutive lines below its header, so three numbers a day say
    where every item is: the position of the day's first item, that item's line, and the
    day. Grouping 110,000 items thus makes a few thousand numbers, not 110,000 ints (which
    each keystroke of a search made, and the garbage collector then walked through).
    """

    __slots__ = ("first_items", "first_lines", "days", "_count")

    def __init__(
        self,
        first_items: array[int] | None = None,
        first_lines: array[int] | None = None,
        days: array[int] | None = None,
        count: int = 0,
    ) -> None:
        self.first_items = first_items if first_items is not None else array("i")
        self.first_lines = first_lines if first_lines is not None else array("i")
        self.days = days if days is not None else array("i")
        """Each run's day, as an ordinal."""
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        run = bisect_right(self.first_items, index) - 1
        return self.first_lines[run] + index - self.first_items[run]

    def __iter__(self) -> Iterator[int]:
        if not self.first_items:
            return
        ends = chain(islice(self.first_items, 1, None), (self._count,))
        for first, line, end in zip(self.first_items, self.first_lines, ends, strict=True):
            yield from range(line, line + end - first)

    def at_or_below(self, line: int) -> int:
        """The position of the first item on ``line`` or below it (``len(self)`` if none)."""
        run = bisect_right(self.first_lines, line) - 1
        if run < 0:
            return 0
        runs = len(self.first_items)
        end = self.first_items[run + 1] if run + 1 < runs else self._count
        return min(self.first_items[run] + line - self.first_lines[run], end)


class Rows:
    """The timeline's screen lines: month and day headers interleaved with the items.

    Only the headers (a few thousand for ten years) are stored as :class:`Row` objects; an
    item's line is made when it is drawn, and where the items are is kept per day
    (:class:`ItemLines`). Grouping 100,000 items thus allocates a few thousand numbers, not
    100,000 objects for the garbage collector to walk, which is what a search typed into
    the timeline pays for on each keystroke. Indexing gives the :class:`Row` of a line;
    ``item_rows[n]`` is the screen line of ``items[n]``, the items in display order.
    """

    __slots__ = ("items", "item_rows", "headers", "count")

    def __init__(
        self,
        items: Sequence[TimelineItem] = (),
        item_rows: ItemLines | None = None,
        headers: dict[int, Row] | None = None,
        count: int = 0,
    ) -> None:
        self.items = items
        self.item_rows = item_rows if item_rows is not None else ItemLines()
        self.headers = headers if headers is not None else {}
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> Row:
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        header = self.headers.get(index)
        if header is not None:
            return header
        item = self.items[self.item_rows.at_or_below(index)]
        return Row("item", "", item, item.moment.date())

    def __iter__(self) -> Iterator[Row]:
        return (self[index] for index in range(self.count))


def group_rows(
    items: Sequence[TimelineItem], newest_first: bool = True, days: Sequence[int] | None = None
) -> Rows:
    """Month and day headers interleaved with the items, in the chosen order.

    The work per item is done in C (the day of each item, runs of equal days); Python code
    runs once per day, not once per item. ``days``, when given, is each item's day ordinal,
    in the items' order.
    """
    ordered = items[::-1] if newest_first else items[:]
    if days is None:
        days = day_ordinals(ordered)
    elif newest_first:
        days = days[::-1]
    return _rows_of_runs(ordered, ((ordinal, len(list(run))) for ordinal, run in groupby(days)))


def _rows_of_runs(ordered: Sequence[TimelineItem], runs: Iterable[tuple[int, int]]) -> Rows:
    """The rows of ``ordered`` (display order), given its days as (day ordinal, items) runs."""
    headers: dict[int, Row] = {}
    first_items, first_lines, days = array("i"), array("i"), array("i")
    line = item = 0
    last_month: Row | None = None
    for ordinal, size in runs:
        day_header, month_header = _headers_of(ordinal)
        if month_header is not last_month:
            headers[line] = last_month = month_header
            line += 1
        headers[line] = day_header
        line += 1
        first_items.append(item)
        first_lines.append(line)
        days.append(ordinal)
        item += size
        line += size
    return Rows(ordered, ItemLines(first_items, first_lines, days, item), headers, line)


def day_ordinals(items: Sequence[TimelineItem]) -> Sequence[int]:
    """Each item's day, as a date ordinal (from the columns, for an :class:`ItemView`)."""
    if isinstance(items, ItemView):
        return items.day_ordinals()
    return list(map(datetime.toordinal, map(_moment_of, items)))


@lru_cache(maxsize=16384)
def _headers_of(ordinal: int) -> tuple[Row, Row]:
    """The header lines of a day and of its month, by the day's ordinal (a search regroups
    thousands of days per keystroke: one look-up each)."""
    day = date.fromordinal(ordinal)
    return _day_header(day), _month_header(day.replace(day=1))


_moment_of = attrgetter("moment")


@lru_cache(maxsize=16384)
def _day_header(day: date) -> Row:
    """The header line of a day (shared between groupings: headers are never changed)."""
    return Row("day", day.strftime("%a %d %b %Y"), None, day)


@lru_cache(maxsize=2048)
def _month_header(first: date) -> Row:
    return Row("month", first.strftime("%B %Y"), None, first)


def parse_jump(text: str) -> date:
    """A jump target: ``YYYY-MM-DD`` or ``YYYY-MM`` (the first of the month) or ``today``."""
    text = text.strip().lower()
    if text in ("today", "now", "t"):
        return utcnow().date()
    try:
        if len(text) == 7:
            year, month = text.split("-")
            return date(int(year), int(month), 1)
        return date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or YYYY-MM)") from error


def nearest_item_row(rows: Rows, target: date, newest_first: bool) -> int:
    """Index into ``rows.item_rows`` of the item closest to ``target`` in display order."""
    lines = rows.item_rows
    if not lines:
        return 0
    wanted = target.toordinal()
    for first, day in zip(lines.first_items, lines.days, strict=True):
        if (newest_first and day <= wanted) or (not newest_first and day >= wanted):
            return first
    return len(lines) - 1


def format_duration(seconds: float | None) -> str:
    """``3h 05m``, ``45m``, ``2d 4h``: the compact spelling of the domain's rule, for rows."""
    return domain_duration(seconds, compact=True)
