"""The main screen's changes to the store (notes, events, delete, pin, copy) and where the
cursor goes after each: onto the added, restored or changed item; onto the neighbour of a
deleted one.

The store writes run in the :class:`~tui.writer.StoreWriter`'s workers; the item a write
leaves in place comes back as the writer's ``landing``, and :meth:`EditingActions.land`
moves the cursor there once a read of the store shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from ..domain import Event, Note
from ..snapshot import StoreSnapshot
from ..widgets.incident_feed import IncidentFeed
from ..widgets.notes import NoteList, NotesPane
from ..widgets.timeline import TimelineView

if TYPE_CHECKING:
    from textual import getters

    from ..app import WhalewatchApp

LANDING_TRIES = 3
"""Reads of the store a landing waits for its item before it is dropped (a failed write)."""

INCIDENT_EDIT_HINT = (
    "Incidents come from their sources and are not edited or deleted here: n writes a note "
    "on this one, Enter opens it. e and d act on events (Timeline) and notes (Notes pane)."
)
"""What ``e`` or ``d`` says on an incident: what they can do instead."""


class EditingActions(Screen):
    """The editing half of the main screen (which supplies the selection it acts on)."""

    if TYPE_CHECKING:  # as Textual types MessagePump.app; at run time its own property
        app = getters.app(WhalewatchApp)

    snapshot: StoreSnapshot
    _subject: tuple[str, str]
    _landing_tries = 0

    def _subject_label(self) -> str:
        raise NotImplementedError

    def locate(self, kind: str, ref: str, in_timeline: bool = False) -> bool:
        raise NotImplementedError

    def _notes_focused(self) -> bool:
        return self.query_one("#notes-pane").has_focus_within

    # --- notes ------------------------------------------------------------------------------

    def action_new_note(self) -> None:
        from .note import NoteScreen

        kind, _ = self._subject
        self.app.push_screen(NoteScreen(None, self._subject, self._subject_label() if kind else ""))

    def open_note(self, note: Note) -> None:
        from .note import NoteScreen

        self.app.push_screen(NoteScreen(note, (note.target_kind, note.target_id), note.target))

    def _selected_note(self) -> Note | None:
        """The note selected in the Notes pane, when it has the focus; else say so."""
        note = self.query_one(NotesPane).selected if self._notes_focused() else None
        if note is None:
            self.notify("Select a note in the Notes pane first.", severity="warning")
        return note

    def action_toggle_pin(self) -> None:
        note = self._selected_note()
        if note is not None:
            self.app.writer.toggle_pin(note)

    def action_copy_note(self) -> None:
        note = self._selected_note()
        if note is not None:
            # OSC 52: the terminal decides whether to allow it.
            self.app.copy_to_clipboard(note.text)
            self.notify(
                "Note copied with OSC 52. If nothing was copied, your terminal does not allow "
                "clipboard writes: open the note (Enter) and select the text instead.",
                timeout=6,
            )

    # --- events -----------------------------------------------------------------------------

    def _selected_event_id(self) -> int | None:
        timeline = self.query_one(TimelineView)
        item = timeline.selected
        if not timeline.has_focus or item is None or item.kind != "event":
            incident = self.query_one(IncidentFeed).has_focus or (
                timeline.has_focus and item is not None and item.kind == "incident"
            )
            if incident:
                self.notify(INCIDENT_EDIT_HINT, timeout=8)
            else:
                self.notify("Select an event in the timeline first.", severity="warning")
            return None
        return int(item.ref)

    def action_add_event(self) -> None:
        self._edit_event(None)

    def action_edit(self) -> None:
        """``e``: the selected note in the Notes pane, else the selected event; an incident
        is not editable, and the message says what is."""
        if self._notes_focused():
            note = self._selected_note()
            if note is not None:
                self.open_note(note)
            return
        self.action_edit_event()

    def action_edit_event(self) -> None:
        event_id = self._selected_event_id()
        if event_id is not None:
            self._edit_event(self.snapshot.event(event_id))

    def _edit_event(self, event: Event | None) -> None:
        from .forms import EventForm

        def saved(result: Event | None) -> None:
            if result is not None:
                self.app.writer.save_event(result, before=event)

        self.app.push_screen(EventForm(event, self.snapshot.platform_names), saved)

    # --- deleting ---------------------------------------------------------------------------

    def action_delete_event(self) -> None:
        event_id = self._selected_event_id()
        event = None if event_id is None else self.snapshot.event(event_id)
        if event is not None:
            timeline = self.query_one(TimelineView)
            neighbour = timeline.neighbour()
            self._confirm(
                f"Delete the event “{event.title[:60]}”?",
                self.app.writer.delete_event,
                event,
                (neighbour.kind, neighbour.ref) if neighbour else None,
            )

    def action_delete(self) -> None:
        """Delete what is selected: a note in the Notes pane, else an event in the timeline."""
        if not self._notes_focused():
            self.action_delete_event()
            return
        note = self._selected_note()
        if note is not None:
            notes = self.query_one(NoteList)
            index = notes.highlighted or 0
            ids = [option.id for option in notes.options if option.id is not None]
            # The note below, else the one above: where the cursor goes once it is gone.
            after = ids[index + 1] if index + 1 < len(ids) else ids[index - 1] if index else ""
            self._confirm(
                f"Delete the note “{note.title[:60]}”?",
                self.app.writer.delete_note,
                note,
                ("note", after) if after else None,
            )

    def _confirm(
        self,
        question: str,
        delete: Callable[[Any], None],
        item: Event | Note,
        neighbour: tuple[str, str] | None,
    ) -> None:
        from .forms import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                delete(item)
                self.app.writer.landing = neighbour

        self.app.push_screen(ConfirmScreen(question), confirmed)

    # --- where the cursor goes after a change -----------------------------------------------

    def land(self) -> None:
        """Put the cursor on the writer's ``landing`` once the snapshot shows that item."""
        writer = self.app.writer
        landing = writer.landing
        if landing is None:
            return
        kind, ref = landing
        if kind == "note":
            found = self._land_on_note(ref)
        else:  # events are only in the timeline, and a deleted one's neighbour is there
            found = self.locate(kind, ref, in_timeline=True)
        self._landing_tries = 0 if found else self._landing_tries + 1
        if found or self._landing_tries >= LANDING_TRIES:
            if writer.landing == landing:
                writer.landing = None
            self._landing_tries = 0

    def _land_on_note(self, ref: str) -> bool:
        note = next((n for n in self.snapshot.notes if str(n.id) == ref), None)
        if note is None:
            return False
        notes = self.query_one(NoteList)
        if not any(option.id == ref for option in notes.options):
            # Shown with the item it is attached to: show that item's notes first (through
            # the timeline, which shows them at once; the feed would by a later message).
            self.locate(note.target_kind, note.target_id, in_timeline=True)
        if not any(option.id == ref for option in notes.options):
            return False
        notes.highlighted = notes.get_option_index(ref)
        notes.focus()
        return True
