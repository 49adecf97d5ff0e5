"""One click rule for every list: a click selects a row, a click on the selected row opens it.

The feed and the timeline always did so; the notes list opened a note at the first click.
"""

from __future__ import annotations

from tests.app.conftest import settle, wait_for
from tui.demo.incidents import HISTORY_SOURCE_ID, MARCH_6_EXTERNAL_ID
from tui.screens.main import MainScreen
from tui.screens.note import NoteScreen
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.notes import NoteList, NotesPane


def first_line_of(option_list: NoteList, index: int) -> int:
    """The list's line (from its top) where option ``index`` is drawn: a note row may wrap."""
    for y in range(option_list.size.height):
        if option_list.get_style_at(4, y).meta.get("option") == index:
            return y
    raise AssertionError(f"option {index} is not drawn")


async def test_a_click_selects_a_note_and_a_second_click_opens_it(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        assert feed.select_key(f"{HISTORY_SOURCE_ID}:{MARCH_6_EXTERNAL_ID}")
        pane = demo_app.screen.query_one(NotesPane)
        await wait_for(pilot, lambda: len(pane.notes) == 2)
        notes = demo_app.screen.query_one(NoteList)
        await wait_for(pilot, lambda: notes.option_count == 2)
        assert notes.highlighted == 0
        second = pane.notes[1]

        y = first_line_of(notes, 1)
        await pilot.click(NoteList, offset=(4, y))
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)  # selected, not opened
        assert notes.highlighted == 1 and pane.selected == second

        await pilot.click(NoteList, offset=(4, y))
        await wait_for(pilot, lambda: isinstance(demo_app.screen, NoteScreen))
        assert demo_app.screen.note.id == second.id


async def test_a_click_on_the_empty_notes_hint_does_nothing(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = demo_app.screen.query_one(NoteList)
        assert not demo_app.screen.query_one(NotesPane).notes  # "No notes here yet" row
        await pilot.click(NoteList, offset=(4, 0))
        await pilot.click(NoteList, offset=(4, 0))
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)
        assert notes.highlighted is None
