"""The main screen's panes as a user reads them at 80x24 and 120x40.

Before: timeline rows read ``◆ criti done``, durations touched the scrollbar, the unfocused
timeline at 80x24 showed one item and not the selected one, and the Notes column at 120x40
cut its own hint.
"""

from __future__ import annotations

from textual.geometry import Region

from tests.app.conftest import settle, wait_for
from tests.app.test_forms_layout import shown_text
from tui.widgets.notes import NotesPane
from tui.widgets.timeline import TimelineView


def timeline_lines(timeline: TimelineView) -> list[str]:
    """The text of every line the timeline shows now."""
    region = timeline.scrollable_content_region
    return [
        strip.text for strip in timeline.render_lines(Region(0, 0, region.width, region.height))
    ]


async def test_incident_rows_say_their_impact_and_keep_off_the_scrollbar(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        critical = next(i for i in demo_app.snapshot.incidents if i.impact == "critical")
        timeline = demo_app.screen.query_one(TimelineView)
        await pilot.press("tab")
        assert timeline.select_ref("incident", critical.id)
        await pilot.pause()
        (row,) = [line for line in timeline_lines(timeline) if " done " in line and "◆" in line]
        assert "◆ crit  done " in row and "criti" not in row
        assert row.endswith(" ") and not row.endswith("  ")  # one blank cell after the duration
        assert row.rstrip().endswith("m")  # the duration is the row's last word


async def test_the_unfocused_timeline_shows_the_selected_item_at_80x24(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        timeline = demo_app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: timeline.has_focus)
        for _ in range(7):  # to the bottom of the focused (tall) pane
            await pilot.press("j")
        await pilot.pause()
        title = timeline.selected.title
        assert any(title[:20] in line for line in timeline_lines(timeline))
        await pilot.press("tab")  # the notes take the focus: the timeline shrinks
        await wait_for(pilot, lambda: not timeline.has_focus)
        await pilot.pause()
        assert timeline.selected.title == title
        assert any(title[:20] in line for line in timeline_lines(timeline))


async def test_at_start_the_unfocused_timeline_shows_its_selected_item_at_80x24(demo_app):
    """Not only the month and day headers above it (the pane is two lines high)."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        assert not timeline.has_focus
        title = timeline.selected.title
        assert any(title[:20] in line for line in timeline_lines(timeline))


async def test_the_notes_column_shows_its_whole_hint_at_120x40(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = demo_app.screen.query_one(NotesPane)
        note_list = notes.query_one("#note-list")
        await wait_for(pilot, lambda: "No notes here yet" in shown_text(note_list))
        assert "No notes here yet: press n to write one." in shown_text(note_list)
        assert notes.region.width >= 30
