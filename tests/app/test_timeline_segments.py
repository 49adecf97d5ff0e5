"""Every timeline line is as few runs of colour as its look needs (each run is its own colour
codes and reset, ~23 bytes, on every line a key redraws over a slow link)."""

from __future__ import annotations

from datetime import UTC

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.style import Style

from tests.app.test_timeline_paging import ITEMS
from tests.app.timeline_harness import TimelineApp
from tui.timeline_item import TimelineItem
from tui.widgets.line_runs import line_strip
from tui.widgets.timeline import TimelineView
from tui.widgets.timeline_lines import LineStyles, item_parts, item_strip


def _runs(view: TimelineView, line: int) -> int:
    return len(list(view.render_line(line)))


async def test_rows_are_three_runs_headers_one_and_the_focused_cursor_one() -> None:
    app = TimelineApp(ITEMS)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        # An open incident: its glyph and title are bold in the error colour.
        assert view.selected is not None and view.selected.is_open
        rows = view._rows
        top = view.scroll_offset.y
        cursor_line = rows.item_rows[view.cursor] - top
        assert _runs(view, cursor_line) == 1, list(view.render_line(cursor_line))
        for line in range(view.size.height):
            row = rows[top + line]
            if line == cursor_line:
                continue
            runs = _runs(view, line)
            if row.kind in ("month", "day"):
                assert runs == 1, (row.label, list(view.render_line(line)))
            else:
                assert runs <= 3, list(view.render_line(line))
        # Blurred, the cursor is a background under the parts' own colours.
        view.blur()
        await pilot.pause()
        assert 1 < _runs(view, cursor_line) <= 3


def test_blanks_join_a_run_they_look_the_same_in() -> None:
    muted = Style(color="grey50", bgcolor="black")
    plain = Style(color="white", bgcolor="black")
    (only,) = line_strip([("words", muted)], 20, plain)
    assert only.text == "words" + " " * 15 and only.style == muted
    # A different background, or an underline, shows on a blank: those stay apart.
    assert len(list(line_strip([("words", muted)], 20, Style(color="white", bgcolor="blue")))) == 2
    underlined = Style(color="grey50", bgcolor="black", underline=True)
    assert len(list(line_strip([("words", underlined)], 20, plain))) == 2


_titles = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120
) | st.sampled_from(["", "   ", "API outage", "東京のAPI障害 🚨", "a\tb\nc", "x" * 300])
_items = st.builds(
    TimelineItem,
    kind=st.sampled_from(["incident", "event"]),
    ref=st.just("r"),
    moment=st.datetimes(timezones=st.just(UTC)),
    has_time=st.booleans(),
    title=_titles,
    category=st.sampled_from(["outage", "api", "policy", "a-long-category-name"]),
    platform=st.sampled_from(["", "Twitter", "東京 Platform 🐦"]),
    is_change=st.booleans(),
    impact=st.sampled_from(["critical", "major", "minor", "none", "maintenance", "odd"]),
    duration_seconds=st.none() | st.floats(0, 1e8),
    is_open=st.booleans(),
)
_plain = Style(color="white", bgcolor="black")
_muted = Style(color="grey50", bgcolor="black")
_cursor = Style(color="black", bgcolor="cyan", bold=True)
_STYLES = {
    "colours": LineStyles(
        base=_plain,
        plain=_plain,
        muted=_muted,
        month=_muted,
        day=_muted,
        change=Style(color="yellow", bgcolor="black"),
        open=Style(color="red", bgcolor="black", bold=True),
        empty=_muted,
    ),
    "focused cursor": LineStyles(*(7 * [_cursor]), empty=_cursor),
}


@settings(max_examples=400, deadline=None)
@given(item=_items, width=st.integers(1, 220), look=st.sampled_from(sorted(_STYLES)))
def test_an_items_line_is_the_general_merge_of_its_parts(item, width, look) -> None:
    """The line made directly (the common case) is the line ``line_strip`` makes of the
    same parts: the same runs, texts and styles, exactly ``width`` cells."""
    styles = _STYLES[look]
    made = item_strip(item, width, styles)
    parts, _ = item_parts(item, width, styles)
    general = line_strip(parts, width, styles.plain)
    assert list(made) == list(general)
    assert made.cell_length == general.cell_length == width
