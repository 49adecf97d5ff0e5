"""The cursor follows what the user changed: onto an added or restored item, onto the
neighbour of a deleted one (not the top); ``u`` undoes an edit; ``e`` on an incident says
what ``e`` does instead, and ``e`` on a note opens it."""

from __future__ import annotations

from textual.widgets import Select

from tests.app.conftest import settle, wait_for
from tui.screens.forms import EventForm
from tui.screens.main import MainScreen
from tui.screens.note import NoteScreen
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.notes import NoteList, NotesPane
from tui.widgets.timeline import TimelineView


async def a_middle_event(pilot, timeline: TimelineView) -> None:
    """Put the timeline's cursor on an event well below the top, with items after it."""
    timeline.focus()
    await pilot.press(*["j"] * 10)
    while timeline.selected.kind != "event":
        await pilot.press("j")
    assert timeline.cursor > 5


async def test_after_adding_an_event_the_cursor_is_on_it(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        await pilot.press("a")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, EventForm)
        form.query_one("#day").value = "2022-06-15"
        form.query_one("#title").value = "Added in the middle of the history"
        form.query_one("#category", Select).value = "product"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: (
                timeline.selected is not None
                and timeline.selected.title == "Added in the middle of the history"
            ),
        )
        assert demo_app.screen.focused is timeline and timeline.cursor > 0
        # The notes pane follows the cursor: a note now goes on the added event.
        assert "Added in the middle" in demo_app.screen.query_one(NotesPane).subject


async def test_after_a_delete_the_cursor_is_on_the_neighbour_and_undo_brings_it_back(
    demo_app, demo_store
) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        await a_middle_event(pilot, timeline)
        deleted = timeline.selected
        neighbour = timeline._rows.items[timeline.cursor + 1]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: demo_store.event(int(deleted.ref)) is None)
        await wait_for(pilot, lambda: all(i.ref != deleted.ref for i in timeline.items))
        await settle(pilot)
        assert timeline.selected == neighbour and timeline.cursor > 0
        await pilot.press("u")
        await wait_for(
            pilot, lambda: timeline.selected is not None and timeline.selected.ref == deleted.ref
        )
        assert demo_store.event(int(deleted.ref)) is not None


async def test_u_after_an_edit_undoes_the_edit(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        await a_middle_event(pilot, timeline)
        event_id = int(timeline.selected.ref)
        original = demo_store.event(event_id)
        await pilot.press("e")
        await pilot.pause()
        demo_app.screen.query_one("#title").value = "A wrong title"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: demo_store.event(event_id).title == "A wrong title")
        timeline.focus()
        await pilot.press("j", "j")  # the cursor elsewhere: undo brings it back
        await pilot.press("u")
        await wait_for(pilot, lambda: demo_store.event(event_id) == original)
        await wait_for(pilot, lambda: timeline.selected.ref == str(event_id))
        assert timeline.selected.title == original.title
        assert not any("Nothing to undo" in n.message for n in demo_app._notifications)
        assert any("Edit undone" in n.message for n in demo_app._notifications)


async def test_e_on_an_incident_says_what_e_does(demo_app) -> None:
    async with demo_app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        assert demo_app.screen.focused is demo_app.screen.query_one(IncidentFeed)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)
        message = [n.message for n in demo_app._notifications][-1]
        assert "n writes a note" in message and "e and d act on events" in message
        assert "Select an event" not in message


async def notes_of_march6(pilot) -> NoteList:
    """Focus the notes list on the demo's incident that has two notes."""
    feed = pilot.app.screen.query_one(IncidentFeed)
    feed.select_key(next(i.id for i in feed.incidents if f"{i.started_at:%F}" == "2023-03-06"))
    await pilot.pause()
    notes = pilot.app.screen.query_one(NoteList)
    notes.focus()
    await pilot.pause()
    assert notes.option_count == 2
    return notes


async def test_e_in_the_notes_pane_opens_the_selected_note(demo_app) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await notes_of_march6(pilot)
        selected = demo_app.screen.query_one(NotesPane).selected
        assert selected is not None
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(demo_app.screen, NoteScreen)
        assert demo_app.screen.note.id == selected.id


async def test_a_deleted_note_leaves_the_cursor_on_its_neighbour_and_undo_on_it(
    demo_app, demo_store
) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        notes = await notes_of_march6(pilot)
        pane = demo_app.screen.query_one(NotesPane)
        deleted = pane.selected
        below = pane.notes[notes.highlighted + 1]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: all(n.id != deleted.id for n in pane.notes))
        await settle(pilot)
        assert pane.selected == below
        await pilot.press("u")
        await wait_for(pilot, lambda: pane.selected is not None and pane.selected.id == deleted.id)
        assert demo_app.screen.focused is notes


async def test_undoing_a_note_delete_shows_the_note_with_its_item(demo_app) -> None:
    """The cursor moved on to another incident meanwhile: undo brings the note's item back."""
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await notes_of_march6(pilot)
        pane = demo_app.screen.query_one(NotesPane)
        deleted = pane.selected
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: all(n.id != deleted.id for n in pane.notes))
        feed = demo_app.screen.query_one(IncidentFeed)
        feed.focus()
        await pilot.press("home")
        await pilot.pause()
        assert "API outage" not in pane.subject
        await pilot.press("u")
        await wait_for(pilot, lambda: pane.selected is not None and pane.selected.id == deleted.id)
        assert demo_app.screen.focused is demo_app.screen.query_one(NoteList)
        assert "API outage" in pane.subject  # the notes of the note's own incident


async def test_the_notes_follow_a_search_once_typing_pauses(demo_app) -> None:
    """Searching moves the timeline's cursor; the notes pane shows that item's notes once the
    field has been still a moment (not on each keystroke), while the field keeps the focus."""
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        timeline = screen.query_one(TimelineView)
        pane = screen.query_one(NotesPane)
        await pilot.press("tab", "slash")
        field = screen.query_one("#timeline-input")
        await wait_for(pilot, lambda: field.has_focus)
        before = pane.subject
        await pilot.press(*"tweetdeck")
        await wait_for(pilot, lambda: timeline.selected is not None and pane.subject != before)
        selected = timeline.selected
        assert "tweetdeck" in selected.haystack
        assert selected.title[:20] in pane.subject
        assert field.has_focus
        await pilot.press("escape")  # closes the field: the cursor stays, so do the notes
        await settle(pilot)
        assert selected.title[:20] in pane.subject
