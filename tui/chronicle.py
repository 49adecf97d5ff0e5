"""The merged chronicle of events and incidents, as rows ready for a line-by-line view.

Pure data (no Textual): the timeline widget renders only the rows on screen, so this module
keeps the whole history as compact :class:`TimelineItem` tuples and turns a filtered,
ordered selection into month/day-grouped :class:`Row` objects in one pass. Both steps are
linear and allocation-light so that 100,000 items filter and regroup in a few tens of ms.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from itertools import compress, groupby, repeat
from operator import attrgetter, contains

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


@dataclass(frozen=True)
class TimelineFilter:
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


@dataclass(frozen=True, slots=True)
class SearchColumns:
    """Each item's search text and day (as an ordinal), in the items' order.

    A search typed into the timeline tests 110,000 texts on each keystroke: over these lists
    the test and the grouping by day run in C (``map``, ``compress``), where a comprehension
    ran Python code for each item (reading two attributes of each, too).
    """

    haystacks: list[str]
    days: Sequence[int]


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
    return SearchColumns(list(map(_haystack_of, items)), days)


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
    return bool(flt.text) and replace(flt, text="") == TimelineFilter()


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
    matched = list(map(contains, columns.haystacks, repeat(text.lower())))
    if unfiltered is not None and all(matched):
        return items, unfiltered
    visible: Sequence[TimelineItem]
    if isinstance(items, ItemView):
        visible = items.compress(matched)
    else:
        visible = list(compress(items, matched))
    days = list(compress(columns.days, matched))
    return visible, group_rows(visible, newest_first, days)


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


class Rows:
    """The timeline's screen lines: month and day headers interleaved with the items.

    Only the headers (a few thousand for ten years) are stored as :class:`Row` objects; an
    item's line is made when it is drawn. Grouping 100,000 items thus allocates a list of
    ints, not 100,000 objects for the garbage collector to walk, which is what a search
    typed into the timeline pays for on each keystroke. Indexing gives the :class:`Row` of a
    line; ``item_rows[n]`` is the screen line of ``items[n]``, the items in display order.
    """

    __slots__ = ("items", "item_rows", "headers", "count")

    def __init__(
        self,
        items: Sequence[TimelineItem] = (),
        item_rows: list[int] | array[int] | None = None,
        headers: dict[int, Row] | None = None,
        count: int = 0,
    ) -> None:
        self.items = items
        self.item_rows = item_rows if item_rows is not None else []
        """A list while a search regroups on each keystroke; kept long, an array (see
        :func:`group_rows`)."""
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
        item = self.items[bisect_left(self.item_rows, index)]
        return Row("item", "", item, item.moment.date())

    def __iter__(self) -> Iterator[Row]:
        return (self[index] for index in range(self.count))


def group_rows(
    items: Sequence[TimelineItem],
    newest_first: bool = True,
    days: Sequence[int] | None = None,
    lasting: bool = False,
) -> Rows:
    """Month and day headers interleaved with the items, in the chosen order.

    The work per item is done in C (the day of each item, runs of equal days, ranges of
    line numbers); Python code runs once per day, not once per item. ``days``, when given,
    is each item's day ordinal, in the items' order (see :class:`SearchColumns`).

    A ``lasting`` grouping (the whole history's, kept while it is shown) keeps its line
    numbers in an array: 4 bytes a line where a list's ints took 36, and no 110,000 ints
    made and dropped around the headers it keeps, which left the memory they had used
    scattered and held. A search's grouping, made on each keystroke, is a list: twice as
    fast to fill.
    """
    ordered = items[::-1] if newest_first else items[:]
    if days is None:
        days = day_ordinals(ordered)
    elif newest_first:
        days = days[::-1]
    headers: dict[int, Row] = {}
    item_rows: list[int] | array[int] = array("i") if lasting else []
    line = 0
    last_month: Row | None = None
    for ordinal, run in groupby(days):
        size = len(list(run))
        day_header, month_header = _headers_of(ordinal)
        if month_header is not last_month:
            headers[line] = last_month = month_header
            line += 1
        headers[line] = day_header
        line += 1
        item_rows.extend(range(line, line + size))
        line += size
    return Rows(ordered, item_rows, headers, line)


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
    if not rows.item_rows:
        return 0
    wanted = target.toordinal()
    for index, day in enumerate(day_ordinals(rows.items)):
        if (newest_first and day <= wanted) or (not newest_first and day >= wanted):
            return index
    return len(rows.item_rows) - 1


def format_duration(seconds: float | None) -> str:
    """``3h 05m``, ``45m``, ``2d 4h``: the compact spelling of the domain's rule, for rows."""
    return domain_duration(seconds, compact=True)
