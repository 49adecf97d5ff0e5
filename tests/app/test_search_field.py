"""The timeline's field (search, go to date) does not lay the screen out on each keystroke.

Textual's Input set its virtual size to its text's length on every character typed, and a
virtual size is a layout property: each keystroke cost a layout pass of the whole screen and
an extra frame, on top of the search itself.
"""

from __future__ import annotations

from tests.app.conftest import settle, wait_for
from tui.widgets.search_field import SearchField


async def test_typing_a_date_lays_nothing_out(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        field = screen.query_one("#timeline-input", SearchField)
        await pilot.press("g")
        await wait_for(pilot, lambda: field.has_focus)
        await settle(pilot)
        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(field, layouts.append, immediate=True)
        size = field.virtual_size
        for key in "2023-03":
            await pilot.press(key)
        await settle(pilot)
        assert field.value == "2023-03"
        assert field.virtual_size == size
        assert layouts == [], f"{len(layouts)} layout passes for 7 keys"


async def test_a_long_search_still_shows_where_it_is_typed(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        field = demo_app.screen.query_one("#timeline-input", SearchField)
        await pilot.press("tab", "slash")
        await wait_for(pilot, lambda: field.has_focus)
        text = "x" * 100 + "the end"
        await pilot.press(*text)
        await settle(pilot)
        assert field.value == text
        shown = field.render_line(0).text
        assert "the end" in shown, shown
        await pilot.press("home")
        await settle(pilot)
        assert "the end" not in field.render_line(0).text
        assert "xxxx" in field.render_line(0).text
