"""The notes pane as read: tags shown once, and a search's header says it is a search."""

from __future__ import annotations

from tests.app.conftest import settle
from tests.app.test_forms_layout import shown_text
from tui.app import WhalewatchApp
from tui.domain import Note
from tui.store import Store
from tui.widgets.notes import NoteList, NotesPane, note_prompt


def test_tags_in_the_title_are_not_repeated() -> None:
    note = Note(1, "#replay #uxtest\nthe replay looked right #later")
    row = note_prompt(note, show_target=False).plain
    assert row.count("#replay") == 1 and row.count("#uxtest") == 1
    assert "#later" in row
    assert Note(2, "# Heading\ntext #a").title == "Heading"


async def test_a_search_header_says_matching(tmp_path) -> None:
    store = Store.open(tmp_path / "store")
    store.add_note("#outage links broken")
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab")
        await pilot.press("slash", *"#")
        await pilot.pause()
        header = app.screen.query_one("#notes", NotesPane).header_text
        assert header == 'Notes matching "#"', header


async def test_a_search_says_what_each_note_is_on_in_words(demo_app) -> None:
    """A search lists notes from anywhere; its rows did not say what each was on (and the
    "all notes" list named it by id: ``incident:demo-history:2023-03-06-api``)."""
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab")
        await pilot.press("slash", *"#api")
        await pilot.pause()
        rows = shown_text(demo_app.screen.query_one(NoteList))
        assert "6 March: the API goes down" in rows
        assert "→ incident: API outage" in rows and "demo-history" not in rows, rows
