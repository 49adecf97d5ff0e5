"""The main screen: the incident feed, the timeline and the notes, side by side or stacked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from ..chronicle import TimelineFilter, TimelineItem, build_items, parse_jump
from ..domain import Event, Note
from ..snapshot import StoreSnapshot
from ..widgets.first_run import FIRST_RUN
from ..widgets.incident_feed import IncidentFeed
from ..widgets.notes import SEARCH_PREFIX, NotesPane, notes_matching
from ..widgets.status_line import StatusLine
from ..widgets.text import clean_line
from ..widgets.timeline import TimelineView

if TYPE_CHECKING:
    from textual import getters

    from ..app import WhalewatchApp

FEED_RECENT = 100
"""Resolved incidents listed in the feed under the open ones (the timeline has them all)."""

WIDE = 110
"""From this width on, the three panes sit side by side; below it they stack."""


class MainScreen(Screen):
    """Three panes on one screen; every action has a key, shown in the footer or in help."""

    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Prev pane", show=False),
        Binding("slash", "search", "Search"),
        Binding("g", "jump", "Go to date", show=False),
        Binding("f", "filter", "Filter", show=False),
        Binding("ctrl+t", "today", "Go to today", show=False),
        Binding("n", "new_note", "Note"),
        Binding("a", "add_event", "Add event", show=False),
        Binding("e", "edit_event", "Edit event", show=False),
        Binding("d", "delete", "Delete", show=False),
        Binding("p", "toggle_pin", "Pin note", show=False),
        Binding("c", "copy_note", "Copy note", show=False),
        Binding("o", "toggle_order", "Order", show=False),
        Binding("i", "cycle_only", "Events/incidents", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    if TYPE_CHECKING:  # as Textual types MessagePump.app; at run time its own property
        app = getters.app(WhalewatchApp)

    def __init__(self) -> None:
        super().__init__()
        self.snapshot = StoreSnapshot()
        self._input_mode = ""
        self._subject: tuple[str, str] = ("", "")
        self.notes_query = ""

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status-line")
        with Container(id="panes"):
            with Vertical(id="incidents-pane", classes="pane"):
                yield IncidentFeed(id="incident-feed")
            with Vertical(id="timeline-pane", classes="pane"):
                yield Static(id="filter-line", markup=False)
                yield TimelineView(id="timeline")
                yield Input(id="timeline-input", classes="hidden")
            with Vertical(id="notes-pane", classes="pane"):
                yield NotesPane(id="notes")
                yield Input(
                    id="notes-input", classes="hidden", placeholder="Search notes: words and #tags"
                )
        yield Static(Content(FIRST_RUN), id="first-run", classes="hidden")
        yield Footer()

    def on_mount(self) -> None:
        # The layout from the terminal's size now, so the first frame is not laid out twice.
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self.query_one("#incidents-pane").border_title = "Incidents"
        self.query_one("#timeline-pane").border_title = "Timeline"
        self.query_one("#notes-pane").border_title = "Notes"
        self._timeline = self.query_one(TimelineView)
        self.watch(self._timeline, "highlighted", self._timeline_highlighted, init=False)
        self._update_filter_line()
        self.query_one(IncidentFeed).focus()
        # Shows what is known now (the store may have been read already), then every read.
        self.watch(self.app, "snapshot", self.show_snapshot)

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    # --- data in --------------------------------------------------------------------------

    def show_snapshot(self, snapshot: StoreSnapshot) -> None:
        """Show what the store holds now (the app's ``snapshot``, after each read)."""
        new_keys = self.app.new_keys
        previous = self.snapshot
        self.snapshot = snapshot
        first_run = snapshot.is_empty
        self.query_one("#first-run").set_class(not first_run, "hidden")
        self.query_one("#panes").set_class(first_run, "hidden")
        self.query_one(StatusLine).show(snapshot, demo=self.app.demo)
        feed = self.query_one(IncidentFeed)
        # The newest closed ones come first in snapshot.incidents: no pass over the history.
        recent = islice((i for i in snapshot.incidents if not i.is_open), FEED_RECENT)
        feed.show_incidents([*snapshot.open_incidents, *recent], mark_unread=new_keys)
        timeline = self.query_one(TimelineView)
        if (
            previous.events is not snapshot.events
            or previous.incidents is not snapshot.incidents
            or not timeline.items
        ):
            if snapshot.timeline:
                timeline.set_items(
                    list(snapshot.timeline), snapshot.timeline_rows, snapshot.timeline_columns
                )
            else:
                timeline.set_items(build_items(snapshot.events, snapshot.incidents))
        self._update_filter_line()
        self._follow_focus()
        self._show_notes()
        if first_run and self.focused is None:
            self.query_one(IncidentFeed).focus()

    # --- selection -> notes -----------------------------------------------------------------

    def _show_notes(self) -> None:
        pane = self.query_one(NotesPane)
        kind, ref = self._subject
        if self.notes_query:
            pane.subject = f'{SEARCH_PREFIX}"{self.notes_query}"'
            pane.notes = notes_matching(self.snapshot.notes, self.notes_query)
            return
        if not kind:
            pane.subject = "all notes"
            pane.notes = list(self.snapshot.notes)
            return
        pane.subject = self._subject_label()
        pane.notes = list(self.snapshot.notes_on(kind, ref))

    def _subject_label(self) -> str:
        kind, ref = self._subject
        if kind == "incident":
            incident = self.snapshot.incident(ref)
            label = f"incident: {incident.title}" if incident else f"incident {ref}"
        elif kind == "event":
            event = self.snapshot.event(ref)
            label = f"event: {event.title}" if event else f"event {ref}"
        else:
            label = f"{kind} {ref}"
        return clean_line(label, 70)

    @on(IncidentFeed.Highlighted)
    def _incident_highlighted(self, message: IncidentFeed.Highlighted) -> None:
        # Only the focused pane chooses whose notes are shown (a feed redraw must not).
        if message.incident is not None and self.query_one(IncidentFeed).has_focus:
            self._subject = ("incident", message.incident.id)
            self._show_notes()

    def _timeline_highlighted(self, item: TimelineItem | None) -> None:
        """The timeline's cursor moved: its item's notes, when the timeline has the focus."""
        if item is not None and self._timeline.has_focus:
            self._subject = (item.kind, item.ref)
            self._show_notes()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self._follow_focus(event.widget):
            self._show_notes()

    def _follow_focus(self, focused: Widget | None = None) -> bool:
        """Make the focused pane's selection the notes' subject; True if there is one.

        Called before the notes are shown after a read, too: the feed's own Highlighted
        message comes later, and showing every note in between costs a list of all of them.
        """
        focused = focused or self.focused
        if isinstance(focused, TimelineView) and focused.selected is not None:
            self._subject = (focused.selected.kind, focused.selected.ref)
            return True
        if isinstance(focused, IncidentFeed) and focused.selected is not None:
            self._subject = ("incident", focused.selected.id)
            return True
        return False

    # --- opening details --------------------------------------------------------------------

    @on(IncidentFeed.Opened)
    def _open_incident(self, message: IncidentFeed.Opened) -> None:
        self.open_incident(message.incident.id)

    @on(TimelineView.Opened)
    def _open_timeline_item(self, message: TimelineView.Opened) -> None:
        item: TimelineItem = message.item
        if item.kind == "incident":
            self.open_incident(item.ref)
        else:
            self.open_event(item.ref)

    @on(NotesPane.Opened)
    def _open_note(self, message: NotesPane.Opened) -> None:
        self.open_note(message.note)

    def open_incident(self, key: str) -> None:
        from .detail import incident_screen

        self._open_detail(incident_screen(self.snapshot, key), "That incident")

    def open_event(self, ref: str) -> None:
        from .detail import event_screen

        self._open_detail(event_screen(self.snapshot, ref), "That event")

    def _open_detail(self, screen: Screen | None, what: str) -> None:
        if screen is None:
            self.notify(f"{what} is no longer in the store.", severity="warning")
        else:
            self.app.push_screen(screen)

    def open_note(self, note: Note) -> None:
        from .note import NoteScreen

        self.app.push_screen(NoteScreen(note, (note.target_kind, note.target_id), note.target))

    # --- timeline filter, search and jump ---------------------------------------------------

    def _update_filter_line(self) -> None:
        timeline = self.query_one(TimelineView)
        order = "newest first" if timeline.newest_first else "oldest first"
        flt = timeline.filter
        count = timeline.visible_count
        total = len(timeline.items)
        shown = f"{count} of {total}" if flt.active else f"{total} items"
        text = f"Filter: {flt.describe()} · {shown} · {order}"
        if flt.active:
            text += " · Esc clears"
        self.query_one("#filter-line", Static).update(Content(text), layout=False)  # 1 line

    def _notes_focused(self) -> bool:
        return self.query_one("#notes-pane").has_focus_within

    def action_search(self) -> None:
        if self._notes_focused():
            field = self.query_one("#notes-input", Input)
            field.value = self.notes_query
            field.remove_class("hidden")
            field.focus()
            return
        self._open_input("search", "Search titles and descriptions…")

    @on(Input.Changed, "#notes-input")
    def _notes_query_changed(self, message: Input.Changed) -> None:
        self.notes_query = message.value.strip()
        self._show_notes()

    @on(Input.Submitted, "#notes-input")
    def _notes_query_submitted(self) -> None:
        self.query_one("#notes-input").add_class("hidden")
        self.query_one("#note-list").focus()

    def action_jump(self) -> None:
        self._open_input("jump", "Go to date: YYYY-MM-DD, YYYY-MM or today")

    def _open_input(self, mode: str, placeholder: str) -> None:
        self._input_mode = mode
        field = self.query_one("#timeline-input", Input)
        field.placeholder = placeholder
        field.value = self.query_one(TimelineView).filter.text if mode == "search" else ""
        field.remove_class("hidden")
        field.focus()

    def _close_input(self) -> None:
        field = self.query_one("#timeline-input", Input)
        field.add_class("hidden")
        self._input_mode = ""
        self.query_one(TimelineView).focus()

    @on(Input.Changed, "#timeline-input")
    def _input_changed(self, message: Input.Changed) -> None:
        if self._input_mode == "search":
            timeline = self.query_one(TimelineView)
            timeline.filter = replace(timeline.filter, text=message.value)
            self._update_filter_line()

    @on(Input.Submitted, "#timeline-input")
    def _input_submitted(self, message: Input.Submitted) -> None:
        if self._input_mode == "jump":
            try:
                target = parse_jump(message.value)
            except ValueError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.query_one(TimelineView).jump_to(target)
        self._close_input()

    def action_clear_filter(self) -> None:
        notes_field = self.query_one("#notes-input", Input)
        if self._notes_focused() and (self.notes_query or not notes_field.has_class("hidden")):
            notes_field.value = ""
            notes_field.add_class("hidden")
            self.notes_query = ""
            self._show_notes()
            self.query_one("#note-list").focus()
            return
        field = self.query_one("#timeline-input", Input)
        timeline = self.query_one(TimelineView)
        if not field.has_class("hidden"):
            if self._input_mode == "search":
                timeline.filter = replace(timeline.filter, text="")
            self._close_input()
        elif timeline.filter.active:
            timeline.filter = TimelineFilter()
        self._update_filter_line()

    def action_filter(self) -> None:
        from .filter_form import FilterForm

        def chosen(flt: TimelineFilter | None) -> None:
            if flt is not None:
                self.set_timeline_filter(flt)
                self.query_one(TimelineView).focus()

        current = self.query_one(TimelineView).filter
        self.app.push_screen(FilterForm(current, self.snapshot.platform_names), chosen)

    def action_today(self) -> None:
        timeline = self.query_one(TimelineView)
        timeline.jump_to(parse_jump("today"))
        timeline.focus()

    def action_toggle_order(self) -> None:
        timeline = self.query_one(TimelineView)
        timeline.newest_first = not timeline.newest_first
        self._update_filter_line()

    def action_cycle_only(self) -> None:
        timeline = self.query_one(TimelineView)
        following = {"": "event", "event": "incident", "incident": ""}
        timeline.filter = replace(timeline.filter, only=following[timeline.filter.only])
        self._update_filter_line()

    def set_timeline_filter(self, flt: TimelineFilter) -> None:
        self.query_one(TimelineView).filter = flt
        self._update_filter_line()

    # --- editing ----------------------------------------------------------------------------

    def action_new_note(self) -> None:
        from .note import NoteScreen

        kind, _ = self._subject
        self.app.push_screen(NoteScreen(None, self._subject, self._subject_label() if kind else ""))

    def _selected_event_id(self) -> int | None:
        timeline = self.query_one(TimelineView)
        item = timeline.selected
        if item is None or item.kind != "event" or not timeline.has_focus:
            self.notify("Select an event in the timeline first.", severity="warning")
            return None
        return int(item.ref)

    def action_add_event(self) -> None:
        self._edit_event(None)

    def action_edit_event(self) -> None:
        event_id = self._selected_event_id()
        if event_id is not None:
            self._edit_event(self.snapshot.event(event_id))

    def _edit_event(self, event: Event | None) -> None:
        from .forms import EventForm

        def saved(result: Event | None) -> None:
            if result is not None:
                self.app.writer.save_event(result)

        self.app.push_screen(EventForm(event, self.snapshot.platform_names), saved)

    def action_delete_event(self) -> None:
        event_id = self._selected_event_id()
        event = None if event_id is None else self.snapshot.event(event_id)
        if event is not None:
            self._confirm(
                f"Delete the event “{event.title[:60]}”?", self.app.writer.delete_event, event
            )

    def _confirm(self, question: str, delete: Callable[[Any], None], item: Event | Note) -> None:
        from .forms import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                delete(item)

        self.app.push_screen(ConfirmScreen(question), confirmed)

    def _selected_note(self) -> Note | None:
        """The note selected in the Notes pane, when it has the focus; else say so."""
        note = self.query_one(NotesPane).selected if self._notes_focused() else None
        if note is None:
            self.notify("Select a note in the Notes pane first.", severity="warning")
        return note

    def action_delete(self) -> None:
        """Delete what is selected: a note in the Notes pane, else an event in the timeline."""
        if self._notes_focused():
            note = self._selected_note()
            if note is not None:
                self._confirm(
                    f"Delete the note “{note.title[:60]}”?", self.app.writer.delete_note, note
                )
        else:
            self.action_delete_event()

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

    def locate(self, kind: str, ref: str) -> bool:
        """Select an item in its pane (the feed for incidents, the timeline otherwise)."""
        if kind == "incident" and self.query_one(IncidentFeed).select_key(ref):
            self.query_one(IncidentFeed).focus()
            return True
        timeline = self.query_one(TimelineView)
        if kind in ("incident", "event"):
            if not timeline.select_ref(kind, ref):
                self.set_timeline_filter(TimelineFilter())
                if not timeline.select_ref(kind, ref):
                    return False
            timeline.focus()
            self._subject = (kind, ref)
            self._show_notes()
            return True
        return False
