"""The timeline sends little over a slow link: a page turn, not a scroll per line, and rows
whose parts in one style are one segment (each segment costs its own colour codes)."""

from __future__ import annotations

from tests.app.timeline_harness import TimelineApp
from tui.chronicle import build_items
from tui.demo.synthetic import synthetic_incidents
from tui.widgets.timeline import TimelineView

ITEMS = build_items([], list(synthetic_incidents(200)))


def cursor_line(view: TimelineView) -> int:
    """The cursor's line on screen (0 = the top line of the view)."""
    return view._rows.item_rows[view.cursor] - view.scroll_offset.y


async def test_leaving_the_view_turns_a_page_keeping_the_line_it_came_from() -> None:
    app = TimelineApp(ITEMS)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        height = view.scrollable_content_region.height
        scrolls = 0
        first_row = view._rows.item_rows[view.cursor]
        for _ in range(40):
            top = view.scroll_offset.y
            await pilot.press("j")
            if view.scroll_offset.y != top:
                scrolls += 1
                assert cursor_line(view) == 1, "the cursor goes to the second line"
            assert 0 <= cursor_line(view) < height
        # A page turn moves the view by all but one of its lines (a line scroll: by one).
        lines = view._rows.item_rows[view.cursor] - first_row
        assert scrolls <= lines // (height - 1) + 1, (scrolls, lines)
        for _ in range(15):
            top = view.scroll_offset.y
            await pilot.press("k")
            if view.scroll_offset.y != top and view.scroll_offset.y > 0:
                assert cursor_line(view) == height - 2, "the cursor goes above the last line"
            assert 0 <= cursor_line(view) < height


async def test_the_focused_cursor_row_of_a_resolved_incident_is_one_segment() -> None:
    app = TimelineApp(ITEMS)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        while view.selected is not None and view.selected.is_open:
            await pilot.press("j")
        line = cursor_line(view)
        strip = view.render_line(line)
        assert view.selected is not None and view.selected.title in strip.text
        assert len(list(strip)) == 1, list(strip)
        # Another item's row (a day header's line is one part of one style).
        rows = view._rows.item_rows
        near = view.cursor + 1 if view.cursor + 1 < len(rows) else view.cursor - 1
        other = view.render_line(rows[near] - view.scroll_offset.y)
        assert len(list(other)) > 1  # the other rows keep their muted and plain parts


async def test_a_jump_puts_its_item_in_the_middle_of_the_view() -> None:
    app = TimelineApp(ITEMS)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.press("j")
        view = app.query_one(TimelineView)
        height = view.scrollable_content_region.height
        view.jump_to(ITEMS[len(ITEMS) // 2].moment.date())
        await pilot.pause()
        assert cursor_line(view) == height // 2
