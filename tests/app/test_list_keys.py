"""Moving in the dashboard's lists as a vim or a pager user would: no wrapping round, G,
g g, Ctrl+D / Ctrl+U, in the incident feed, the timeline and the notes list alike."""

from __future__ import annotations

from textual.widgets import Input

from tests.app.conftest import settle
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.notes import NoteList
from tui.widgets.timeline import TimelineView


def march6(feed: IncidentFeed) -> str:
    """The demo's incident with two notes."""
    return next(i.id for i in feed.incidents if f"{i.started_at:%Y-%m-%d}" == "2023-03-06")


async def show_march6_notes(pilot, feed: IncidentFeed) -> None:
    feed.focus()
    await pilot.pause()
    feed.select_key(march6(feed))
    await pilot.pause()


async def test_no_list_wraps_round_from_one_end_to_the_other(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        feed = screen.query_one(IncidentFeed)
        last = feed.option_count - 1
        # The user's report: Home, then k went to the oldest incident, three years back.
        await pilot.press("home", "k")
        assert feed.highlighted == 0
        await pilot.press("up", "k")
        assert feed.highlighted == 0
        await pilot.press("end", "j", "down")
        assert feed.highlighted == last
        timeline = screen.query_one(TimelineView)
        timeline.focus()
        await pilot.press("home", "k")
        assert timeline.cursor == 0
        await pilot.press("end", "j")
        assert timeline.cursor == timeline.visible_count - 1
        await show_march6_notes(pilot, feed)
        notes = screen.query_one(NoteList)
        notes.focus()
        await pilot.pause()
        assert notes.option_count == 2 and notes.highlighted == 0
        await pilot.press("k")
        assert notes.highlighted == 0
        await pilot.press("j", "j", "j")
        assert notes.highlighted == 1


async def test_G_and_g_g_go_to_the_last_and_the_first_item_in_every_list(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        feed = screen.query_one(IncidentFeed)
        await pilot.press("G")
        assert feed.highlighted == feed.option_count - 1
        await pilot.press("g", "g")
        await pilot.pause()
        assert feed.highlighted == 0
        date_field = screen.query_one("#timeline-input", Input)  # mounted by the first g
        # g g is not left half-way: the date field is closed, the feed keeps the focus.
        assert date_field.has_class("hidden") and screen.focused is feed
        timeline = screen.query_one(TimelineView)
        timeline.focus()
        await pilot.press("G")
        assert timeline.cursor == timeline.visible_count - 1
        await pilot.press("g", "g")
        await pilot.pause()
        assert timeline.cursor == 0 and screen.focused is timeline
        assert date_field.has_class("hidden")
        # g alone is still Go to date.
        await pilot.press("g", *"2023-03-06", "enter")
        assert timeline.selected.moment.date().isoformat() == "2023-03-06"
        await show_march6_notes(pilot, feed)
        notes = screen.query_one(NoteList)
        notes.focus()
        await pilot.pause()
        await pilot.press("G")
        assert notes.highlighted == 1
        await pilot.press("g", "g")
        await pilot.pause()
        assert notes.highlighted == 0 and screen.focused is notes


async def test_g_g_typed_faster_than_the_focus_moves(demo_app) -> None:
    """Over SSH both g arrive in one read: the second one reaches the list, not the field."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        timeline = screen.query_one(TimelineView)
        timeline.focus()
        await pilot.press("G")
        await screen.action_jump()
        await screen.action_jump()  # before the field had the focus
        await pilot.pause()
        assert timeline.cursor == 0 and screen.focused is timeline
        assert screen.query_one("#timeline-input").has_class("hidden")


async def test_ctrl_d_and_ctrl_u_move_by_half_a_page(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        feed = screen.query_one(IncidentFeed)
        half = feed.scrollable_content_region.height // 2
        assert half >= 3
        await pilot.press("ctrl+d")
        assert feed.highlighted == half
        await pilot.press("ctrl+d")
        assert feed.highlighted == min(2 * half, feed.option_count - 1)
        before = feed.highlighted
        await pilot.press("ctrl+u")
        assert feed.highlighted == before - half
        await pilot.press("ctrl+u", "ctrl+u")
        assert feed.highlighted == 0  # stops at the top
        await pilot.press("G", "ctrl+d")
        assert feed.highlighted == feed.option_count - 1  # and at the bottom
        timeline = screen.query_one(TimelineView)
        timeline.focus()
        await pilot.pause()
        view = timeline.scrollable_content_region.height
        rows = timeline._rows.item_rows
        await pilot.press("ctrl+d")
        moved = rows[timeline.cursor] - rows[0]
        assert timeline.cursor > 0 and view // 2 - 2 <= moved <= view // 2 + 2
        await pilot.press("ctrl+u")
        assert timeline.cursor == 0
