"""The timeline's field (search, go to date) does not lay the screen out on each keystroke.

Textual's Input set its virtual size to its text's length on every character typed, and a
virtual size is a layout property: each keystroke cost a layout pass of the whole screen and
an extra frame, on top of the search itself.
"""

from __future__ import annotations

from textual.widgets import Input

from tests.app.conftest import settle, wait_for
from tui.widgets.search_field import SearchField
from tui.widgets.timeline import TimelineView


async def test_typing_a_date_lays_nothing_out(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        await pilot.press("g")
        field = screen.query_one("#timeline-input", SearchField)
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
        await pilot.press("tab", "slash")
        field = demo_app.screen.query_one("#timeline-input", SearchField)
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


async def test_the_fields_are_mounted_when_first_opened_and_kept(demo_app) -> None:
    """No Input is made at start (two cost ~8 ms of every start); each field, once opened,
    is the same widget the next time, with what it held."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        assert not screen.query(Input)
        await pilot.press("tab", "slash", *"api")
        field = screen.query_one("#timeline-input", SearchField)
        await wait_for(pilot, lambda: field.value == "api")
        await pilot.press("enter")
        await settle(pilot)
        assert field.has_class("hidden")
        await pilot.press("slash")
        assert screen.query_one("#timeline-input") is field and field.value == "api"
        assert screen.query_one(TimelineView).filter.text == "api"
        await pilot.press("escape")
        await settle(pilot)
        assert field.has_class("hidden") and not screen.query_one(TimelineView).filter.text
        notes = screen.query_one("#note-list")
        notes.focus()
        await pilot.press("slash", *"#outage")
        notes_field = screen.query_one("#notes-input", Input)
        await wait_for(pilot, lambda: notes_field.value == "#outage")
        assert notes_field.parent is screen.query_one("#notes-pane")
        assert field.parent is screen.query_one("#timeline-pane")
