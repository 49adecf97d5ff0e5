"""The note editor: Markdown in a text area, rendered on demand, saved as you type.

The screen never writes to disk itself: it asks the app's :class:`~tui.writer.StoreWriter` to
save (in a worker) about a second after the last key, and again when the user leaves, switches
item or quits; the writer answers with ``NoteSaved`` or ``NoteSaveFailed``. Each save carries
the revision the edit started from, so a save that would overwrite another session's newer
text is kept as a separate note instead (see :meth:`tui.store.Store.save_note_text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Markdown, Static, TextArea
from textual.widgets.text_area import LanguageDoesNotExist

from ..domain import Note
from ..messages import NoteSaved, NoteSaveFailed
from ..snapshot import subject_label
from ..text import clean_text
from ..widgets.keys_footer import KeysFooter
from ..widgets.text import clean_line
from ..writer import conflict_notice

if TYPE_CHECKING:
    from textual import getters

    from ..app import WhalewatchApp

AUTOSAVE_DELAY = 1.0


def markdown_editor(text: str, **options: Any) -> TextArea:
    """A text area with Markdown highlighting when Textual's optional grammars are installed.

    Without tree-sitter the text area falls back to plain text by itself; with tree-sitter but
    no Markdown grammar it refuses the language, and plain text it is.
    """
    try:
        return TextArea(text, language="markdown", **options)
    except LanguageDoesNotExist:
        return TextArea(text, language=None, **options)


class NoteScreen(Screen):
    """Edit (or view) one note; ``note`` is None for a new note on ``target``."""

    # The editor's own keys with short labels, and Help: they fit an 80-column footer. Leaving
    # saves (as every pause in typing does). The dashboard's s and t still work, unlisted, and
    # q goes back here, as on every other sub-screen (when viewing; the editor types a q).
    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("q", "leave", "Back", show=False),
        Binding("ctrl+r,f2", "toggle_view", "View/edit"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+t", "toggle_pin", "Pin"),
        Binding("ctrl+g", "go_to_target", "Go to item"),
        Binding("s", "app.sources", "Sources", show=False),
        Binding("t", "app.stats", "Stats", show=False),
    ]

    if TYPE_CHECKING:  # as Textual types MessagePump.app; at run time its own property
        app = getters.app(WhalewatchApp)

    def __init__(self, note: Note | None, target: tuple[str, str], target_label: str) -> None:
        super().__init__()
        self.note = note
        self.target = target
        self.target_label = target_label
        self.saved_text = note.text if note else ""
        self._timer: Timer | None = None
        self.viewing = note is not None
        self._header_state = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-body"):
            yield Static(id="note-header", markup=False)
            yield markdown_editor(
                self.saved_text,
                id="note-editor",
                soft_wrap=True,
                show_line_numbers=False,
                classes="hidden" if self.viewing else "",
            )
            yield Markdown(
                clean_text(self.saved_text, limit=200000),
                id="note-view",
                classes="" if self.viewing else "hidden",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.target[0] in ("incident", "event"):  # its title, not its id
            self.target_label = clean_line(subject_label(self.app.snapshot, *self.target), 70)
        # The rendered view takes focus so that it scrolls with the keys.
        self.query_one("#note-view", Markdown).can_focus = True
        self._update_header("")
        self.app.writer.editing_started(self.note.id if self.note else None, self.target_label)
        if self.viewing:
            self.query_one("#note-view").focus()
        else:
            self.query_one(TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    def _update_header(self, state: str) -> None:
        """One line; the subject is cut to the width, never the mode or the save state."""
        self._header_state = state
        what = f"note #{self.note.id}" if self.note else "new note"
        pin = " · 📌 pinned" if self.note and self.note.pinned else ""
        mode = "viewing (Ctrl+R edits)" if self.viewing else "editing (Ctrl+R views)"
        width = self.app.size.width - 2  # the header's padding
        if width - cell_len(f"{what} on {pin} · {mode} · {state}") < 16:
            mode = mode.split(" (")[0]  # narrow: the footer shows Ctrl+R too
        tail = f"{pin} · {mode}{' · ' + state if state else ''}"
        if self.target[0]:
            room = width - cell_len(f"{what} on {tail}")
            on = f" on {clean_line(self.target_label, max(8, room))}"
        else:
            on = " (stands alone)"
        self.query_one("#note-header", Static).update(Content(clean_line(f"{what}{on}{tail}", 300)))

    def on_resize(self) -> None:
        self._update_header(self._header_state)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.dirty:
            self._update_header("unsaved…")
            self._timer = self.set_timer(AUTOSAVE_DELAY, self.action_save)

    def action_save(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.dirty and self.text.strip():
            self.app.writer.save_note(self, self.text, self.note, self.target)

    def on_unmount(self) -> None:
        if self.app.is_running:  # when quitting, the writer's flush clears the marker itself
            self.app.writer.editing_stopped()

    @on(NoteSaved)
    def saved(self, message: NoteSaved) -> None:
        """The writer's answer once a save reached the disk."""
        note = message.note
        if self.note is None or self.note.id != note.id:
            self.app.writer.editing_started(note.id, self.target_label)
        self.note = note
        self.saved_text = message.text
        if message.conflict is not None:
            self.notify(conflict_notice(message), severity="warning", timeout=10)
        self._update_header("saved" if not self.dirty else "unsaved…")

    @on(NoteSaveFailed)
    def save_failed(self, message: NoteSaveFailed) -> None:
        self._update_header("NOT SAVED — retrying")
        self.notify(
            f"{message.error}. Your text is kept and retried, also once you leave the "
            "editor; quitting asks what to do with it.",
            severity="error",
            markup=False,
        )
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(5.0, self.action_save)

    def action_toggle_view(self) -> None:
        self.viewing = not self.viewing
        editor = self.query_one(TextArea)
        view = self.query_one("#note-view", Markdown)
        editor.set_class(self.viewing, "hidden")
        view.set_class(not self.viewing, "hidden")
        if self.viewing:
            self.action_save()
            view.update(clean_text(self.text, limit=200000))
            view.focus()
        else:
            editor.focus()
        self._update_header("")

    def action_toggle_pin(self) -> None:
        if self.note is None:
            self.notify("Type something first: the note is created on its first save.")
            return
        self.app.writer.toggle_pin(self.note)

    def action_go_to_target(self) -> None:
        if not self.target[0] or self.target[0] == "platform":
            self.notify("This note is not attached to an incident or an event.")
            return
        self.action_save()
        kind, ref = self.target
        while self.app.screen is not self.app.main_screen:
            self.app.pop_screen()
        if not self.app.main_screen.locate(kind, ref):
            self.app.notify(f"{kind} {ref} is not in the store any more.", severity="warning")

    def action_leave(self) -> None:
        self.action_save()
        self.app.pop_screen()
