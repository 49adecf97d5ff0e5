"""The note editor names what a note is on, and its footer fits 80 columns.

Before, an existing note's header read ``on incident:demo-history:2023-03-06-api`` (a new
note's read the title) and the footer ended ``^g Go to attac``.
"""

from __future__ import annotations

import pytest

from tests.app.conftest import settle, wait_for
from tests.app.test_forms_layout import shown_text
from tui.screens.note import NoteScreen
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.notes import notes_header


@pytest.mark.parametrize("existing", [True, False])
async def test_the_header_names_the_incident_by_its_title(demo_app, existing) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        march6 = next(i for i in feed.incidents if f"{i.started_at:%Y-%m-%d}" == "2023-03-06")
        if existing:
            (note, *_) = demo_app.snapshot.notes_on("incident", march6.id)
            demo_app.main_screen.open_note(note)
        else:
            feed.select_key(march6.id)
            await pilot.pause()
            await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, NoteScreen))
        await pilot.pause()
        header = shown_text(demo_app.screen.query_one("#note-header"))
        assert f"on incident: {march6.title[:30]}" in header
        assert march6.id not in header


@pytest.mark.parametrize("viewing", [False, True])
async def test_the_editor_footer_shows_every_key_whole_at_80_columns(demo_app, viewing) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if viewing:  # an existing note opens rendered; the dashboard's keys are live there
            demo_app.main_screen.open_note(demo_app.snapshot.notes[0])
        else:
            await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, NoteScreen))
        await pilot.pause()
        keys = list(demo_app.screen.query("Footer FooterKey"))
        shown = [shown_text(key) for key in keys]  # each one whole and on the screen
        for label in ("Back", "View/edit", "Save", "Pin", "Go to item", "Commands"):
            assert any(text.endswith(label) for text in shown), (label, shown)
        right = [key.region.right for key in keys if not shown_text(key).endswith("Commands")]
        palette = next(key for key in keys if shown_text(key).endswith("Commands"))
        assert max(right) <= palette.region.x  # none hidden under the palette's key


async def test_q_goes_back_from_a_viewed_note_and_types_in_the_editor(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        demo_app.main_screen.open_note(demo_app.snapshot.notes[0])
        await wait_for(pilot, lambda: isinstance(demo_app.screen, NoteScreen))
        screen = demo_app.screen
        before = screen.text
        await pilot.press("ctrl+r", "q")  # editing: q is a letter
        assert demo_app.screen is screen
        assert screen.text == "q" + before
        await pilot.press("backspace", "ctrl+r", "q")  # viewing: q goes back
        await wait_for(pilot, lambda: not isinstance(demo_app.screen, NoteScreen))
        assert demo_app.is_running


def test_the_header_of_every_note_says_all_notes() -> None:
    assert notes_header("all notes") == "All notes"
    assert notes_header('matching "#api"') == 'Notes matching "#api"'
    assert notes_header("incident: API outage") == "Notes on incident: API outage"


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_the_header_keeps_the_mode_and_the_save_state_whole(demo_app, width) -> None:
    """A long subject is cut with an ellipsis; "viewing"/"editing" and "unsaved…" stay.

    At 80 columns the header of the demo's 6 March note ended ``TweetDeck down ·``: the mode
    and the save state (``NOT SAVED — retrying`` among them) were past the edge.
    """
    async with demo_app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        march6 = next(i for i in demo_app.snapshot.incidents if i.id.endswith("2023-03-06-api"))
        (note, *_) = demo_app.snapshot.notes_on("incident", march6.id)
        demo_app.main_screen.open_note(note)
        await wait_for(pilot, lambda: isinstance(demo_app.screen, NoteScreen))
        await pilot.pause()
        header = demo_app.screen.query_one("#note-header")
        assert "viewing" in shown_text(header).rsplit(" · ", 1)[-1], shown_text(header)
        await pilot.press("ctrl+r", "x")
        await pilot.pause()
        assert shown_text(header).endswith(" · unsaved…")
        assert "on incident: API outage" in shown_text(header)
