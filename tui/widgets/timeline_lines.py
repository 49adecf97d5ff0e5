"""How the timeline draws one item's line, and the styles its lines are drawn in.

Apart from the widget (:mod:`tui.widgets.timeline`), which owns the cursor and the rows:
these take an item and the resolved styles, and give the line's runs (see
:mod:`tui.widgets.line_runs`).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ..chronicle import TimelineItem, format_duration
from .line_runs import line_strip
from .text import clean_line, fit_cells

SHORT_IMPACTS = {"critical": "crit", "maintenance": "maint"}
"""Impact words that do not fit the row's five cells, in a short form that still reads."""


class LineStyles(NamedTuple):
    """Every style a timeline line uses, with the cursor's folded in on the cursor line."""

    base: Style
    plain: Style  # base, plus the cursor on the cursor line: body text and padding
    muted: Style
    month: Style
    day: Style
    change: Style
    open: Style
    empty: Style


def item_parts(
    item: TimelineItem, width: int, styles: LineStyles
) -> tuple[list[tuple[str, Style]], int]:
    """The parts of one item's line (time, glyph and label; the title; the duration), and
    the cells they take together (``width`` unless the line is too narrow for them)."""
    moment = item.moment
    time_text = f"{moment.hour:02d}:{moment.minute:02d}" if item.has_time else "     "
    marker = "▶" if item.is_change else " "
    glyph = item.glyph
    if item.kind == "incident":
        state = "OPEN" if item.is_open else "done"
        label = f"{SHORT_IMPACTS.get(item.impact, item.impact)[:5]:<5} {state:<4}"
        title_style = styles.open if item.is_open else styles.plain
        suffix = format_duration(item.duration_seconds)
    else:
        label = f"{item.category:<10}"
        title_style = styles.change if item.is_change else styles.plain
        suffix = ""
    if item.platform and width >= 100:
        suffix = f"{suffix}  {item.platform}".strip()
    # Time, glyph and label in the muted style, then the title, then the duration: three
    # runs of one style each, where a glyph in the title's colour made five (every run
    # costs its own colour codes and reset, ~23 bytes, on every line a key redraws). The
    # glyph's shape says the impact; the title's colour says an incident is open.
    head = f" {marker}{time_text} {glyph} {label} "
    # A blank cell after the duration keeps it off the scrollbar.
    suffix_text = f" {suffix} " if suffix else ""
    used, suffix_cells = cell_len(head), cell_len(suffix_text)
    title_room = max(1, width - used - suffix_cells)
    title = fit_cells(clean_line(item.title), title_room)
    parts = [(head, styles.muted), (set_cell_size(title, title_room), title_style)]
    if suffix_text:
        parts.append((suffix_text, styles.muted))
    return parts, used + title_room + suffix_cells


def item_strip(item: TimelineItem, width: int, styles: LineStyles) -> Strip:
    """The line of one item, as ``line_strip`` makes it from :func:`item_parts` (a test
    holds them equal), made directly when the parts fill the line exactly and none is blank:
    the common case, and every line of a page-down (~7 µs of ~22 a line went to the general
    merging and cutting, which measures each part again)."""
    parts, cells = item_parts(item, width, styles)
    if cells != width or not parts[1][0].strip(" "):
        return line_strip(parts, width, styles.plain)
    # The head and the duration are muted, the title between them in its own style: one
    # run a part, or on the focused cursor line (every part in the cursor's style) one run.
    if parts[1][1] == parts[0][1]:
        return Strip([Segment("".join(text for text, _ in parts), parts[0][1])], width)
    return Strip([Segment(text, style) for text, style in parts], width)
