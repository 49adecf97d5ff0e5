"""One line of the timeline's history, and the glyphs that mark its kind without colour.

Its own module, so that :mod:`tui.item_table` (the items as columns) and :mod:`tui.chronicle`
(their grouping into lines) can both use it. Pure data: no Textual here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

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

DETECTED_GLYPH = "◉"
"""An event a watched page or changelog recorded (not typed in), whatever its category."""

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


class TimelineItem(NamedTuple):
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
    detected: bool = False
    source_id: str = ""
    """An incident's source (with ``ref``, its key, and ``resolved_at``, what a summary of it
    needs: the history's incidents are kept as items, see :mod:`tui.item_table`)."""
    resolved_at: datetime | None = None
    unacknowledged: bool = False

    @property
    def glyph(self) -> str:
        """The mark before the title: impact for incidents, category (or detected) for events."""
        if self.kind == "incident":
            return IMPACT_GLYPHS.get(self.impact, "?")
        if self.detected:
            return DETECTED_GLYPH
        return CATEGORY_GLYPHS.get(self.category, "·")

    @property
    def day(self) -> date:
        return self.moment.date()
