"""Timeline editing and filtering from the keyboard: the event form, delete/undo, filters."""

from __future__ import annotations

from textual.widgets import Label, Select

from tests.app.conftest import settle, wait_for
from tui.app import WhalewatchApp
from tui.screens.filter_form import FilterForm
from tui.screens.forms import ConfirmScreen, EventForm
from tui.screens.main import MainScreen
from tui.widgets.timeline import TimelineView


def error_text(app: WhalewatchApp, field: str) -> str:
    return str(app.screen.query_one(f"#{field}-error", Label).render())


async def test_add_event_validates_each_field_and_saves_nothing_half_way(demo_app, demo_store):
    before = len(demo_store.events())
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(demo_app.screen, EventForm)
        await pilot.press(*"2023-02-30")  # no such day
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, EventForm)
        assert "not a date" in error_text(demo_app, "day")
        assert "title is required" in error_text(demo_app, "title")
        assert "choose one of" in error_text(demo_app, "category")
        assert len(demo_store.events()) == before
        # Fix the fields by keyboard (the category list is a Select).
        day = demo_app.screen.query_one("#day")
        day.value = ""
        day.focus()
        await pilot.press(*"2023-04-01")
        demo_app.screen.query_one("#title").focus()
        await pilot.press(*"Pricing page changed")
        demo_app.screen.query_one("#category", Select).value = "business"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(demo_store.events()) == before + 1)
        assert isinstance(demo_app.screen, MainScreen)
        added = [e for e in demo_store.events() if e.title == "Pricing page changed"]
        assert [(e.day.isoformat(), e.category) for e in added] == [("2023-04-01", "business")]


async def test_edit_then_delete_asks_and_undo_restores(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        timeline = demo_app.screen.query_one(TimelineView)
        while timeline.selected.kind != "event":
            await pilot.press("j")
        event_id = int(timeline.selected.ref)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(demo_app.screen, EventForm)
        title = demo_app.screen.query_one("#title")
        title.value = "Edited title"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: demo_store.event(event_id).title == "Edited title")
        await settle(pilot)
        assert timeline.select_ref("event", str(event_id))
        timeline.focus()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("x")  # a stray key confirms nothing
        await pilot.press("n")
        await pilot.pause()
        assert demo_store.event(event_id) is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: demo_store.event(event_id) is None)
        await pilot.press("u")
        await wait_for(pilot, lambda: demo_store.event(event_id) is not None)
        assert demo_store.event(event_id).title == "Edited title"


async def test_filter_form_combines_and_escape_clears(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        total = timeline.visible_count
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(demo_app.screen, FilterForm)
        demo_app.screen.query_one("#category", Select).value = "api"
        demo_app.screen.query_one("#start").value = "2023-01-01"
        demo_app.screen.query_one("#end").value = "2023-02-28"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)
        shown = [(i.category, i.moment.date().isoformat()) for i in timeline._visible]
        assert shown and all(c == "api" and "2023-01-01" <= d <= "2023-02-28" for c, d in shown)
        line = str(demo_app.screen.query_one("#filter-line").render())
        assert "category api" in line and "2023-01-01 to 2023-02-28" in line
        await pilot.press("escape")
        assert timeline.visible_count == total


async def test_filter_form_refuses_a_bad_date(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        demo_app.screen.query_one("#start").value = "March"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, FilterForm)
        assert "YYYY-MM-DD" in error_text(demo_app, "start")
        await pilot.press("escape")
        assert not demo_app.screen.query_one(TimelineView).filter.active


async def test_change_events_are_marked_in_the_timeline(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        changes = [i for i in timeline.items if i.is_change]
        assert len(changes) >= 5
        assert timeline.select_ref("event", changes[0].ref)
        await pilot.pause()
        row = timeline._rows.item_rows[timeline.cursor] - timeline.scroll_offset.y
        text = timeline.render_line(row).text
        assert "▶" in text and changes[0].title[:20] in text
