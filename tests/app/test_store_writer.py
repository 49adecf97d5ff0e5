"""The store writer in a tiny harness app: saves, conflicts, failures and undo, as messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widget import Widget

from tests.app.conftest import wait_for
from tui.domain import Event
from tui.messages import NoteSaved, NoteSaveFailed, StoreChanged
from tui.store import Store, StoreError
from tui.writer import StoreWriter, conflict_notice


class Editor(Widget):
    """Stands for the note editor: records what the writer posts back to it."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[NoteSaved | NoteSaveFailed] = []

    def on_note_saved(self, message: NoteSaved) -> None:
        self.answers.append(message)

    def on_note_save_failed(self, message: NoteSaveFailed) -> None:
        self.answers.append(message)


class WriterApp(App[None]):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.writer = StoreWriter(self, store)
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield Editor()

    def on_store_changed(self, message: StoreChanged) -> None:
        self.changes.append(message.notice)


async def test_a_save_answers_the_editor_and_tells_the_app(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    app = WriterApp(store)
    async with app.run_test() as pilot:
        editor = app.query_one(Editor)
        app.writer.save_note(editor, "first words", None, ("", ""))
        await wait_for(pilot, lambda: editor.answers and app.changes)
        (saved,) = editor.answers
        assert isinstance(saved, NoteSaved) and saved.conflict is None
        assert store.note(saved.note.id).text == "first words"
        # Another session changed it meanwhile: both versions are kept, and the editor is told.
        Store.open(tmp_path).save_note_text(saved.note.id, "theirs", saved.note.revision)
        app.writer.save_note(editor, "mine", saved.note, ("", ""))
        await wait_for(pilot, lambda: len(editor.answers) == 2)
        kept = editor.answers[1]
        assert isinstance(kept, NoteSaved) and kept.conflict is not None
        assert store.note(kept.conflict.id).text == "theirs"
        assert store.note(kept.note.id).text == "mine"
        assert f"yours is now note #{kept.note.id}" in conflict_notice(kept)


async def test_a_failed_save_is_reported_to_the_editor(tmp_path: Path, monkeypatch) -> None:
    store = Store.open(tmp_path)

    def full_disk(*args: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(store, "add_note", full_disk)
    app = WriterApp(store)
    async with app.run_test() as pilot:
        editor = app.query_one(Editor)
        app.writer.save_note(editor, "words", None, ("", ""))
        await wait_for(pilot, lambda: editor.answers)
        (failed,) = editor.answers
        assert isinstance(failed, NoteSaveFailed) and "disk full" in failed.error
        assert app.changes == []


async def test_delete_then_undo_restores_the_event(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    event = store.add_event(Event(id=0, day=date(2024, 1, 2), title="a release"))
    app = WriterApp(store)
    async with app.run_test() as pilot:
        app.writer.delete_event(event)
        await wait_for(pilot, lambda: store.event(event.id) is None and app.changes)
        assert app.changes[-1] == "Event deleted · u to undo"
        app.writer.undo()
        await wait_for(pilot, lambda: store.event(event.id) is not None)
        assert app.writer.undo_list == []


def test_an_interrupted_new_note_is_not_said_to_be_kept(tmp_path) -> None:
    from tui.writer import interrupted_edit_notice

    store = Store.open(tmp_path / "store")
    never_saved = interrupted_edit_notice({"note_id": None, "since": "09:10"}, store)
    assert "none of its text was saved" in never_saved and "is kept" not in never_saved
    note = store.add_note("half a thought")
    saved = interrupted_edit_notice({"note_id": note.id, "since": "09:10"}, store)
    assert f"open note #{note.id}" in saved and "is kept" in saved
    gone = interrupted_edit_notice({"note_id": 999, "since": "09:10"}, store)
    assert "no longer in the store" in gone


def test_an_interrupted_edit_says_when_in_minutes_not_microseconds(tmp_path) -> None:
    """It read ``(since 2026-12-01T12:39:19.912255Z)``."""
    from tui.writer import interrupted_edit_notice

    store = Store.open(tmp_path / "store")
    notice = interrupted_edit_notice(
        {"note_id": None, "since": "2026-12-01T12:39:19.912255Z"}, store
    )
    assert "(since 2026-12-01 12:39 UTC)" in notice
