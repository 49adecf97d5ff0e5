"""Several sessions on one store: a running dashboard shows another session's writes, and
the layout follows the terminal when it is resized."""

from __future__ import annotations

from tests.app.conftest import settle, wait_for
from tui.domain import Event, parse_day
from tui.screens.main import MainScreen
from tui.store import Store
from tui.widgets.notes import NotesPane
from tui.widgets.timeline import TimelineView


async def test_another_sessions_writes_show_up_without_a_restart(demo_app, demo_store):
    other = Store.open(demo_store.root)  # e.g. `whalewatch event add` from another login
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        count = len(timeline.items)
        other.add_event(Event(0, parse_day("2023-07-24"), "Bird logo replaced by X", "product"))
        other.add_note("written from the shell #cli")
        # The app checks the store every 1.5 s; allow a few checks.
        await wait_for(pilot, lambda: len(timeline.items) == count + 1)
        assert any(i.title == "Bird logo replaced by X" for i in timeline.items)
        assert any(n.text == "written from the shell #cli" for n in demo_app.snapshot.notes)


async def test_resizing_switches_between_stacked_and_side_by_side(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, MainScreen)

        def side_by_side() -> bool:
            incidents = screen.query_one("#incidents-pane").region
            notes = screen.query_one("#notes-pane").region
            return notes.x > incidents.x and notes.y == incidents.y

        assert side_by_side()
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not side_by_side()
        for pane in ("#incidents-pane", "#timeline-pane", "#notes-pane"):
            region = screen.query_one(pane).region
            assert region.right <= 80 and region.bottom <= 24 and region.height >= 3
        await pilot.resize_terminal(130, 45)
        await settle(pilot)
        assert side_by_side()
        assert screen.query_one(NotesPane).region.width > 20
