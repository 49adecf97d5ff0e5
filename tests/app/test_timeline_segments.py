"""Every timeline line is as few runs of colour as its look needs (each run is its own colour
codes and reset, ~23 bytes, on every line a key redraws over a slow link)."""

from __future__ import annotations

from rich.style import Style

from tests.app.test_timeline_paging import ITEMS
from tests.app.timeline_harness import TimelineApp
from tui.widgets.line_runs import line_strip
from tui.widgets.timeline import TimelineView


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
