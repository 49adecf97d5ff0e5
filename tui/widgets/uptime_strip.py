"""A source's uptime as a strip of daily cells, oldest left, today right, like Statuspage's bars.

Each day is one cell. Its colour says how the day went, and so does its height, so that the
strip still reads without colour (``NO_COLOR``, a monochrome terminal): a full block is a day
without a failed poll, lower blocks are worse days, a dot is a day without polls. A strip
wider than the widget is folded into rows of equal length rather than cut, so every day
stays on the screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

Day = tuple[int, int]
"""One day's ``(polls, failures)``."""

LEVELS = (
    # (worst failure share, glyph, style, meaning); the first that fits is used
    (0.0, "█", "$success", "all polls ok"),
    (0.1, "▆", "$warning", "≤10% failed"),
    (0.5, "▄", "$warning", "≤50% failed"),
    (1.0, "▂", "$error", "mostly failed"),
)
NO_POLLS = ("·", "$text-muted", "no polls")


def day_cell(polls: int, failures: int) -> tuple[str, str]:
    """The glyph and style of one day."""
    if polls <= 0:
        return NO_POLLS[0], NO_POLLS[1]
    share = failures / polls
    for worst, glyph, style, _ in LEVELS:
        if share <= worst:
            return glyph, style
    return LEVELS[-1][1], LEVELS[-1][2]


def uptime_text(days: Sequence[Day]) -> str:
    """The share of successful polls over ``days`` (``99.3%``), or ``—`` without polls."""
    polls = sum(p for p, _ in days)
    if polls <= 0:
        return "—"
    share = 100 * (polls - sum(f for _, f in days)) / polls
    if share >= 100:
        return "100%"
    if share <= 0:
        return "0%"
    return f"{min(share, 99.9):.1f}%"  # never round a bad day up to 100%


def strip_rows(days: Sequence[Day], width: int) -> list[Content]:
    """``days`` as rows of at most ``width`` cells, of equal length, oldest first."""
    if not days:
        return []
    width = max(1, width)
    rows = -(-len(days) // width)
    per_row = -(-len(days) // rows)
    lines = []
    for start in range(0, len(days), per_row):
        cells = [day_cell(polls, failures) for polls, failures in days[start : start + per_row]]
        lines.append(Content.assemble(*cells))
    return lines


def legend() -> Content:
    """What the cells mean, in one line."""
    parts: list[str | tuple[str, str]] = []
    for _, glyph, style, meaning in (*LEVELS, (0, *NO_POLLS)):
        parts += [(glyph, style), f" {meaning}  "]
    return Content.assemble(*parts)


class UptimeStrip(Widget):
    """The daily cells of one source (set with :meth:`show`); as many rows as its width needs."""

    DEFAULT_CSS = """
    UptimeStrip {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(
        self, days: Sequence[Day] = (), *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.days: tuple[Day, ...] = tuple(days)

    def show(self, days: Sequence[Day]) -> None:
        """Draw these days (oldest first) instead."""
        days = tuple(days)
        if days != self.days:
            self.days = days
            self.refresh(layout=True)

    def render(self) -> Content:
        return Content("\n").join(strip_rows(self.days, self.size.width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self.days)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(strip_rows(self.days, width)) or 1
