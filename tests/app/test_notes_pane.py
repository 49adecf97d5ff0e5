"""The notes pane and editor: create, edit, attach, tags, search, pin, delete/undo, conflicts."""

from __future__ import annotations

from textual.widgets import Markdown, TextArea

from tests.app.conftest import settle, wait_for
from tui.app import WhalewatchApp
from tui.screens.forms import ConfirmScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteScreen
from tui.store import Store
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.notes import NotesPane
from tui.widgets.timeline import TimelineView


async def focus_notes(pilot) -> NotesPane:
    """Focus the notes pane without passing through another pane (which would select)."""
    screen = pilot.app.screen
    key = "shift+tab" if isinstance(screen.focused, IncidentFeed) else "tab"
    await pilot.press(key)
    assert screen.focused.id == "note-list"
    return pilot.app.screen.query_one(NotesPane)


async def test_write_a_note_on_an_event_edit_it_and_view_it(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        timeline = demo_app.screen.query_one(TimelineView)
        while timeline.selected.kind != "event":
            await pilot.press("j")
        event_ref = timeline.selected.ref
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(demo_app.screen, NoteScreen)
        await pilot.press(*"# Heads up", "enter", *"Layoffs hit #staff and #api")
        await pilot.press("escape")  # leaving saves
        await wait_for(pilot, lambda: demo_store.notes_for("event", event_ref))
        (note,) = demo_store.notes_for("event", event_ref)
        assert note.text == "# Heads up\nLayoffs hit #staff and #api"
        assert note.tags == ("staff", "api")
        await settle(pilot)
        pane = demo_app.screen.query_one(NotesPane)
        assert [n.id for n in pane.notes] == [note.id]
        # Open it (view mode renders Markdown), switch to edit, change, autosave.
        await focus_notes(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, NoteScreen)
        assert demo_app.screen.query_one(Markdown).display
        await pilot.press("ctrl+r")
        await pilot.pause()
        editor = demo_app.screen.query_one(TextArea)
        assert editor.display and editor.has_focus
        editor.move_cursor(editor.document.end)
        await pilot.press(*" later")
        await wait_for(pilot, lambda: demo_store.note(note.id).text.endswith("later"))
        assert demo_store.note(note.id).revision == 2
        # Go to the attached item from the editor.
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, MainScreen))
        assert timeline.selected.ref == event_ref and timeline.has_focus


async def test_search_by_tag_and_words_pin_and_delete_with_undo(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        pane = await focus_notes(pilot)
        await pilot.press("slash", *"#article")
        await pilot.pause()
        assert pane.notes and all("article" in n.tags for n in pane.notes)
        assert "matching" in pane.subject
        await pilot.press("enter")
        await pilot.press("escape")
        await pilot.press("slash", *"outage", "enter")
        await pilot.pause()
        assert pane.notes and all("outage" in n.text.lower() for n in pane.notes)
        target = pane.selected
        assert not target.pinned
        await pilot.press("p")
        await wait_for(pilot, lambda: demo_store.note(target.id).pinned)
        await settle(pilot)
        assert pane.notes[0].id == target.id  # pinned notes come first
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_for(pilot, lambda: demo_store.note(target.id) is None)
        await pilot.press("u")
        await wait_for(pilot, lambda: demo_store.note(target.id) is not None)
        assert demo_store.note(target.id).text == target.text


async def test_second_session_saving_the_same_note_keeps_both_versions(demo_store):
    other = Store.open(demo_store.root)
    note = demo_store.add_note("shared note", "incident", "x:1")
    app = WhalewatchApp(demo_store, poll=False)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        app.main_screen.open_note(note)
        await pilot.pause()
        await pilot.press("ctrl+r")
        # Meanwhile another session (another SSH login) saves its own edit.
        assert (
            other.save_note_text(note.id, "shared note, edited elsewhere", 1).conflict_with is None
        )
        editor = app.screen.query_one(TextArea)
        editor.move_cursor(editor.document.end)
        await pilot.press(*" and here")
        await wait_for(pilot, lambda: len(demo_store.notes_for("incident", "x:1")) == 2)
        texts = sorted(n.text for n in demo_store.notes_for("incident", "x:1"))
        assert texts == ["shared note and here", "shared note, edited elsewhere"]
        await wait_for(
            pilot, lambda: any("both versions are kept" in n.message for n in app._notifications)
        )


async def test_copy_uses_osc52_and_says_so(demo_app):
    async with demo_app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        copied = []
        demo_app.copy_to_clipboard = copied.append
        feed = demo_app.screen.query_one(IncidentFeed)
        march6 = next(
            i for i in feed.incidents if i.started_at.strftime("%Y-%m-%d") == "2023-03-06"
        )
        feed.select_key(march6.id)
        await pilot.pause()
        pane = await focus_notes(pilot)
        await pilot.press("c")
        assert copied == [pane.selected.text]
        assert any("OSC 52" in n.message for n in demo_app._notifications)


def test_note_editor_snapshots(snap_compare, demo_app):
    async def open_editor(pilot) -> None:
        await settle(pilot)
        feed = pilot.app.screen.query_one(IncidentFeed)
        march6 = next(
            i for i in feed.incidents if i.started_at.strftime("%Y-%m-%d") == "2023-03-06"
        )
        feed.select_key(march6.id)
        await pilot.pause()
        await focus_notes(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=open_editor)


def test_note_editor_edit_mode_snapshot(snap_compare, demo_app):
    async def open_editor(pilot) -> None:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"# Draft", "enter", *"Typed in **Markdown** #draft")

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=open_editor)
