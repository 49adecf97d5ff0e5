"""The merged chronicle of events and incidents, as rows ready for a line-by-line view.

Pure data (no Textual): the timeline widget renders only the rows on screen, so this module
keeps the whole history as compact :class:`TimelineItem` tuples and turns a filtered,
ordered selection into month/day-grouped :class:`Row` objects in one pass. Both steps are
linear and allocation-light so that 100,000 items filter and regroup in a few tens of ms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .domain import Event, Incident, utcnow

CATEGORY_GLYPHS = {
    "outage": "✖",
    "api": "⚙",
    "policy": "§",
    "moderation": "⚑",
    "business": "$",
    "staff": "☻",
    "product": "★",
    "other": "·",
}
"""One glyph per event category, so categories read without colour."""

IMPACT_GLYPHS = {
    "critical": "◆",
    "major": "▲",
    "minor": "△",
    "none": "○",
    "maintenance": "◇",
}
"""Incident impact, readable without colour (filled = worse)."""

STATUS_LABELS = {
    "investigating": "INVESTIGATING",
    "identified": "IDENTIFIED",
    "monitoring": "MONITORING",
    "resolved": "resolved",
    "postmortem": "postmortem",
}


@dataclass(slots=True, eq=True)
class TimelineItem:
    """One line of history: an event or an incident, reduced to what the timeline shows."""

    kind: str  # "event" | "incident"
    ref: str  # event id (as text) or incident key
    moment: datetime
    has_time: bool
    title: str
    category: str
    platform: str
    url: str = ""
    is_change: bool = False
    impact: str = ""
    status: str = ""
    duration_seconds: float | None = None
    is_open: bool = False
    haystack: str = ""

    @property
    def day(self) -> date:
        return self.moment.date()


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
    )


def incident_item(incident: Incident, now: datetime | None = None) -> TimelineItem:
    body = "\n".join(update.body for update in incident.updates[-3:])
    return TimelineItem(
        kind="incident",
        ref=incident.id,
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
        haystack=f"{incident.title}\n{body}".lower(),
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
        if self.start and item.moment.date() < self.start:
            return False
        if self.end and item.moment.date() > self.end:
            return False
        if self.text and self.text.lower() not in item.haystack:
            return False
        return True


def apply_filter(items: Sequence[TimelineItem], flt: TimelineFilter) -> list[TimelineItem]:
    """The items that pass ``flt``; the common text-only search is one tight comprehension."""
    if not flt.active:
        return list(items)
    if flt.text and replace(flt, text="") == TimelineFilter():
        needle = flt.text.lower()
        return [item for item in items if needle in item.haystack]
    return [item for item in items if flt.matches(item)]


class Row:
    """A screen line of the timeline: a month header, a day header, or an item.

    A plain slotted class: 100,000 of these are made on every regroup, and a dataclass
    ``__init__`` (frozen or not) costs several times more.
    """

    __slots__ = ("kind", "label", "item", "day")

    def __init__(
        self, kind: str, label: str = "", item: TimelineItem | None = None, day: date | None = None
    ) -> None:
        self.kind = kind  # "month" | "day" | "item"
        self.label = label
        self.item = item
        self.day = day


@dataclass
class Rows:
    """Grouped rows plus the index of each item row, so the cursor can skip headers."""

    rows: list[Row] = field(default_factory=list)
    item_rows: list[int] = field(default_factory=list)


def group_rows(items: Sequence[TimelineItem], newest_first: bool = True) -> Rows:
    """Month and day headers interleaved with the items, in the chosen order."""
    ordered = reversed(items) if newest_first else iter(items)
    result = Rows()
    rows = result.rows
    item_rows = result.item_rows
    last_month: tuple[int, int] | None = None
    last_day: date | None = None
    append = rows.append
    append_item_row = item_rows.append
    for item in ordered:
        day = item.moment.date()
        if day != last_day:
            month = (day.year, day.month)
            if month != last_month:
                append(Row("month", day.strftime("%B %Y"), None, day.replace(day=1)))
                last_month = month
            append(Row("day", day.strftime("%a %d %b %Y"), None, day))
            last_day = day
        append_item_row(len(rows))
        append(Row("item", "", item, day))
    return result


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
    for index, row_index in enumerate(rows.item_rows):
        day = rows.rows[row_index].day
        assert day is not None
        if (newest_first and day <= target) or (not newest_first and day >= target):
            return index
    return len(rows.item_rows) - 1


def format_duration(seconds: float | None) -> str:
    """``3h 05m``, ``45m``, ``2d 4h`` — compact, for list rows."""
    if seconds is None:
        return ""
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h"
